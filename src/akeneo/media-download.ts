/**
 * Downloads of PIM media files (`GET /api/rest/v1/media-files/{code}/download`), streamed: the answer has no
 * `Content-Length` (MediaFileController answers with a Symfony StreamedResponse; see src/sim/media/media-routes.ts),
 * so the body is handed on as it arrives. The download holds its PIM concurrency slot until the stream ends, errors
 * or is destroyed. Knows nothing about Temporal.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { InvalidEntityIdError } from '../domain/entity-code';
import { PimNetworkError } from './pim-errors';
import type { RawResponse } from './http-answers';

/** An open download: the bytes, and what the PIM said about them. */
export interface PimMediaDownload {
  stream: Readable;
  /** `Content-Type` as the PIM gave it (`application/octet-stream` when it gave none). */
  contentType: string;
  /** `Content-Length`, when the PIM sent one. */
  size?: number;
}

/** What a download needs of the REST client. */
export interface DownloadContext {
  url: string;
  /** Takes a PIM slot and a rate token (counting the request); the returned function frees the slot. */
  hold(signal?: AbortSignal): Promise<() => void>;
  fetchFn: typeof fetch;
  /** Time to the answer's headers (ms). */
  headersTimeoutMs: number;
  /** Time for the whole body (ms). */
  bodyTimeoutMs: number;
}

/** Sends one download request with `token`; resolves with the open download or, for a non-2xx answer, the answer read whole. */
export async function sendDownload(c: DownloadContext, token: string, signal?: AbortSignal): Promise<PimMediaDownload | RawResponse> {
  const release = await c.hold(signal);
  const abort = new AbortController();
  const onCancel = (): void => abort.abort(signal?.reason);
  signal?.addEventListener('abort', onCancel, { once: true });
  let timer = setTimeout(() => abort.abort(new Error('timed out')), c.headersTimeoutMs);
  const done = (): void => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCancel);
    release();
  };
  let res: Response;
  try {
    // Never follow a redirect: the token would go wherever it points.
    res = await c.fetchFn(c.url, { headers: { Authorization: `Bearer ${token}` }, redirect: 'manual', signal: abort.signal });
    if (res.status < 200 || res.status > 299 || !res.body) {
      const answer = { status: res.status, headers: res.headers, text: await res.text() };
      done();
      return answer;
    }
  } catch (err) {
    done();
    if (signal?.aborted) throw err;
    throw new PimNetworkError(`GET ${new URL(c.url).pathname} ${abort.signal.aborted ? 'timed out' : 'failed'}`, { cause: err });
  }
  clearTimeout(timer);
  timer = setTimeout(() => abort.abort(new Error('timed out')), c.bodyTimeoutMs);
  const stream = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
  stream.once('close', done);
  const length = Number(res.headers.get('content-length') ?? Number.NaN);
  return {
    stream,
    contentType: res.headers.get('content-type') ?? 'application/octet-stream',
    ...(Number.isSafeInteger(length) && length >= 0 && { size: length }),
  };
}

/** Whether {@link sendDownload} answered with an open download rather than an error answer. */
export function isOpenDownload(r: PimMediaDownload | RawResponse): r is PimMediaDownload {
  return 'stream' in r;
}

/** The metadata path of a media file: its code's slashes stay raw, each segment encoded, as Akeneo's router takes it. */
export function mediaFilePath(code: string): string {
  // A `.` or `..` segment would be resolved away, sending the token to another route.
  if (code.split('/').some((s) => s === '' || s === '.' || s === '..') || /\p{Cc}/u.test(code)) {
    throw new InvalidEntityIdError(`media code ${JSON.stringify(code)} cannot be a PIM path`);
  }
  return `/api/rest/v1/media-files/${code.split('/').map(encodeURIComponent).join('/')}`;
}
