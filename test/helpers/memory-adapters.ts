/** In-memory PIM reader and destination: real implementations of our own ports, for workflow tests. */
import { Readable } from 'node:stream';
import type { PimMediaDownload } from '../../src/akeneo/media-download';
import type { PimClient, PimEntity, PimMediaFile, PimPage, PimProduct, PimProductModel } from '../../src/akeneo/types';
import { PimHttpError } from '../../src/akeneo/pim-errors';
import { DestinationHttpError } from '../../src/destination/http-destination';
import type { Destination, MediaMeta, UpsertMeta } from '../../src/destination/destination';
import { WriteOutcome } from '../../src/domain/write-outcome';
import type { EntityRef } from '../../src/workflows/definitions';

/** A PIM held in a Map (products only); counts fetches per id and searches. */
export class MemoryPim implements PimClient {
  readonly products = new Map<string, PimProduct>();
  readonly fetches = new Map<string, number>();
  /** The ids each search asked for, in order. */
  readonly searches: string[][] = [];

  put(uuid: string, updated: string, extra: Record<string, unknown> = {}): PimProduct {
    const p = { uuid, updated, ...extra };
    this.products.set(uuid, p);
    return p;
  }

  getProduct(uuid: string): Promise<PimProduct | undefined> {
    this.fetches.set(uuid, (this.fetches.get(uuid) ?? 0) + 1);
    return Promise.resolve(this.products.get(uuid));
  }

  getProductByIdentifier(identifier: string): Promise<PimProduct | undefined> {
    return Promise.resolve([...this.products.values()].find((p) => p.identifier === identifier));
  }

  getProductModel(): Promise<PimProductModel | undefined> {
    return Promise.resolve(undefined);
  }

  listPage(): Promise<PimPage> {
    return Promise.resolve({ items: [...this.products.values()].map((p) => ({ id: p.uuid, updated: p.updated })) });
  }

  findExisting(_kind: string, ids: string[]): Promise<string[]> {
    return Promise.resolve(ids.filter((id) => this.products.has(id)));
  }

  /** No structure here: every raw GET answers 404. */
  getJson<T>(path: string): Promise<T> {
    return Promise.reject(new PimHttpError(404, `not found: ${path}`));
  }

  searchByIds(kind: string, ids: string[]): Promise<PimEntity[]> {
    this.searches.push(ids);
    const found = kind === 'product' ? ids.flatMap((id) => this.products.get(id) ?? []) : [];
    return Promise.resolve(found.map((p) => ({ _links: { self: { href: `memory:${p.uuid}` } }, ...p })));
  }

  /** Media files by code; downloads counted per code. */
  readonly media = new Map<string, { bytes: Buffer; contentType: string }>();
  readonly downloads = new Map<string, number>();

  getMediaMetadata(code: string): Promise<PimMediaFile | undefined> {
    const file = this.media.get(code);
    return Promise.resolve(file && { code, mime_type: file.contentType, size: file.bytes.length });
  }

  openMediaDownload(code: string): Promise<PimMediaDownload | undefined> {
    const file = this.media.get(code);
    if (!file) return Promise.resolve(undefined);
    this.downloads.set(code, (this.downloads.get(code) ?? 0) + 1);
    return Promise.resolve({ stream: Readable.from([file.bytes]), contentType: file.contentType });
  }
}

/** A third party held in a Map; records every write. */
export class MemoryDestination implements Destination {
  readonly items = new Map<string, { data: unknown; version: string; digest?: string }>();
  readonly writes: Array<{ id: string; version: string; digest?: string }> = [];
  /** Writes still to refuse with a 400 (a third party rejecting the data, not retried by the activity). */
  refuseNext = 0;

  upsert(ref: EntityRef, data: unknown, meta: UpsertMeta): Promise<WriteOutcome> {
    if (this.refuseNext > 0) {
      this.refuseNext -= 1;
      return Promise.reject(new DestinationHttpError(400, `destination answered 400 to PUT /products/${ref.id}`));
    }
    this.items.set(ref.id, { data, ...meta });
    this.writes.push({ id: ref.id, ...meta });
    return Promise.resolve(WriteOutcome.WRITTEN);
  }

  remove(ref: EntityRef): Promise<WriteOutcome> {
    this.items.delete(ref.id);
    return Promise.resolve(WriteOutcome.WRITTEN);
  }

  /** Media files stored, by code: their bytes and content type. */
  readonly media = new Map<string, { bytes: Buffer; contentType: string }>();

  hasMedia(code: string): Promise<boolean> {
    return Promise.resolve(this.media.has(code));
  }

  async putMedia(code: string, body: Readable, meta: MediaMeta): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    this.media.set(code, { bytes: Buffer.concat(chunks), contentType: meta.contentType });
  }

  /** Structure items by key, and every structure write in order. */
  readonly structure = new Map<string, { data: unknown; digest: string }>();
  readonly structureWrites: Array<{ key: string; method: 'PUT' | 'DELETE' }> = [];

  upsertStructure(key: string, data: unknown, meta: { digest: string }): Promise<WriteOutcome> {
    this.structure.set(key, { data, digest: meta.digest });
    this.structureWrites.push({ key, method: 'PUT' });
    return Promise.resolve(WriteOutcome.WRITTEN);
  }

  removeStructure(key: string): Promise<WriteOutcome> {
    this.structure.delete(key);
    this.structureWrites.push({ key, method: 'DELETE' });
    return Promise.resolve(WriteOutcome.WRITTEN);
  }
}
