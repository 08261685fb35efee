/** The third party reached over HTTP: `PUT`/`DELETE` of `/products/{uuid}`, `/product-models/{code}` and `/structure/…`. */
import { parseRetryAfter } from '../akeneo/rest-client';
import type { EntityRef } from '../domain/entity';
import { pathSegment } from '../domain/entity-code';
import { structurePath } from '../domain/structure';
import { WriteOutcome } from '../domain/write-outcome';
import type { Readable } from 'node:stream';
import type { Destination, MediaMeta, RemoveMeta, UpsertMeta } from './destination';
import { MEDIA_TRANSFER_TIMEOUT_MS, MediaCallError, mediaPath, sendMediaCall, type MediaCallTarget } from './http-media';

/** Headers of every write that tell the third party which version it is (documented in the README). */
export const VersionHeader = {
  /** The PIM's `updated` of the entity as the PIM gave it; on a `DELETE`, the time of the removal. */
  UPDATED: 'X-Akeneo-Updated',
  /** Content digest of the PIM's JSON (`PUT` only). */
  CONTENT_DIGEST: 'X-Akeneo-Content-Digest',
} as const;

/** Statuses meaning "a newer version is already here": the write is done, as {@link WriteOutcome.SUPERSEDED}. */
export const SUPERSEDED_STATUSES: readonly number[] = [409, 412];

/** The third party answered with a non-2xx status. */
export class DestinationHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DestinationHttpError';
  }
}

/** The third party could not be reached or timed out. */
export class DestinationNetworkError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DestinationNetworkError';
  }
}

/** Options of {@link HttpDestination}. */
export interface HttpDestinationOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string;
  /** Per-request timeout in milliseconds (default {@link DESTINATION_REQUEST_TIMEOUT_MS}). */
  requestTimeoutMs?: number;
  /** Timeout of a whole media upload in milliseconds (default {@link MEDIA_TRANSFER_TIMEOUT_MS}). */
  mediaTimeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Default per-request timeout of calls to the third party. */
export const DESTINATION_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Writes entities to the third party's REST API. Each write carries the version headers; a `PUT` also an
 * `Idempotency-Key`. A 409 or 412 answer means the third party holds a newer version: `superseded`.
 */
export class HttpDestination implements Destination {
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: HttpDestinationOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? fetch;
  }

  /** `PUT`s the PIM's JSON unchanged; the idempotency key is `<id>:<digest>` (`<id>:<version>` without a digest). */
  async upsert(ref: EntityRef, data: unknown, meta: UpsertMeta, signal?: AbortSignal): Promise<WriteOutcome> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      // Two saves within one second share `updated`: only the digest tells their writes apart.
      'Idempotency-Key': `${ref.id}:${meta.digest ?? meta.version}`,
      [VersionHeader.UPDATED]: meta.version,
      ...(meta.digest !== undefined && { [VersionHeader.CONTENT_DIGEST]: meta.digest }),
    };
    return this.send('PUT', entityPath(ref), { headers, body: JSON.stringify(data) }, signal);
  }

  /** `DELETE`s the entity, sending the removal time; a 404 counts as done. */
  async remove(ref: EntityRef, meta: RemoveMeta, signal?: AbortSignal): Promise<WriteOutcome> {
    return this.send('DELETE', entityPath(ref), { headers: { [VersionHeader.UPDATED]: meta.version } }, signal, [404]);
  }

  /** `PUT`s a structure item's JSON to `/structure/…`; the idempotency key is `<key>:<digest>`. */
  async upsertStructure(key: string, data: unknown, meta: { digest: string }, signal?: AbortSignal): Promise<WriteOutcome> {
    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': `${key}:${meta.digest}`, [VersionHeader.CONTENT_DIGEST]: meta.digest };
    return this.send('PUT', structurePath(key), { headers, body: JSON.stringify(data) }, signal);
  }

  /** `DELETE`s a structure item; a 404 counts as done. */
  async removeStructure(key: string, signal?: AbortSignal): Promise<WriteOutcome> {
    return this.send('DELETE', structurePath(key), { headers: {} }, signal, [404]);
  }

  /** `HEAD /media/{code}`: 200 present, 404 absent, anything else an error as for writes. */
  async hasMedia(code: string, signal?: AbortSignal): Promise<boolean> {
    const res = await this.media('HEAD', code, {}, this.options.requestTimeoutMs ?? DESTINATION_REQUEST_TIMEOUT_MS, signal);
    if (res.status === 404) return false;
    if (res.status >= 200 && res.status <= 299) return true;
    throw this.failure(res, 'HEAD', mediaPath(code));
  }

  /** `PUT /media/{code}` with the body streamed as it arrives (`Content-Type` as given); any non-2xx is an error. */
  async putMedia(code: string, body: Readable, meta: MediaMeta, signal?: AbortSignal): Promise<void> {
    const timeoutMs = this.options.mediaTimeoutMs ?? MEDIA_TRANSFER_TIMEOUT_MS;
    const res = await this.media('PUT', code, { headers: { 'Content-Type': meta.contentType }, body }, timeoutMs, signal);
    if (res.status < 200 || res.status > 299) throw this.failure(res, 'PUT', mediaPath(code));
  }

  private async media(method: 'HEAD' | 'PUT', code: string, init: { headers?: Record<string, string>; body?: Readable }, timeoutMs: number, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = this.options.token ? { Authorization: `Bearer ${this.options.token}` } : {};
    const target: MediaCallTarget = { baseUrl: this.baseUrl, headers, fetchFn: this.fetchFn, timeoutMs };
    try {
      return await sendMediaCall(target, method, code, init, signal);
    } catch (err) {
      if (err instanceof MediaCallError) throw new DestinationNetworkError(err.message, { cause: err.cause });
      throw err;
    }
  }

  private async send(
    method: 'PUT' | 'DELETE',
    path: string,
    init: { headers: Record<string, string>; body?: string },
    signal: AbortSignal | undefined,
    alsoOk: number[] = [],
  ): Promise<WriteOutcome> {
    const headers = this.options.token ? { ...init.headers, Authorization: `Bearer ${this.options.token}` } : init.headers;
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? DESTINATION_REQUEST_TIMEOUT_MS);
    let res: Response;
    try {
      res = await this.fetchFn(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: init.body,
        // Never follow a redirect: the product and the token would go wherever it points.
        redirect: 'manual',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      await res.arrayBuffer(); // drain, so the connection goes back to the pool
    } catch (err) {
      if (signal?.aborted) throw err; // cancelled by the caller: not a destination failure
      const reason = timeout.aborted ? 'timed out' : 'failed';
      throw new DestinationNetworkError(`${method} ${path} ${reason}`, { cause: err });
    }
    if ((res.status >= 200 && res.status <= 299) || alsoOk.includes(res.status)) return WriteOutcome.WRITTEN;
    if (SUPERSEDED_STATUSES.includes(res.status)) return WriteOutcome.SUPERSEDED;
    throw this.failure(res, method, path);
  }

  /** The error of a non-2xx answer: a redirect (not followed) or the status with its `Retry-After`. */
  private failure(res: Response, method: string, path: string): DestinationHttpError {
    if (res.status >= 300 && res.status <= 399) {
      // Not its Location: a redirect may point anywhere, query string and all.
      return new DestinationHttpError(res.status, `destination answered ${res.status} to ${method} ${path}: a redirect, not followed (the write carries the product and the token); set DESTINATION_URL to the final address`);
    }
    const retryAfter = parseRetryAfter(res.headers.get('retry-after'), (this.options.now ?? Date.now)());
    return new DestinationHttpError(res.status, `destination answered ${res.status} to ${method} ${path}`, retryAfter);
  }
}

function entityPath(ref: EntityRef): string {
  return `/${ref.kind === 'product-model' ? 'product-models' : 'products'}/${pathSegment(ref.id)}`;
}
