/** Media file contents that need no buffer of their size: a deterministic stream of N bytes, made chunk by chunk. */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** Bytes per generated chunk. */
export const MEDIA_CHUNK_BYTES = 64 * 1024;

/** Where a media file's bytes come from. */
export type MediaContent = { kind: 'bytes'; bytes: Buffer } | { kind: 'generated'; size: number; pattern: Buffer };

/** Generated content of `size` bytes, different for every `seed`. */
export function generatedContent(size: number, seed: string): MediaContent {
  if (!(Number.isInteger(size) && size >= 0)) throw new RangeError(`a media size must be a whole number of bytes, got ${size}`);
  const pattern = Buffer.alloc(MEDIA_CHUNK_BYTES);
  let block = createHash('sha256').update(seed).digest();
  for (let offset = 0; offset < MEDIA_CHUNK_BYTES; offset += block.length) {
    block.copy(pattern, offset);
    block = createHash('sha256').update(block).digest();
  }
  return { kind: 'generated', size, pattern };
}

/** Size of `content` in bytes. */
export function contentSize(content: MediaContent): number {
  return content.kind === 'bytes' ? content.bytes.length : content.size;
}

/**
 * A readable stream of `content`, one chunk per `read()`, so at most a few chunks exist at a time whatever the
 * size. Chunk `i` of generated content is the seed's pattern with `i` written in its first four bytes.
 * `onChunk` is told the size of every chunk made.
 */
export function contentStream(content: MediaContent, onChunk: (bytes: number) => void = () => undefined): Readable {
  if (content.kind === 'bytes') {
    onChunk(content.bytes.length);
    return Readable.from([content.bytes], { objectMode: false });
  }
  let index = 0;
  let sent = 0;
  return new Readable({
    highWaterMark: MEDIA_CHUNK_BYTES,
    read() {
      if (sent >= content.size) {
        this.push(null);
        return;
      }
      const length = Math.min(MEDIA_CHUNK_BYTES, content.size - sent);
      const chunk = Buffer.from(content.pattern.subarray(0, length));
      if (length >= 4) chunk.writeUInt32BE(index >>> 0, 0);
      index++;
      sent += length;
      onChunk(length);
      this.push(chunk);
    },
  });
}
