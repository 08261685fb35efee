/** Akeneo REST API client: OAuth, bounded concurrency and rate, typed errors. Knows nothing about Temporal. */
import type { Logger } from 'pino';
import { DEFAULT_PIM_MAX_CONCURRENCY } from '../domain/limits';
import { readTokenResponse, TokenManager, type TokenGrant, type TokenResponse } from './token-manager';

export { parseRetryAfter } from './http-answers';
export { PimHttpError, PimNetworkError } from './pim-errors';
import type { EntityKind } from '../domain/entity';
import { bearer, errorBody, parseJson, parseRetryAfter, type RawResponse } from './http-answers';
import { PimHttpError, PimNetworkError } from './pim-errors';
import { Semaphore } from '../semaphore';
import { TokenBucket } from './token-bucket';
import { PimOperation } from '../metrics/names';
import { pathSegment, shownId } from '../domain/entity-code';
import { assertIdBatch, existingProductsPath, findEach, keepFound, listPath, readListItems, readListPage, searchByIdsPath, type SkippedItem } from './list-queries';
import { isOpenDownload, mediaFilePath, sendDownload, type PimMediaDownload } from './media-download';
import type { PimEntity, PimListOptions, PimLister, PimMediaFile, PimPage, PimProduct, PimMediaReader, PimProductModel, PimReader, PimSearcher } from './types';

/** Options of {@link AkeneoRestClient}; the credentials are those of an Akeneo Connection. */
export interface AkeneoRestClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  /** Most HTTP calls in flight at once, token calls included. */
  maxConcurrency?: number;
  /**
   * Most REST requests per second (default: not paced). Each takes a token of a bucket once it holds its slot, so
   * the PIM sees them spaced as they are sent, however many wait; OAuth token calls are not REST calls, not paced.
   */
  maxRequestsPerSecond?: number;
  /** Per-request timeout in milliseconds (default {@link PIM_REQUEST_TIMEOUT_MS}). */
  requestTimeoutMs?: number;
  /** Time a media download's body may take, in milliseconds (default {@link PIM_MEDIA_TIMEOUT_MS}). */
  mediaTimeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  logger?: Pick<Logger, 'debug' | 'warn'>;
  /** Told of every HTTP request as it is sent (e.g. to count them by operation). */
  onRequest?: (operation: PimOperation) => void;
}

/** Default per-request timeout of PIM calls. */
export const PIM_REQUEST_TIMEOUT_MS = 10_000;
/** Default time a media download's body may take. */
export const PIM_MEDIA_TIMEOUT_MS = 300_000;

/** Reads and lists products and product models through Akeneo's REST API (`/api/rest/v1`). */
export class AkeneoRestClient implements PimReader, PimLister, PimSearcher, PimMediaReader {
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;
  private readonly slots: Semaphore;
  private readonly pacing?: TokenBucket;
  private readonly tokens: TokenManager;

  constructor(private readonly options: AkeneoRestClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
    this.slots = new Semaphore(options.maxConcurrency ?? DEFAULT_PIM_MAX_CONCURRENCY);
    if (options.maxRequestsPerSecond !== undefined) this.pacing = new TokenBucket({ ratePerSecond: options.maxRequestsPerSecond });
    this.tokens = new TokenManager({
      username: options.username,
      password: options.password,
      now: this.now,
      requestToken: (grant) => this.requestToken(grant),
    });
  }

  /** Fetches a product by uuid; `undefined` when the PIM answers 404. */
  async getProduct(uuid: string, signal?: AbortSignal): Promise<PimProduct | undefined> {
    return this.getOrUndefined<PimProduct>(`/api/rest/v1/products-uuid/${pathSegment(uuid)}`, signal);
  }

  /** Fetches a product by identifier (SKU), with its uuid; `undefined` when the PIM answers 404. */
  async getProductByIdentifier(identifier: string, signal?: AbortSignal): Promise<PimProduct | undefined> {
    return this.getOrUndefined<PimProduct>(`/api/rest/v1/products/${pathSegment(identifier)}`, signal);
  }

  /** Fetches a product model by code; `undefined` when the PIM answers 404. */
  async getProductModel(code: string, signal?: AbortSignal): Promise<PimProductModel | undefined> {
    return this.getOrUndefined<PimProductModel>(`/api/rest/v1/product-models/${pathSegment(code)}`, signal);
  }

  /** One search_after page of `{id, updated}`: the first (by `updatedAfter` and `limit`) or, verbatim, `options.next`. */
  async listPage(kind: EntityKind, options: PimListOptions = {}, signal?: AbortSignal): Promise<PimPage> {
    return this.getPage(kind, options.next ?? listPath(kind, options), signal, PimOperation.LIST);
  }

  /** Which of `ids` (at most 100) the PIM has: one `uuid IN` search for products, one GET per product-model code. */
  async findExisting(kind: EntityKind, ids: string[], signal?: AbortSignal): Promise<string[]> {
    assertIdBatch(ids);
    if (ids.length === 0) return [];
    // The product-model list endpoint has no filter on `code`.
    if (kind === 'product-model') return findEach(ids, (code, s) => this.getProductModel(code, s), signal);
    const { items } = await this.getPage(kind, existingProductsPath(ids), signal, PimOperation.SEARCH);
    return keepFound(kind, ids, items.map((item) => item.id));
  }

  /** The entities among `ids` (at most 100) that one search finds, as the list shows them (see {@link PimSearcher}). */
  async searchByIds(kind: EntityKind, ids: string[], signal?: AbortSignal): Promise<PimEntity[]> {
    assertIdBatch(ids);
    if (ids.length === 0) return [];
    const path = searchByIdsPath(kind, ids);
    const items = readListItems(await this.getJson<unknown>(path, signal, PimOperation.SEARCH), kind, this.skipped(kind));
    if (!items) throw new PimNetworkError(`PIM answered a malformed list page to GET ${new URL(this.resolve(path)).pathname}`);
    return items;
  }

  /** A media file's metadata (`GET /api/rest/v1/media-files/{code}`: `size`, `mime_type`…); `undefined` on 404. */
  getMediaMetadata(code: string, signal?: AbortSignal): Promise<PimMediaFile | undefined> {
    return this.getOrUndefined<PimMediaFile>(mediaFilePath(code), signal);
  }

  /**
   * Opens the download of a media file (`…/media-files/{code}/download`), as one request under the same slot and
   * rate budget as every other: the slot stays held until the stream ends or is destroyed. `undefined` on 404.
   */
  async openMediaDownload(code: string, signal?: AbortSignal): Promise<PimMediaDownload | undefined> {
    const url = this.resolve(`${mediaFilePath(code)}/download`);
    const context = {
      url,
      hold: (s?: AbortSignal) => this.holdSlot(PimOperation.MEDIA_DOWNLOAD, s),
      fetchFn: this.fetchFn,
      headersTimeoutMs: this.options.requestTimeoutMs ?? PIM_REQUEST_TIMEOUT_MS,
      bodyTimeoutMs: this.options.mediaTimeoutMs ?? PIM_MEDIA_TIMEOUT_MS,
    };
    let token = await this.tokens.getToken();
    let answer = await sendDownload(context, token, signal);
    if (!isOpenDownload(answer) && answer.status === 401) {
      token = await this.tokens.renew(token);
      answer = await sendDownload(context, token, signal);
    }
    if (isOpenDownload(answer)) return answer;
    if (answer.status === 404) return undefined;
    throw this.httpError('GET', url, answer);
  }

  /** The connection's access token, fetched or refreshed as needed: what the Event Platform takes as `X-PIM-TOKEN`. */
  accessToken(): Promise<string> {
    return this.tokens.getToken();
  }

  /**
   * GETs a path under the base URL or an absolute URL of the same origin (e.g. `_links.next.href`, verbatim);
   * `operation` is what {@link AkeneoRestClientOptions.onRequest} is told.
   */
  async getJson<T = unknown>(pathOrUrl: string, signal?: AbortSignal, operation: PimOperation = PimOperation.GET): Promise<T> {
    const url = this.resolve(pathOrUrl);
    let token = await this.tokens.getToken();
    let res = await this.send(operation, url, { method: 'GET', headers: bearer(token) }, signal);
    if (res.status === 401) {
      this.options.logger?.debug({ path: new URL(url).pathname }, 'PIM rejected the access token; re-authenticating');
      token = await this.tokens.renew(token);
      res = await this.send(operation, url, { method: 'GET', headers: bearer(token) }, signal);
    }
    if (res.status < 200 || res.status > 299) throw this.httpError('GET', url, res);
    return parseJson<T>(url, res);
  }

  private async getPage(kind: EntityKind, pathOrUrl: string, signal: AbortSignal | undefined, operation: PimOperation): Promise<PimPage> {
    const page = readListPage(await this.getJson<unknown>(pathOrUrl, signal, operation), kind, this.skipped(kind));
    if (!page) throw new PimNetworkError(`PIM answered a malformed list page to GET ${new URL(this.resolve(pathOrUrl)).pathname}`);
    return page;
  }

  /** Logs a list item left out for its id: the PIM holds an entity this service cannot address safely. */
  private skipped(kind: EntityKind): (item: SkippedItem) => void {
    return ({ id, problem }) => this.options.logger?.warn({ kind, id: shownId(id), problem }, 'PIM listed an entity whose id cannot be synced: skipped');
  }

  private async getOrUndefined<T>(path: string, signal?: AbortSignal): Promise<T | undefined> {
    try {
      return await this.getJson<T>(path, signal);
    } catch (err) {
      if (err instanceof PimHttpError && err.status === 404) return undefined;
      throw err;
    }
  }

  private async requestToken(grant: TokenGrant): Promise<TokenResponse> {
    const url = `${this.baseUrl}/api/oauth/v1/token`;
    const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64');
    const headers = { Authorization: `Basic ${basic}`, 'Content-Type': 'application/json', Accept: 'application/json' };
    // The shared token request ignores any one caller's signal: the others still need the token.
    const res = await this.send(PimOperation.TOKEN, url, { method: 'POST', headers, body: JSON.stringify(grant) });
    if (res.status < 200 || res.status > 299) throw this.httpError('POST', url, res);
    const answer = readTokenResponse(parseJson<unknown>(url, res));
    if (!answer) throw new PimNetworkError(`POST ${new URL(url).pathname} answered without an access_token`);
    this.options.logger?.debug({ grant: grant.grant_type }, 'obtained a PIM access token');
    return answer;
  }

  /** Takes a slot and a rate token for one request held open by the caller (a download); frees the slot on failure. */
  private async holdSlot(operation: PimOperation, signal?: AbortSignal): Promise<() => void> {
    const release = await this.slots.hold(signal);
    try {
      await this.pacing?.take(signal);
    } catch (err) {
      release();
      throw err;
    }
    this.options.onRequest?.(operation);
    return release;
  }

  private send(operation: PimOperation, url: string, init: RequestInit, signal?: AbortSignal): Promise<RawResponse> {
    return this.slots.run(async () => {
      // Paced within the slot: a token taken before waiting for a slot would let requests reach the PIM bunched.
      if (operation !== PimOperation.TOKEN) await this.pacing?.take(signal);
      this.options.onRequest?.(operation);
      const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? PIM_REQUEST_TIMEOUT_MS);
      try {
        // Never follow a redirect: the token or the connection's credentials would go wherever it points.
        const res = await this.fetchFn(url, { ...init, redirect: 'manual', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
        return { status: res.status, headers: res.headers, text: await res.text() };
      } catch (err) {
        if (signal?.aborted) throw err; // cancelled by the caller: not a PIM failure
        const reason = timeout.aborted ? 'timed out' : 'failed';
        throw new PimNetworkError(`${init.method ?? 'GET'} ${new URL(url).pathname} ${reason}`, { cause: err });
      }
    }, signal);
  }

  private httpError(method: string, url: string, res: RawResponse): PimHttpError {
    const path = new URL(url).pathname;
    if (res.status >= 300 && res.status <= 399) {
      // Not its Location: a redirect may point anywhere, query string and all.
      return new PimHttpError(res.status, `PIM answered ${res.status} to ${method} ${path}: a redirect, not followed (credentials never leave AKENEO_BASE_URL); set AKENEO_BASE_URL to the final address`);
    }
    const body = errorBody(res.text);
    const retryAfter = parseRetryAfter(res.headers.get('retry-after'), this.now());
    const detail = body?.message ? `: ${body.message}` : '';
    return new PimHttpError(res.status, `PIM answered ${res.status} to ${method} ${path}${detail}`, retryAfter, body);
  }

  private resolve(pathOrUrl: string): string {
    if (!/^https?:\/\//i.test(pathOrUrl)) return `${this.baseUrl}/${pathOrUrl.replace(/^\/+/, '')}`;
    // The bearer token must never leave the PIM's origin, whatever a `_links` entry says.
    if (new URL(pathOrUrl).origin !== new URL(this.baseUrl).origin) {
      throw new PimNetworkError(`refusing to follow a link to another origin: ${new URL(pathOrUrl).origin}`);
    }
    return pathOrUrl;
  }
}
