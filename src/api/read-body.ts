/** Reads a request body into a Buffer under a size limit, counting each chunk against the process's {@link BodyBudget}. */
import type { IncomingMessage } from 'node:http';
import type { BodyBudget } from './body-budget';

/** Why a body could not be read. */
export const BodyReadFailure = {
  /** Over the route's limit: by its Content-Length (nothing read), or while streaming. */
  TOO_LARGE: 'too_large',
  /** The budget of bodies being read is full, or this body was cut off to make room. */
  BUSY: 'busy',
  /** The client closed the connection, or it broke or timed out, before the end. */
  ABORTED: 'aborted',
  /** The body ended before (or went past) its Content-Length. */
  LENGTH_MISMATCH: 'length_mismatch',
} as const;
export type BodyReadFailure = (typeof BodyReadFailure)[keyof typeof BodyReadFailure];

/** Thrown by {@link readBody}. */
export class BodyReadError extends Error {
  constructor(readonly failure: BodyReadFailure) {
    super(`request body not read: ${failure}`);
    this.name = 'BodyReadError';
  }
}

/**
 * Reads `req`'s whole body. A Content-Length over `limit` fails at once, without reading; otherwise every chunk is
 * counted against `budget` as it arrives, and the body's bytes go back to it when reading ends, however it ends.
 * On failure the request is left paused: the caller answers with `Connection: close`.
 */
export function readBody(req: IncomingMessage, limit: number, budget: BodyBudget): Promise<Buffer> {
  const header = req.headers['content-length'];
  const length = header === undefined ? undefined : Number(header);
  if (length !== undefined && length > limit) return Promise.reject(new BodyReadError(BodyReadFailure.TOO_LARGE));
  // Gone before reading began: neither 'end' nor 'close' would come now.
  if (req.destroyed || req.readableEnded) return Promise.reject(new BodyReadError(BodyReadFailure.ABORTED));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (failure?: BodyReadFailure): void => {
      if (done) return;
      done = true;
      lease.close();
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (!failure) return resolve(Buffer.concat(chunks, received));
      chunks.length = 0;
      req.unpipe();
      req.pause();
      reject(new BodyReadError(failure));
    };
    const lease = budget.open(() => finish(BodyReadFailure.BUSY));
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limit) return finish(BodyReadFailure.TOO_LARGE);
      if (!lease.take(chunk.length)) return finish(BodyReadFailure.BUSY);
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(length !== undefined && received !== length ? BodyReadFailure.LENGTH_MISMATCH : undefined);
    const onError = (): void => finish(BodyReadFailure.ABORTED);
    // 'close' before 'end': the connection went away (the client, a reset, or the server's request timeout).
    const onClose = (): void => finish(BodyReadFailure.ABORTED);
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
