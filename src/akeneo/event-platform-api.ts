/**
 * Client of Akeneo's Event Platform management API: subscribers and their subscriptions. Every call is
 * authenticated by the PIM connection (https://api.akeneo.com/event-platform/getting-started.html, "Using Curl";
 * https://api.akeneo.com/events-documentation/migrate-to-event-platform.html, "Create a subscriber"):
 * `X-PIM-URL` (the PIM), `X-PIM-TOKEN` (the connection's access token), `X-PIM-CLIENT-ID`.
 * Paths are the plural ones the docs show (`/subscribers`, `/subscribers/{id}/subscriptions`); PATCH and the
 * list calls come from Akeneo's 2024 OpenAPI file, since renamed, so their exact form is inferred.
 * Errors carry the platform's message (`{"errors":[{"message"}]}`), never a secret or the token.
 */
import type { Logger } from 'pino';
import {
  listItems,
  readSubscriber,
  readSubscription,
  secretsIn,
  type Subscriber,
  subscriberBody,
  type SubscriberInput,
  type Subscription,
  subscriptionBody,
  type SubscriptionInput,
} from './event-platform-wire';

/** The platform answered a non-2xx status; the message includes its own explanation when it gave one. */
export class EventPlatformHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'EventPlatformHttpError';
  }
}

/** The platform could not be reached, timed out, or answered something unreadable. */
export class EventPlatformNetworkError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EventPlatformNetworkError';
  }
}

/** Options of {@link EventPlatformApi}. */
export interface EventPlatformApiOptions {
  /** Base URL of the management API, e.g. `https://event.prd.sdk.akeneo.cloud/api/v1`. */
  baseUrl: string;
  /** The PIM's URL, sent as `X-PIM-URL`; subscribers and subscriptions carry it as `subject`. */
  pimUrl: string;
  /** The connection's client id, sent as `X-PIM-CLIENT-ID`. */
  clientId: string;
  /** The connection's current access token, sent as `X-PIM-TOKEN`. */
  accessToken: () => Promise<string>;
  fetch?: typeof fetch;
  /** Per-request timeout in milliseconds (default {@link EVENT_PLATFORM_TIMEOUT_MS}). */
  requestTimeoutMs?: number;
  logger?: Pick<Logger, 'debug'>;
}

/** Default per-request timeout of management calls. */
export const EVENT_PLATFORM_TIMEOUT_MS = 15_000;

/** What the platform says about a status, when its own message is not enough. */
const HINTS: Record<number, string> = {
  401: 'the platform refused the PIM credentials (X-PIM-URL, X-PIM-TOKEN, X-PIM-CLIENT-ID): check AKENEO_BASE_URL and AKENEO_CLIENT_ID',
  403: "the connection lacks the Event Platform permission (PIM: Connect > Connection settings > the connection's Event Platform checkbox)",
};

/** Manages the subscribers and subscriptions of one PIM connection. */
export class EventPlatformApi {
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: EventPlatformApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? fetch;
  }

  /** The subscribers the platform lists for this PIM and connection. */
  async listSubscribers(): Promise<Subscriber[]> {
    return this.list('/subscribers', readSubscriber);
  }

  /** Creates a subscriber (`POST /subscribers`, 201). */
  async createSubscriber(input: SubscriberInput): Promise<Subscriber> {
    return this.created('/subscribers', subscriberBody(input), secretsIn(input), readSubscriber);
  }

  /** Changes the given fields of a subscriber (`PATCH /subscribers/{id}`). */
  async updateSubscriber(id: string, input: SubscriberInput): Promise<void> {
    await this.call('PATCH', `/subscribers/${encodeURIComponent(id)}`, subscriberBody(input), secretsIn(input));
  }

  /** The subscriptions of a subscriber. */
  async listSubscriptions(subscriberId: string): Promise<Subscription[]> {
    return this.list(subscriptionsPath(subscriberId), readSubscription);
  }

  /** Creates a subscription (`POST /subscribers/{id}/subscriptions`, 201). */
  async createSubscription(subscriberId: string, input: SubscriptionInput): Promise<Subscription> {
    return this.created(subscriptionsPath(subscriberId), subscriptionBody(input), secretsIn(input), readSubscription);
  }

  /** Changes the given fields of a subscription (`PATCH /subscribers/{id}/subscriptions/{sid}`). */
  async updateSubscription(subscriberId: string, id: string, input: SubscriptionInput): Promise<void> {
    await this.call('PATCH', `${subscriptionsPath(subscriberId)}/${encodeURIComponent(id)}`, subscriptionBody(input), secretsIn(input));
  }

  /**
   * Resumes a suspended subscription (`POST /subscribers/{id}/subscriptions/{sid}/resume`, 202; the reference's
   * `resume_a_subscription`). The platform then sends `subscription.resumed` to the notification webhook.
   */
  async resumeSubscription(subscriberId: string, id: string): Promise<void> {
    await this.call('POST', `${subscriptionsPath(subscriberId)}/${encodeURIComponent(id)}/resume`);
  }

  private async list<T>(path: string, read: (json: unknown) => T | undefined): Promise<T[]> {
    const items = listItems(await this.call('GET', path));
    if (!items) throw new EventPlatformNetworkError(`Event Platform answered GET ${path} with something other than a list`);
    return items.map(read).filter((item): item is T => item !== undefined);
  }

  private async created<T>(path: string, body: unknown, secrets: string[], read: (json: unknown) => T | undefined): Promise<T> {
    const item = read(await this.call('POST', path, body, secrets));
    if (!item) throw new EventPlatformNetworkError(`Event Platform answered POST ${path} without an id`);
    return item;
  }

  /** One call; `secrets` (and the token) are removed from any message built from the answer. */
  private async call(method: string, path: string, body?: unknown, secrets: string[] = []): Promise<unknown> {
    const token = await this.options.accessToken();
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'X-PIM-URL': this.options.pimUrl,
      'X-PIM-TOKEN': token,
      'X-PIM-CLIENT-ID': this.options.clientId,
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
    };
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? EVENT_PLATFORM_TIMEOUT_MS);
    let status: number;
    let text: string;
    try {
      // Never follow a redirect: the PIM token would go wherever it points.
      const init: RequestInit = { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual', signal: timeout };
      const res = await this.fetchFn(`${this.baseUrl}${path}`, init);
      status = res.status;
      text = await res.text();
    } catch (err) {
      // The cause is left out: a fetch error may quote the request.
      throw new EventPlatformNetworkError(`Event Platform ${method} ${path} ${timeout.aborted ? 'timed out' : `failed (${errorCode(err)})`}`);
    }
    this.options.logger?.debug({ method, path, status }, 'Event Platform call');
    const hide = (s: string): string => redact(s, [...secrets, token]);
    if (status >= 300 && status <= 399) {
      throw new EventPlatformHttpError(status, `Event Platform answered ${status} to ${method} ${path}: a redirect, not followed (the call carries the PIM token); check EVENT_PLATFORM_API_URL`);
    }
    if (status < 200 || status > 299) {
      const detail = [platformMessage(text), HINTS[status]].filter(Boolean).map((s) => hide(String(s)));
      throw new EventPlatformHttpError(status, `Event Platform answered ${status} to ${method} ${path}${detail.length ? `: ${detail.join('; ')}` : ''}`);
    }
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new EventPlatformNetworkError(`Event Platform answered ${method} ${path} with a body that is not JSON`);
    }
  }
}

function subscriptionsPath(subscriberId: string): string {
  return `/subscribers/${encodeURIComponent(subscriberId)}/subscriptions`;
}

/** The platform's `errors[].message` (or a top-level `message`), joined; `undefined` when there is none. */
export function platformMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { errors?: unknown; message?: unknown };
    const messages = Array.isArray(body.errors) ? body.errors.map((e) => (e as { message?: unknown } | null)?.message) : [body.message];
    const found = messages.filter((m): m is string => typeof m === 'string' && m !== '');
    return found.length ? found.join('; ').slice(0, 500) : undefined;
  } catch {
    return undefined;
  }
}

/** `text` with every occurrence of each secret replaced by `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length > 0).reduce((t, s) => t.split(s).join('[redacted]'), text);
}

function errorCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
}
