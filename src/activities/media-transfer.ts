/**
 * One media file from the PIM to the third party: skip it when the third party has it (`HEAD`) or when it is
 * over the size limit (by the PIM's metadata `size`, then by the bytes counted while streaming: the download
 * has no `Content-Length`), else stream the download into the upload, never holding the file whole.
 * Knows nothing about Temporal.
 */
import { Transform, pipeline, type TransformCallback } from 'node:stream';
import { PimNetworkError } from '../akeneo/pim-errors';
import type { PimMediaReader } from '../akeneo/types';
import type { Destination } from '../destination/destination';

/** How a media transfer ended: `present` (at the third party now), `skipped` (over the limit), `missing` (not in the PIM). */
export type MediaTransferOutcome = 'present' | 'skipped' | 'missing';

/** A download counted past the size limit; the upload it fed is aborted with it. */
export class MediaTooLargeError extends Error {
  constructor(code: string, maxBytes: number) {
    super(`media file ${code} is over ${maxBytes} bytes`);
    this.name = 'MediaTooLargeError';
  }
}

/**
 * A transfer that made no progress (no request answered, no byte moved) for too long; retried like a network failure
 * of the PIM (the two sides are piped: a stall of either shows as one).
 */
export class MediaStalledError extends PimNetworkError {
  constructor(code: string | undefined, stalledMs: number) {
    super(`media transfer${code ? ` of ${code}` : ''} stalled: no progress for ${stalledMs} ms`);
    this.name = 'MediaStalledError';
  }
}

/** What a transfer uses. */
export interface MediaTransferDeps {
  pim: PimMediaReader;
  destination: Pick<Destination, 'hasMedia' | 'putMedia'>;
  /** `MEDIA_MAX_BYTES`: larger files are not transferred. */
  maxBytes: number;
}

/**
 * Transfers `code` unless the third party has it; `skipped` when it is larger than `deps.maxBytes`. `onProgress` is
 * called after each request is answered and for each chunk of bytes that goes through.
 */
export async function transferMedia(deps: MediaTransferDeps, code: string, signal?: AbortSignal, onProgress: () => void = () => undefined): Promise<MediaTransferOutcome> {
  if (await deps.destination.hasMedia(code, signal)) return 'present';
  onProgress();
  // The download has no Content-Length: the metadata says the size before a byte is downloaded.
  const metadata = await deps.pim.getMediaMetadata(code, signal);
  if (!metadata) return 'missing';
  if (metadata.size !== undefined && metadata.size > deps.maxBytes) return 'skipped';
  onProgress();
  const download = await deps.pim.openMediaDownload(code, signal);
  if (!download) return 'missing';
  onProgress();
  const limit = byteLimit(code, deps.maxBytes, onProgress);
  try {
    if (download.size !== undefined && download.size > deps.maxBytes) return 'skipped';
    pipeline(download.stream, limit, () => undefined); // errors reach the upload through `limit`
    await deps.destination.putMedia(code, limit, { contentType: download.contentType, ...(metadata.size !== undefined && { size: metadata.size }) }, signal);
    return 'present';
  } catch (err) {
    if (limit.errored instanceof MediaTooLargeError) return 'skipped';
    throw err;
  } finally {
    download.stream.destroy(); // frees the PIM slot whatever happened
  }
}

/** A pass-through that errors with {@link MediaTooLargeError} once more than `maxBytes` went through; `onChunk` per chunk. */
function byteLimit(code: string, maxBytes: number, onChunk: () => void): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > maxBytes) return done(new MediaTooLargeError(code, maxBytes));
      onChunk();
      done(null, chunk);
    },
  });
}
