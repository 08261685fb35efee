/**
 * A simulated Akeneo PIM over real HTTP: OAuth token endpoint, `products-uuid`, `products/{identifier}` and
 * `product-models` (one and list), the catalogue structure and the media files (see `structure/routes.ts`,
 * `media/media-routes.ts`), ~100 ms per REST call, Akeneo's concurrency limits, a requests-per-second cap,
 * a search index that can lag, 429/5xx fault injection, and counters for tests.
 */
import { STATUS_CODES } from 'node:http';
import { finished } from 'node:stream';
import type { Catalog } from './catalog';
import { ConcurrencyGate } from './concurrency-gate';
import { FaultPlan, retryAfterHeader, type Fault } from './faults';
import { akeneoError, SimHttpServer, type SimListenOptions, type SimRequest, type SimResponse } from './http-server';
import { CursorCodec } from './pim-cursor';
import { InvalidCursor } from './pim-list';
import { MediaStore } from './media/media-store';
import { routeMedia } from './media/media-routes';
import { TokenStore, type OAuthCredentials } from './pim-oauth';
import { noRoute, routeRest } from './pim-routes';
import { SlidingWindowLimiter } from './rate-window';
import { SearchIndex } from './search-index';
import { StructureCatalog } from './structure/catalogue';
import { routeStructure } from './structure/routes';

/** Path of the token endpoint. */
export const PIM_TOKEN_PATH = '/api/oauth/v1/token';
/** Prefix of the bearer-protected REST API. */
export const PIM_REST_PREFIX = '/api/rest/v1';
/** Body of Akeneo's 429. */
export const RATE_LIMIT_MESSAGE = 'You have exceeded the limit of API requests per second.';
/**
 * Default hold of every REST answer: a realistic round trip to a SaaS PIM. Akeneo publishes no response time; the
 * figure is the one issue 10 sets ("realistic latency per call (about 100 ms)"), and it matters with Akeneo's 4
 * concurrent calls per connection (https://api.akeneo.com/documentation/good-practices.html): at 100 ms a
 * connection makes at most about 40 calls a second, so a connector that reads one product per call cannot keep up.
 */
export const DEFAULT_PIM_LATENCY_MS = 100;

/** Options of {@link PimSimulator}. */
export interface PimSimulatorOptions extends SimListenOptions, OAuthCredentials {
  catalog: Catalog;
  /** The catalogue structure it serves (default: an empty one on the simulator's clock; fill it with `seed()`). */
  structure?: StructureCatalog;
  /** The product media files it serves (default: none). */
  media?: MediaStore;
  /** More connections (OAuth clients with their users) besides the main one, e.g. to test the per-PIM limit. */
  connections?: readonly OAuthCredentials[];
  /** `expires_in` of access tokens (default 3600). */
  tokenTtlSeconds?: number;
  /** Clock in epoch milliseconds, for token expiry, `SINCE LAST N DAYS` and the request cap (default `Date.now`). */
  now?: () => number;
  /** Most REST calls admitted within any sliding second; the rest get 429 (default: no cap). */
  maxRequestsPerSecond?: number;
  /** Most REST calls in flight per connection (default 4, Akeneo's). */
  maxConcurrentPerConnection?: number;
  /** Most REST calls in flight on the PIM (default 10, Akeneo's). */
  maxConcurrentPerPim?: number;
  /** Answer calls beyond the concurrency limits with 429, as Akeneo (default true; false: only count them). */
  refuseExcessConcurrency?: boolean;
  /** Answer to a `search_after` cursor the PIM did not make (default `error`: 422; see `InvalidCursor`). */
  invalidCursor?: InvalidCursor;
  /** Random source of `index.missRate` (default: seeded). */
  indexRandom?: () => number;
}

/** Options of {@link PimSimulator.rateLimit}. */
export interface RateLimitOptions {
  /** How many calls get a 429. */
  requests: number;
  /** `Retry-After` in seconds (default 1). */
  retryAfterSeconds?: number;
  /** Also answer 429 to token calls (default false: REST calls only). */
  includeToken?: boolean;
}

/** Akeneo's REST API and OAuth, served from a {@link Catalog}. Holds each REST answer {@link DEFAULT_PIM_LATENCY_MS} by default. */
export class PimSimulator extends SimHttpServer {
  /** REST calls received (token calls excluded), whatever their answer. */
  requestCount = 0;
  /** Calls to the token endpoint received, whatever their answer. */
  tokenRequests = 0;
  /** REST calls answered 429 by the {@link PimSimulator.maxRequestsPerSecond} cap. */
  rateLimitedCount = 0;
  /** REST calls answered with anything but 429. */
  restRequestsServed = 0;
  /** The search index behind listings and searches: `index.hide(kind, ids)`, `index.missRate = 0.3`. */
  readonly index: SearchIndex;
  /** Concurrent calls per connection and per PIM: limits (settable), peaks and refusals. */
  readonly concurrency: ConcurrencyGate;
  /** Answer to a `search_after` cursor the PIM did not make; settable. */
  invalidCursor: InvalidCursor;
  /** The catalogue structure served under `/api/rest/v1/{channels,locales,...}`: `structure.put(...)`, `structure.seed(...)`. */
  readonly structure: StructureCatalog;
  /** The media files served under `/api/rest/v1/media-files`: `media.add(...)`, `media.downloadCount(code)`. */
  readonly media: MediaStore;
  private readonly catalog: Catalog;
  private readonly now: () => number;
  private readonly tokens: TokenStore;
  private readonly cursor = new CursorCodec();
  private readonly restFaults = new FaultPlan();
  private readonly anyFaults = new FaultPlan();
  private readonly fetches = new Map<string, number>();
  private readonly perSecond: SlidingWindowLimiter;

  constructor(options: PimSimulatorOptions) {
    super({ ...options, latencyMs: options.latencyMs ?? DEFAULT_PIM_LATENCY_MS });
    this.catalog = options.catalog;
    this.now = options.now ?? Date.now;
    this.structure = options.structure ?? new StructureCatalog({ now: this.now });
    this.media = options.media ?? new MediaStore();
    this.tokens = new TokenStore(options, options.tokenTtlSeconds ?? 3600, this.now, options.connections);
    this.perSecond = new SlidingWindowLimiter(options.maxRequestsPerSecond);
    this.index = new SearchIndex(options.indexRandom);
    this.concurrency = new ConcurrencyGate(options.maxConcurrentPerConnection, options.maxConcurrentPerPim, options.refuseExcessConcurrency ?? true);
    this.invalidCursor = options.invalidCursor ?? InvalidCursor.ERROR;
  }

  /**
   * Most REST calls admitted within any sliding second of the simulator's clock (token calls exempt); the others
   * get Akeneo's 429 with `Retry-After: 1`. `undefined` lifts the cap; settable while running. Akeneo allows "up to
   * 100 API requests per second per PIM instance" and answers over-usage with 429, with a `Retry-After` to honour
   * when present (https://api.akeneo.com/documentation/limitations.html, "Rate Limits Within a Specific Amount of
   * Time" and "Handling Over-Usage").
   */
  get maxRequestsPerSecond(): number | undefined {
    return this.perSecond.max;
  }

  set maxRequestsPerSecond(value: number | undefined) {
    this.perSecond.max = value;
  }

  /** Most REST calls ever in flight at once from one connection, counted as they arrived (before any refusal). */
  get peakConnectionConcurrency(): number {
    return this.concurrency.peakOf();
  }

  /** Like {@link PimSimulator.peakConnectionConcurrency}, for the connection with OAuth client id `clientId`. */
  peakConcurrencyOf(clientId: string): number {
    return this.concurrency.peakOf(clientId);
  }

  /** REST calls answered 429 for exceeding the concurrency limits. */
  get concurrencyRefusedCount(): number {
    return this.concurrency.refused;
  }

  /** Successful token answers (password and refresh grants). */
  get tokensIssued(): number {
    return this.tokens.issued;
  }

  /** GETs of one product (by uuid or identifier) or product model (by code) that reached the data, 200 or 404. */
  fetchCount(uuidOrCode: string): number {
    return this.fetches.get(uuidOrCode) ?? this.fetches.get(uuidOrCode.toLowerCase()) ?? 0;
  }

  /** The connection (OAuth client id) whose valid access token `token` is, or `undefined`: for the Event Platform simulator. */
  connectionOfToken(token: string): string | undefined {
    return this.tokens.connectionOf(`Bearer ${token}`);
  }

  /** Makes every access token issued so far expired, to force the 401 → refresh path. */
  expireAllTokens(): void {
    this.tokens.expireAll();
  }

  /** Answers the next `requests` calls with 429 and `Retry-After`. */
  rateLimit({ requests, retryAfterSeconds = 1, includeToken = false }: RateLimitOptions): void {
    (includeToken ? this.anyFaults : this.restFaults).add(requests, { status: 429, retryAfterSeconds });
  }

  /** Answers the next `n` REST calls (and token calls, with `includeToken`) with `status`. */
  failNext(n: number, status = 500, options: { includeToken?: boolean } = {}): void {
    (options.includeToken ? this.anyFaults : this.restFaults).add(n, { status });
  }

  /** Forgets every scripted failure. */
  clearFaults(): void {
    this.restFaults.clear();
    this.anyFaults.clear();
  }

  protected override handle(req: SimRequest): Promise<SimResponse> {
    const path = req.url.pathname.replace(/\/+$/, '');
    if (path === PIM_TOKEN_PATH) {
      this.tokenRequests++;
      const fault = this.anyFaults.take();
      return Promise.resolve(fault ? faultAnswer(fault) : this.tokens.handleTokenRequest(req));
    }
    if (path === PIM_REST_PREFIX || path.startsWith(`${PIM_REST_PREFIX}/`)) {
      this.requestCount++;
      if (!this.perSecond.admit(this.now())) {
        this.rateLimitedCount++;
        return Promise.resolve(faultAnswer({ status: 429, retryAfterSeconds: 1 }));
      }
      return this.track(() => this.serveRest(req, path));
    }
    return Promise.resolve(noRoute(req));
  }

  private async serveRest(req: SimRequest, path: string): Promise<SimResponse> {
    const pass = this.concurrency.enter(this.tokens.connectionOf(req.headers.authorization));
    let streaming = false;
    try {
      // Beyond the concurrency limits: Akeneo's documented 429 body; whether it sends Retry-After is not documented.
      if (!pass.admitted) return faultAnswer({ status: 429, retryAfterSeconds: 1 });
      await this.hold(this.latencyMs);
      const fault = this.anyFaults.take() ?? this.restFaults.take();
      const answer = fault ? faultAnswer(fault) : (this.tokens.checkBearer(req.headers.authorization) ?? this.route(req, path));
      if (answer.status !== 429) this.restRequestsServed++;
      if (answer.stream) {
        // A download holds its connection's slot until its last byte is sent, as a real one does.
        streaming = true;
        finished(answer.stream, () => pass.release());
      }
      return answer;
    } finally {
      if (!streaming) pass.release();
    }
  }

  private route(req: SimRequest, path: string): SimResponse {
    if (req.method === 'GET') {
      const answer = routeMedia(req.url, path, this.media) ?? routeStructure(req.url, path, this.structure);
      if (answer) return answer;
    }
    const ctx = {
      catalog: this.catalog,
      index: this.index,
      cursor: this.cursor,
      invalidCursor: this.invalidCursor,
      nowMs: this.now(),
      fetches: this.fetches,
      mediaAttributes: this.structure.mediaAttributeCodes(),
    };
    return routeRest(req, path, ctx);
  }
}

function faultAnswer(fault: Fault): SimResponse {
  const message = fault.status === 429 ? RATE_LIMIT_MESSAGE : (STATUS_CODES[fault.status] ?? 'Error');
  return akeneoError(fault.status, message, retryAfterHeader(fault));
}
