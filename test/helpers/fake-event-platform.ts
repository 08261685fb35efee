/**
 * A small fake of Akeneo's Event Platform management API (the contract the CLI codes against) on 127.0.0.1:0,
 * plus the PIM token endpoint whose access token it expects as `X-PIM-TOKEN`. Stores secrets, never returns them.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { type SeenRequest, sendJson, startTinyServer } from './tiny-server';

/** The access token the fake PIM issues and the fake platform expects. */
export const FAKE_PIM_TOKEN = 'pim-access-token-for-tests';
/** The client id the fake platform expects. */
export const FAKE_CLIENT_ID = 'connection-client-id';
const TOKEN_PATH = '/api/oauth/v1/token';
const BASE = '/api/v1';

type Json = Record<string, unknown>;

/** Options of {@link startFakeEventPlatform}. */
export interface FakePlatformOptions {
  /** How lists are answered: a bare array (the contract) or wrapped. */
  listShape?: 'array' | 'items' | 'data';
  /** Subscribers answered with contact fields at the top level (the contract) or under `contact` (Akeneo's docs). */
  subscriberShape?: 'flat' | 'contact';
  /** Answers a request before the fake does, e.g. with an error; `undefined` lets it through. */
  intercept?: (req: SeenRequest) => { status: number; body: unknown } | undefined;
}

/** A running fake: PIM at `url`, management API at `apiUrl`. */
export interface FakePlatform {
  url: string;
  apiUrl: string;
  requests: SeenRequest[];
  /** Subscribers as stored, secrets included. */
  subscribers: Map<string, Json>;
  /** Subscriptions as stored, secrets included. */
  subscriptions: Map<string, Json>;
  /** Requests to the management API that change something (not GET), in order. */
  mutations(): SeenRequest[];
  close(): Promise<void>;
}

function contactOf(body: Json): Json {
  const merged = { ...body, ...((body.contact as Json | undefined) ?? {}) };
  const keys = ['technical_email', 'notification_channels', 'notification_webhook_url', 'notification_webhook_secret'];
  return Object.fromEntries(keys.filter((k) => merged[k] !== undefined).map((k) => [k, merged[k]]));
}

function publicSubscriber(s: Json, shape: FakePlatformOptions['subscriberShape']): Json {
  const { notification_webhook_secret: _secret, ...visible } = s;
  if (shape !== 'contact') return visible;
  const { id, name, subject, status, ...contact } = visible;
  return { id, name, subject, status, contact };
}

function publicSubscription(s: Json): Json {
  const config = s.config as Json;
  return { ...s, config: { url: config.url } };
}

/** Starts the fake. */
export async function startFakeEventPlatform(options: FakePlatformOptions = {}): Promise<FakePlatform> {
  const subscribers = new Map<string, Json>();
  const subscriptions = new Map<string, Json>();
  let pimUrl = '';
  const list = (items: Json[]): unknown => (options.listShape && options.listShape !== 'array' ? { [options.listShape]: items } : items);

  const route = (req: SeenRequest, res: http.ServerResponse): void => {
    const answer = (status: number, body?: unknown): void => (body === undefined ? void res.writeHead(status).end() : sendJson(res, status, body));
    const fail = (status: number, message: string): void => answer(status, { errors: [{ message }] });
    if (req.path === TOKEN_PATH) return answer(200, { access_token: FAKE_PIM_TOKEN, expires_in: 3600, refresh_token: 'r1' });
    const h = req.headers;
    if (h['x-pim-token'] !== FAKE_PIM_TOKEN || h['x-pim-client-id'] !== FAKE_CLIENT_ID || h['x-pim-url'] !== pimUrl) {
      return fail(401, 'Tenant context not found or invalid credentials');
    }
    const intercepted = options.intercept?.(req);
    if (intercepted) return answer(intercepted.status, intercepted.body);
    const body = (req.body ? JSON.parse(req.body) : {}) as Json;
    const path = req.path.slice(BASE.length);
    const m = /^\/subscribers(?:\/([^/]+)(?:\/subscriptions(?:\/([^/]+)(?:\/(suspend|resume))?)?)?)?$/.exec(path);
    if (!req.path.startsWith(BASE) || !m) return fail(404, 'not found');
    const [, subscriberId, subscriptionId, action] = m;
    const isSubscriptions = path.includes('/subscriptions');
    if (!subscriberId) {
      if (req.method === 'GET') return answer(200, list([...subscribers.values()].map((s) => publicSubscriber(s, options.subscriberShape))));
      const contact = contactOf(body);
      if (typeof body.name !== 'string' || typeof contact.technical_email !== 'string') return fail(400, 'name and technical_email are required');
      const created = { id: randomUUID(), name: body.name, subject: pimUrl, status: 'active', notification_channels: ['email'], ...contact };
      subscribers.set(created.id, created);
      return answer(201, publicSubscriber(created, options.subscriberShape));
    }
    const subscriber = subscribers.get(subscriberId);
    if (!subscriber) return fail(404, 'subscriber not found');
    if (!isSubscriptions) {
      if (req.method === 'PATCH') Object.assign(subscriber, { ...(typeof body.name === 'string' && { name: body.name }), ...contactOf(body) });
      if (req.method === 'DELETE') subscriber.status = 'deleted';
      return answer(200, publicSubscriber(subscriber, options.subscriberShape));
    }
    if (!subscriptionId) {
      const mine = [...subscriptions.values()].filter((s) => s.subscriber_id === subscriberId);
      if (req.method === 'GET') return answer(200, list(mine.map(publicSubscription)));
      const secret = (body.config as Json | undefined)?.secret as Json | undefined;
      if (body.type !== 'https' || typeof secret?.primary !== 'string') return fail(400, 'type https and config.secret.primary are required');
      const created = { id: randomUUID(), subscriber_id: subscriberId, send_product_identifier: false, status: 'active', ...body };
      subscriptions.set(created.id, created);
      return answer(201, publicSubscription(created));
    }
    const subscription = subscriptions.get(subscriptionId);
    if (!subscription || subscription.subscriber_id !== subscriberId) return fail(404, 'subscription not found');
    if (action) {
      subscription.status = action === 'suspend' ? 'suspended' : 'active';
      return answer(202, publicSubscription(subscription));
    }
    if (req.method === 'PATCH') {
      for (const key of ['events', 'send_product_identifier', 'config', 'filter'] as const) if (body[key] !== undefined) subscription[key] = body[key];
    }
    if (req.method === 'DELETE') subscription.status = 'deleted';
    return answer(200, publicSubscription(subscription));
  };

  const server = await startTinyServer(route);
  pimUrl = server.url;
  return {
    url: server.url,
    apiUrl: `${server.url}${BASE}`,
    requests: server.requests,
    subscribers,
    subscriptions,
    mutations: () => server.requests.filter((r) => r.path.startsWith(BASE) && r.method !== 'GET'),
    close: () => server.close(),
  };
}
