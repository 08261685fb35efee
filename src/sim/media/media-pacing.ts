/** Slow and stalling downloads for tests: a stream paced to a byte rate, or one that stops after some bytes. */
import { Readable } from 'node:stream';

/** How the next downloads of one file misbehave. */
export interface MediaPacing {
  /** Sends at most this many bytes a second (chunk by chunk). */
  bytesPerSecond?: number;
  /** Sends this many bytes, then nothing more until the client gives up (the connection stays open). */
  stallAfterBytes?: number;
  /** How many downloads it applies to (default: every one). */
  downloads?: number;
}

/** `source` as `pacing` serves it; destroying the result destroys `source`. */
export function pacedStream(source: Readable, pacing: MediaPacing): Readable {
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new Readable({
    read() {
      if (pacing.stallAfterBytes !== undefined && sent >= pacing.stallAfterBytes) return; // never pushes again
      iterator.next().then(
        ({ value, done }) => {
          if (done) return void this.push(null);
          let chunk = value;
          if (pacing.stallAfterBytes !== undefined) chunk = chunk.subarray(0, pacing.stallAfterBytes - sent);
          sent += chunk.length;
          const waitMs = pacing.bytesPerSecond ? (chunk.length / pacing.bytesPerSecond) * 1000 : 0;
          if (waitMs === 0) return void this.push(chunk);
          timer = setTimeout(() => this.push(chunk), waitMs);
        },
        (err: unknown) => this.destroy(err as Error),
      );
    },
    destroy(err, callback) {
      clearTimeout(timer);
      source.destroy();
      callback(err);
    },
  });
}
