/** The simulated PIM's product media files: metadata, contents that can be streamed, and download counters. */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { contentSize, contentStream, generatedContent, type MediaContent } from './media-content';
import { pacedStream, type MediaPacing } from './media-pacing';

/** A product media file as `GET /api/rest/v1/media-files/{code}` shows it (without `_links`). */
export interface SimMediaFile {
  code: string;
  original_filename: string;
  mime_type: string;
  size: number;
  extension: string;
}

/** What {@link MediaStore.add} takes: the name, and either the bytes or a size to generate. */
export interface MediaFileInput {
  originalFilename: string;
  /** Default: made like Akeneo's, `a/b/c/d/<sha1>_<name>`; see {@link mediaCodeFor}. */
  code?: string;
  /** Default: from the extension (`image/jpeg`, `image/png`, `application/pdf`, ...; else `application/octet-stream`). */
  mimeType?: string;
  /** The content itself... */
  bytes?: Buffer;
  /** ...or its size: the content is then generated, deterministic, and never held whole in memory. */
  size?: number;
}

const MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  zip: 'application/zip',
};

/**
 * A media code as Akeneo makes them: the SHA-1 of the file, its first four hex digits as directories, then the
 * original name with every character but letters, digits, `.` and `_` replaced by `_` (the documented example
 * `7/5/8/e/758e39d48ea7b42a55091434fd3d8b6cf3189b7f_10806799_1356.jpg` for `10806799-1356.jpg`, akeneo/pim-api-docs
 * content/swagger/resources/media_files/definitions/media_file.yaml; the download route accepts codes matching
 * `[a-zA-Z0-9_./]+`, slashes included, raw in the path). `salt` makes the hash differ per file.
 */
export function mediaCodeFor(originalFilename: string, salt: string): string {
  const sha1 = createHash('sha1').update(`${salt}\u0000${originalFilename}`).digest('hex');
  return `${sha1[0]}/${sha1[1]}/${sha1[2]}/${sha1[3]}/${sha1}_${originalFilename.replace(/[^A-Za-z0-9._]/g, '_')}`;
}

/** Media files by code, in creation order (the media list has no sort). */
export class MediaStore {
  /** Bytes produced so far by every content stream opened: what a test compares with what was consumed. */
  generatedBytes = 0;
  /** Downloads served (200), all codes. */
  downloads = 0;
  private readonly files = new Map<string, { file: SimMediaFile; content: MediaContent }>();
  private readonly downloadCounts = new Map<string, number>();
  private readonly pacings = new Map<string, MediaPacing>();
  private order: string[] | undefined;

  /** Stores a media file; returns its metadata. */
  add(input: MediaFileInput): SimMediaFile {
    const code = input.code ?? mediaCodeFor(input.originalFilename, String(this.files.size + 1));
    if (this.files.has(code)) throw new Error(`media file ${code} already exists: media codes are immutable`);
    const seed = code;
    const content: MediaContent = input.bytes ? { kind: 'bytes', bytes: Buffer.from(input.bytes) } : generatedContent(input.size ?? 1024, seed);
    const extension = /\.([^./]+)$/.exec(input.originalFilename)?.[1]?.toLowerCase() ?? '';
    const file: SimMediaFile = {
      code,
      original_filename: input.originalFilename,
      mime_type: input.mimeType ?? MIME[extension] ?? 'application/octet-stream',
      size: contentSize(content),
      extension,
    };
    this.files.set(code, { file, content });
    this.order = undefined;
    return { ...file };
  }

  /** The file's metadata, or `undefined`. */
  get(code: string): SimMediaFile | undefined {
    const entry = this.files.get(code);
    return entry && { ...entry.file };
  }

  /** Forgets a file; returns whether it was there. */
  remove(code: string): boolean {
    this.order = undefined;
    return this.files.delete(code);
  }

  /** Codes in creation order (do not mutate). */
  codes(): readonly string[] {
    return (this.order ??= [...this.files.keys()]);
  }

  /** Makes the next downloads of `code` slow or stalling (see {@link MediaPacing}); `undefined` ends it. */
  pace(code: string, pacing: MediaPacing | undefined): void {
    if (pacing) this.pacings.set(code, { ...pacing });
    else this.pacings.delete(code);
  }

  /** A fresh stream of the file's bytes, or `undefined` for an unknown code. Does not count as a download. */
  open(code: string): Readable | undefined {
    const entry = this.files.get(code);
    if (!entry) return undefined;
    const stream = contentStream(entry.content, (n) => (this.generatedBytes += n));
    const pacing = this.pacingOf(code);
    return pacing ? pacedStream(stream, pacing) : stream;
  }

  /** Counts one download of `code` (the PIM route calls it), and one use of its pacing. */
  countDownload(code: string): void {
    const pacing = this.pacings.get(code);
    if (pacing?.downloads !== undefined && --pacing.downloads <= 0) this.pacings.delete(code);
    this.downloads++;
    this.downloadCounts.set(code, (this.downloadCounts.get(code) ?? 0) + 1);
  }

  /** Downloads of `code` served so far. */
  downloadCount(code: string): number {
    return this.downloadCounts.get(code) ?? 0;
  }

  /** SHA-256 (hex) of the file's bytes, computed by streaming them; `undefined` for an unknown code. */
  async sha256(code: string): Promise<string | undefined> {
    const entry = this.files.get(code);
    if (!entry) return undefined;
    const hash = createHash('sha256');
    for await (const chunk of contentStream(entry.content)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  private pacingOf(code: string): MediaPacing | undefined {
    const pacing = this.pacings.get(code);
    return pacing && pacing.downloads !== 0 ? pacing : undefined;
  }
}
