/** Shared set-up of the Event Platform simulator tests: a PIM, the platform, local receivers, API calls. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Catalog, EventPlatformSimulator, eventPlatformPimOf, PimSimulator, type EventPlatformSimulatorOptions } from '../../src/sim';

/** The PIM URL the tests send as `X-PIM-URL`. */
export const PIM_URL = 'https://my-pim.cloud.akeneo.com';
export const CREDS = { clientId: 'connector-client', clientSecret: 'connector-secret', username: 'connector', password: 'pw' };
export const OTHER = { clientId: 'other-client', clientSecret: 'other-secret', username: 'other', password: 'pw2' };
export const PRIMARY = 'primary-secret-0123456789';
export const SECONDARY = 'secondary-secret-0123456789';
export const NOTIFY_SECRET = 'notify-secret-0123456789';

/** What a receiver got. */
export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Real time of arrival (`performance.now()`). */
  at: number;
}

/** How a receiver answers its `n`-th request (from 0): a status, or `hang` (never answers). */
export type Script = (n: number, body: string) => number | 'hang';

/** A local HTTP server on 127.0.0.1, port 0. */
export interface Receiver {
  url: string;
  got: Received[];
  close: () => Promise<void>;
}

/** Starts a receiver answering as `script` says (default 200), with `Location: location` and `Retry-After: 3600`. */
export async function receiver(script: Script = () => 200, location = 'http://127.0.0.1:9/elsewhere'): Promise<Receiver> {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = script(got.length, body);
      got.push({ headers: req.headers, body, at: performance.now() });
      if (answer !== 'hang') res.writeHead(answer, { Location: location, 'Retry-After': '3600' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${port}/hook`, got, close };
}

/** Polls `check` until true, failing after `ms` real milliseconds. */
export async function until(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A subscriber, subscription or error answer of the management API, loosely typed. */
export interface ApiObject {
  id: string;
  status: string;
  subscriber_id?: string;
  events?: string[];
  config?: { url?: string; secret?: Record<string, string>; headers?: Record<string, string> };
  contact?: Record<string, unknown>;
  errors?: Array<{ message: string }>;
  [key: string]: unknown;
}

/** A running PIM simulator and Event Platform simulator, with helpers. */
export interface Platform {
  catalog: Catalog;
  pim: PimSimulator;
  ep: EventPlatformSimulator;
  token: string;
  /** Calls the management API as the main connection (or with `headers` overriding the auth headers). */
  call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: ApiObject }>;
  /** GETs a list. */
  list: (path: string) => Promise<{ status: number; body: ApiObject[] }>;
  /** Creates a subscriber, then an HTTPS subscription to `url`; returns both ids. */
  subscribe: (url: string, subscription?: Record<string, unknown>, subscriber?: Record<string, unknown>) => Promise<{ subscriberId: string; subscriptionId: string }>;
  close: () => Promise<void>;
}

/** Gets a token of the PIM simulator for `creds`. */
export async function tokenOf(pim: PimSimulator, creds: { clientId: string; clientSecret: string; username: string; password: string }): Promise<string> {
  const res = await fetch(`${pim.url}/api/oauth/v1/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from(`${creds.clientId}:${creds.clientSecret}`).toString('base64')}` },
    body: JSON.stringify({ grant_type: 'password', username: creds.username, password: creds.password }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Starts a PIM and the platform (`timeScale` 1e-4 unless told: an hour takes 360 ms). */
export async function platform(options: Partial<EventPlatformSimulatorOptions> = {}): Promise<Platform> {
  const catalog = new Catalog();
  const pim = new PimSimulator({ ...CREDS, catalog, connections: [OTHER], latencyMs: 0 });
  await pim.start();
  const ep = new EventPlatformSimulator({ pims: [eventPlatformPimOf(pim, { url: PIM_URL, catalog })], timeScale: 1e-4, ...options });
  await ep.start();
  const token = await tokenOf(pim, CREDS);
  const call: Platform['call'] = async (method, path, body, headers = {}) => {
    const res = await fetch(`${ep.url}/api/v1${path}`, {
      method,
      headers: { 'X-PIM-URL': PIM_URL, 'X-PIM-TOKEN': token, 'X-PIM-CLIENT-ID': CREDS.clientId, 'Content-Type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as ApiObject };
  };
  const list: Platform['list'] = async (path) => {
    const res = await call('GET', path);
    return { status: res.status, body: res.body as unknown as ApiObject[] };
  };
  const subscribe: Platform['subscribe'] = async (url, subscription = {}, subscriber = {}) => {
    const s = await call('POST', '/subscribers', { name: 'sync', contact: { technical_email: 'ops@example.com' }, ...subscriber });
    if (s.status !== 201) throw new Error(`subscriber: ${s.status} ${JSON.stringify(s.body)}`);
    const body = { source: 'pim', subject: PIM_URL, events: ALL_PRODUCT_EVENTS, type: 'https', config: { url, secret: { primary: PRIMARY } }, ...subscription };
    const sub = await call('POST', `/subscribers/${s.body.id}/subscriptions`, body);
    if (sub.status !== 201) throw new Error(`subscription: ${sub.status} ${JSON.stringify(sub.body)}`);
    return { subscriberId: s.body.id, subscriptionId: sub.body.id };
  };
  const close = async (): Promise<void> => {
    await ep.close();
    await pim.close();
  };
  return { catalog, pim, ep, token, call, list, subscribe, close };
}

/** The product and product-model event types the simulator emits. */
export const ALL_PRODUCT_EVENTS = ['created', 'updated', 'updated.delta', 'deleted'].flatMap((a) => [
  `com.akeneo.pim.v1.product.${a}`,
  `com.akeneo.pim.v1.product-model.${a}`,
]);
