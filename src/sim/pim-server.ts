/**
 * A simulated Akeneo PIM over real HTTP: OAuth token endpoint, `products-uuid` and `product-models`
 * (one and list), a requests-per-second cap, 429/5xx fault injection, and counters for tests.
 */
import { STATUS_CODES } from 'node:http';
import type { Catalog } from './catalog';
import { FaultPlan, retryAfterHeader, type Fault } from './faults';
import { akeneoError, SimHttpServer, type SimListenOptions, type SimRequest, type SimResponse } from './http-server';
import { TokenStore, type OAuthCredentials } from './pim-oauth';
import { listResponse } from './pim-list';
import { SlidingWindowLimiter } from './rate-window';

/** Path of the token endpoint. */
export const PIM_TOKEN_PATH = '/api/oauth/v1/token';
/** Prefix of the bearer-protected REST API. */
export const PIM_REST_PREFIX = '/api/rest/v1';
/** Body of Akeneo's 429. */
export const RATE_LIMIT_MESSAGE = 'You have exceeded the limit of API requests per second.';

/** Options of {@link PimSimulator}. */
export interface PimSimulatorOptions extends SimListenOptions, OAuthCredentials {
  catalog: Catalog;
  /** `expires_in` of access tokens (default 3600). */
  tokenTtlSeconds?: number;
  /** Clock in epoch milliseconds, for token expiry, `SINCE LAST N DAYS` and the request cap (default `Date.now`). */
  now?: () => number;
  /** Most REST calls admitted within any sliding second; the rest get 429 (default: no cap). */
  maxRequestsPerSecond?: number;
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

/** Akeneo's REST API and OAuth, served from a {@link Catalog}. */
export class PimSimulator extends SimHttpServer {
  /** REST calls received (token calls excluded), whatever their answer. */
  requestCount = 0;
  /** Calls to the token endpoint received, whatever their answer. */
  tokenRequests = 0;
  /** REST calls answered 429 by the {@link PimSimulator.maxRequestsPerSecond} cap. */
  rateLimitedCount = 0;
  /** REST calls answered with anything but 429. */
  restRequestsServed = 0;
  private readonly catalog: Catalog;
  private readonly now: () => number;
  private readonly tokens: TokenStore;
  private readonly restFaults = new FaultPlan();
  private readonly anyFaults = new FaultPlan();
  private readonly fetches = new Map<string, number>();
  private readonly perSecond: SlidingWindowLimiter;

  constructor(options: PimSimulatorOptions) {
    super(options);
    this.catalog = options.catalog;
    this.now = options.now ?? Date.now;
    this.tokens = new TokenStore(options, options.tokenTtlSeconds ?? 3600, this.now);
    this.perSecond = new SlidingWindowLimiter(options.maxRequestsPerSecond);
  }

  /**
   * Most REST calls admitted within any sliding second of the simulator's clock (token calls exempt); the others
   * get Akeneo's 429 with `Retry-After: 1`. `undefined` lifts the cap; settable while running.
   */
  get maxRequestsPerSecond(): number | undefined {
    return this.perSecond.max;
  }

  set maxRequestsPerSecond(value: number | undefined) {
    this.perSecond.max = value;
  }

  /** Successful token answers (password and refresh grants). */
  get tokensIssued(): number {
    return this.tokens.issued;
  }

  /** GETs of one product (by uuid) or product model (by code) that reached the data, 200 or 404. */
  fetchCount(uuidOrCode: string): number {
    return this.fetches.get(uuidOrCode) ?? this.fetches.get(uuidOrCode.toLowerCase()) ?? 0;
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
      return this.track(async () => {
        await this.hold(this.latencyMs);
        const fault = this.anyFaults.take() ?? this.restFaults.take();
        const answer = fault ? faultAnswer(fault) : (this.tokens.checkBearer(req.headers.authorization) ?? this.route(req, path));
        if (answer.status !== 429) this.restRequestsServed++;
        return answer;
      });
    }
    return Promise.resolve(notFound(req));
  }

  private route(req: SimRequest, path: string): SimResponse {
    const match = /^\/api\/rest\/v1\/(products-uuid|product-models)(?:\/([^/]+))?$/.exec(path);
    if (!match) return notFound(req);
    if (req.method !== 'GET') return akeneoError(405, `No route found for "${req.method} ${path}": Method Not Allowed (Allow: GET)`);
    const [, collection, rawId] = match;
    const isProduct = collection === 'products-uuid';
    if (rawId === undefined) {
      const nowMs = this.now();
      const prefix = `${PIM_REST_PREFIX}/${collection}`;
      return isProduct
        ? listResponse(req.url, { source: this.catalog.productIndex(), idProperty: 'uuid', path: prefix, nowMs })
        : listResponse(req.url, { source: this.catalog.productModelIndex(), idProperty: 'code', path: prefix, nowMs });
    }
    const id = safeDecode(rawId);
    if (id === undefined) return notFound(req);
    const key = isProduct ? id.toLowerCase() : id;
    this.fetches.set(key, (this.fetches.get(key) ?? 0) + 1);
    const entity = isProduct ? this.catalog.get(id) : this.catalog.getProductModel(id);
    if (entity) return { status: 200, body: entity };
    const what = isProduct ? 'Product' : 'Product model';
    return akeneoError(404, `${what} "${id}" does not exist or you do not have permission to access it.`);
  }
}

function faultAnswer(fault: Fault): SimResponse {
  const message = fault.status === 429 ? RATE_LIMIT_MESSAGE : (STATUS_CODES[fault.status] ?? 'Error');
  return akeneoError(fault.status, message, retryAfterHeader(fault));
}

function notFound(req: SimRequest): SimResponse {
  return akeneoError(404, `No route found for "${req.method} ${req.url.pathname}"`);
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
