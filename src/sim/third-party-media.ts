/**
 * The third party's media files: `PUT /media/{code}` with the file's bytes (the code URL-encoded as ONE path
 * segment), streamed through a SHA-256 and never held whole; `HEAD` answers 200 when the file is there, 404 when
 * not; `GET` shows what was stored (size, sha256, content type), not the bytes.
 */
import { createHash } from 'node:crypto';
import type { SimRequest, SimResponse } from './http-server';
import { destinationError } from './third-party-structure';

/** What the third party keeps of a media file. */
export interface StoredMediaFile {
  code: string;
  size: number;
  /** Hex SHA-256 of the bytes received. */
  sha256: string;
  /** `Content-Type` of the `PUT` (default `application/octet-stream`). */
  contentType: string;
}

/** The code of a media path `/media/{code}` (one segment, decoded), or `undefined`. */
export function mediaTarget(pathname: string): string | undefined {
  const match = /^\/media\/([^/]+)$/.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/** Media files received, and counters per code. */
export class DestinationMedia {
  /** Successful `PUT`s, all codes. */
  puts = 0;
  /** `HEAD`s answered, all codes. */
  heads = 0;
  /** Bytes received by `PUT`s, all codes. */
  bytesReceived = 0;
  private readonly files = new Map<string, StoredMediaFile>();
  private readonly putCounts = new Map<string, number>();

  /** What was stored for `code`, or `undefined`. */
  get(code: string): StoredMediaFile | undefined {
    const file = this.files.get(code);
    return file && { ...file };
  }

  /** Every stored file, in first-write order. */
  list(): StoredMediaFile[] {
    return [...this.files.values()].map((f) => ({ ...f }));
  }

  /** Successful `PUT`s of `code`. */
  putsOf(code: string): number {
    return this.putCounts.get(code) ?? 0;
  }

  /** Forgets a file, as a destination that lost it; returns whether it was there. */
  remove(code: string): boolean {
    return this.files.delete(code);
  }

  /** Answers `PUT`, `HEAD` or `GET` on `/media/{code}` (faults and auth are the server's). */
  async answer(req: SimRequest, code: string): Promise<SimResponse> {
    if (req.method === 'HEAD') {
      this.heads++;
      const file = this.files.get(code);
      return file ? { status: 200, headers: { 'Content-Type': file.contentType, 'Content-Length': String(file.size) } } : { status: 404 };
    }
    if (req.method === 'GET') {
      const file = this.files.get(code);
      return file ? { status: 200, body: { ...file } } : destinationError(404, 'not_found', `media ${code} is not stored`);
    }
    if (req.method !== 'PUT' || !req.stream) return destinationError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.url.pathname}`);
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of req.stream) {
        size += (chunk as Buffer).length;
        hash.update(chunk as Buffer);
      }
    } catch {
      return destinationError(400, 'aborted', 'the body did not arrive whole');
    }
    const header = req.headers['content-type'];
    const isNew = !this.files.has(code);
    this.files.set(code, { code, size, sha256: hash.digest('hex'), contentType: typeof header === 'string' ? header : 'application/octet-stream' });
    this.putCounts.set(code, (this.putCounts.get(code) ?? 0) + 1);
    this.puts++;
    this.bytesReceived += size;
    return isNew ? { status: 200, body: { id: code, created: true } } : { status: 204 };
  }
}
