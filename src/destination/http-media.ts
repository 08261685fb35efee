/**
 * The raw HTTP calls of media files at the third party: `HEAD` and `PUT {DESTINATION_URL}/media/{code}`, the code
 * URL-encoded as one path segment. The adapter ({@link HttpDestination}) turns their answers into outcomes and errors.
 */
import { Readable } from 'node:stream';
import { InvalidEntityIdError } from '../domain/entity-code';

/** Default timeout of a whole media upload: the body streams from the PIM as it downloads. */
export const MEDIA_TRANSFER_TIMEOUT_MS = 300_000;

/** Where and how media calls are sent. */
export interface MediaCallTarget {
  baseUrl: string;
  headers: Record<string, string>;
  fetchFn: typeof fetch;
  timeoutMs: number;
}

/** A media call that got no answer; `timedOut` when its own timeout fired. */
export class MediaCallError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MediaCallError';
  }
}

/** The path of a media file: one encoded segment; `.`, `..`, empty codes and control characters are refused. */
export function mediaPath(code: string): string {
  // encodeURIComponent keeps dots: `..` would be resolved as a dot segment, up to the third party's root.
  if (code === '' || code === '.' || code === '..' || /\p{Cc}/u.test(code)) throw new InvalidEntityIdError(`media code ${JSON.stringify(code)} cannot be a path segment`);
  return `/media/${encodeURIComponent(code)}`;
}

/** Sends one media call; resolves with the answer (body drained) or throws {@link MediaCallError}; a caller's abort is rethrown as is. */
export async function sendMediaCall(
  t: MediaCallTarget,
  method: 'HEAD' | 'PUT',
  code: string,
  init: { headers?: Record<string, string>; body?: Readable },
  signal?: AbortSignal,
): Promise<Response> {
  const path = mediaPath(code);
  const timeout = AbortSignal.timeout(t.timeoutMs);
  try {
    const res = await t.fetchFn(`${t.baseUrl}${path}`, {
      method,
      headers: { ...t.headers, ...init.headers },
      ...(init.body && { body: Readable.toWeb(init.body), duplex: 'half' }),
      // Never follow a redirect: the file and the token would go wherever it points.
      redirect: 'manual',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    await res.arrayBuffer();
    return res;
  } catch (err) {
    if (signal?.aborted) throw err;
    // A body that errored (a download cut short) surfaces here too: it is the body's error that counts.
    if (init.body?.errored) throw init.body.errored;
    throw new MediaCallError(`${method} ${path} ${timeout.aborted ? 'timed out' : 'failed'}`, timeout.aborted, { cause: err });
  }
}
