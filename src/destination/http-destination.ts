/** The third party reached over HTTP: `PUT`/`DELETE` of `/products/{uuid}`, `/product-models/{code}` and `/structure/…`. */
import { parseRetryAfter } from '../akeneo/rest-client';
import type { EntityRef } from '../domain/entity';
import { pathSegment } from '../domain/entity-code';
import { structurePath } from '../domain/structure';
import { WriteOutcome } from '../domain/write-outcome';
import type { Destination, RemoveMeta, UpsertMeta } from './destination';

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
    if (res.status >= 300 && res.status <= 399) {
      // Not its Location: a redirect may point anywhere, query string and all.
      throw new DestinationHttpError(res.status, `destination answered ${res.status} to ${method} ${path}: a redirect, not followed (the write carries the product and the token); set DESTINATION_URL to the final address`);
    }
    const retryAfter = parseRetryAfter(res.headers.get('retry-after'), (this.options.now ?? Date.now)());
    throw new DestinationHttpError(res.status, `destination answered ${res.status} to ${method} ${path}`, retryAfter);
  }
}

function entityPath(ref: EntityRef): string {
  return `/${ref.kind === 'product-model' ? 'product-models' : 'products'}/${pathSegment(ref.id)}`;
}
