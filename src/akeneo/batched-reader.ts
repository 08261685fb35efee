/**
 * Entity reads grouped into searches, DataLoader style: the first read opens a short window, and every read
 * of the same kind asked for within it is served by one search of up to 100 ids (a batch of one is a plain
 * GET). Knows nothing about Temporal; the pacing and the semaphore are the client's, so each request of a
 * batch (its search, each confirming GET) takes one token and one slot.
 */
import type { EntityKind } from '../domain/entity';
import { PIM_LIST_MAX_LIMIT } from '../domain/limits';
import { ModelSearchSupport } from './model-search-support';
import { PimHttpError } from './rest-client';
import type { PimEntity, PimEntityReader, PimReader, PimSearcher } from './types';

/** Default time the first read of a batch waits for others to join it. */
export const BATCH_WINDOW_MS = 25;
/**
 * Most characters of ids in one search. Its ids travel in the URL, which proxies cap (nginx's default
 * `large_client_header_buffers 4 8k` refuses a request line over 8 KB): 100 uuids take 3,600.
 */
export const MAX_BATCH_ID_CHARS = 5_000;

/** Options of {@link BatchedPimReader}. */
export interface BatchedPimReaderOptions {
  /** How long the first read of a batch waits for more (default {@link BATCH_WINDOW_MS}). */
  windowMs?: number;
  /** Most ids per search (default 100, Akeneo's page size). */
  maxBatch?: number;
  /** Whether product models can be searched by code; share one per process so a refusal is learnt once. */
  modelSearch?: ModelSearchSupport;
}

interface Waiter {
  resolve(entity: PimEntity | undefined): void;
  reject(err: Error): void;
}

/** One id of a batch and the reads waiting for it. */
interface Entry {
  id: string;
  waiters: Set<Waiter>;
}

interface Batch {
  kind: EntityKind;
  /** By normalized id: two reads of the same entity share one answer. */
  entries: Map<string, Entry>;
  chars: number;
  timer?: NodeJS.Timeout;
  sent: boolean;
  /** Aborts the batch's requests once no read waits for them any more. */
  abort: AbortController;
}

/**
 * Serves single-entity reads with as few requests as the PIM allows. An entity a search leaves out is read by
 * GET before it counts as gone: the search index can lag the database (akeneo-real-behaviour.md §5; Akeneo's
 * troubleshooting page, "Read after write eventual consistency"). A failed search fails every read of its batch
 * with the same error; a read that is cancelled leaves the others of its batch alone.
 */
export class BatchedPimReader implements PimEntityReader {
  private readonly open: Partial<Record<EntityKind, Batch>> = {};
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly modelSearch: ModelSearchSupport;

  constructor(
    private readonly pim: Pick<PimReader, 'getProduct' | 'getProductModel'> & PimSearcher,
    options: BatchedPimReaderOptions = {},
  ) {
    this.windowMs = options.windowMs ?? BATCH_WINDOW_MS;
    this.maxBatch = Math.min(options.maxBatch ?? PIM_LIST_MAX_LIMIT, PIM_LIST_MAX_LIMIT);
    this.modelSearch = options.modelSearch ?? new ModelSearchSupport();
  }

  /** The entity as its GET shows it (a search's `_links` left out); `undefined` only when a GET of it answers 404. */
  read(kind: EntityKind, id: string, signal?: AbortSignal): Promise<PimEntity | undefined> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise((resolve, reject) => {
      const batch = this.batchFor(kind, id);
      const key = normalize(id);
      const entry = batch.entries.get(key) ?? this.add(batch, key, id);
      const onAbort = (): void => {
        entry.waiters.delete(waiter);
        this.abandonIfUnwanted(batch);
        reject(signal?.reason as Error);
      };
      const waiter: Waiter = {
        resolve: (entity) => (signal?.removeEventListener('abort', onAbort), resolve(entity)),
        reject: (err) => (signal?.removeEventListener('abort', onAbort), reject(err)),
      };
      entry.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (batch.entries.size >= this.maxBatch) this.send(batch);
    });
  }

  /** The open batch of `kind` that `id` fits in, opening one (and its window) if needed. */
  private batchFor(kind: EntityKind, id: string): Batch {
    const current = this.open[kind];
    if (current && (current.entries.has(normalize(id)) || current.chars + id.length <= MAX_BATCH_ID_CHARS)) return current;
    if (current) this.send(current);
    const batch: Batch = { kind, entries: new Map(), chars: 0, sent: false, abort: new AbortController() };
    batch.timer = setTimeout(() => this.send(batch), this.windowMs);
    this.open[kind] = batch;
    return batch;
  }

  private add(batch: Batch, key: string, id: string): Entry {
    const entry: Entry = { id, waiters: new Set() };
    batch.entries.set(key, entry);
    batch.chars += id.length;
    return entry;
  }

  private send(batch: Batch): void {
    if (batch.sent) return;
    batch.sent = true;
    clearTimeout(batch.timer);
    if (this.open[batch.kind] === batch) delete this.open[batch.kind];
    void this.serve(batch);
  }

  /** Aborts a sent batch's requests once every read of it was cancelled. */
  private abandonIfUnwanted(batch: Batch): void {
    if (!batch.sent) return;
    for (const entry of batch.entries.values()) if (entry.waiters.size > 0) return;
    batch.abort.abort(new Error('every read of the batch was cancelled'));
  }

  /** Answers every read of `batch`; never rejects. */
  private async serve(batch: Batch): Promise<void> {
    const { kind } = batch;
    const signal = batch.abort.signal;
    const entries = [...batch.entries.values()].filter((e) => e.waiters.size > 0);
    try {
      if (entries.length === 0) return;
      if (entries.length === 1 || (kind === 'product-model' && !this.modelSearch.supported)) return await this.getEach(kind, entries, signal);
      const found = await this.search(kind, entries, signal);
      if (!found) return await this.getEach(kind, entries, signal);
      const missing = entries.filter((entry) => {
        const hit = found.get(normalize(entry.id));
        if (hit) settle(entry, withoutLinks(hit));
        return !hit;
      });
      await this.getEach(kind, missing, signal);
    } catch (err) {
      for (const entry of entries) fail(entry, err as Error);
    }
  }

  /** One search for the entries' ids, by normalized id; `undefined` when the PIM refuses to search product models by code. */
  private async search(kind: EntityKind, entries: Entry[], signal: AbortSignal): Promise<Map<string, PimEntity> | undefined> {
    try {
      const items = await this.pim.searchByIds(kind, entries.map((e) => e.id), signal);
      return new Map(items.map((item) => [normalize(String(kind === 'product' ? item.uuid : item.code)), item]));
    } catch (err) {
      if (kind !== 'product-model' || !(err instanceof PimHttpError) || (err.status !== 400 && err.status !== 422)) throw err;
      this.modelSearch.refused(err);
      return undefined;
    }
  }

  /** One GET per entry, side by side; each one's failure fails its own reads only. */
  private async getEach(kind: EntityKind, entries: Entry[], signal: AbortSignal): Promise<void> {
    const get = (id: string) => (kind === 'product' ? this.pim.getProduct(id, signal) : this.pim.getProductModel(id, signal));
    await Promise.all(
      entries.map(async (entry) => {
        try {
          settle(entry, await get(entry.id));
        } catch (err) {
          fail(entry, err as Error);
        }
      }),
    );
  }
}

/**
 * Uuids compare case-insensitively, and so do product-model codes: products and models share one search index
 * whose `identifier` (a model's code) goes through a lowercase normalizer (akeneo/pim-community-dev
 * src/Akeneo/Pim/Enrichment/Bundle/Resources/elasticsearch/product_mapping.yml, `identifier_normalizer`).
 */
function normalize(id: string): string {
  return id.toLowerCase();
}

/** A list item as its GET shows it: lists add `_links` to each item. */
function withoutLinks(item: PimEntity): PimEntity {
  const { _links: _, ...entity } = item;
  return entity;
}

function settle(entry: Entry, entity: PimEntity | undefined): void {
  const waiters = [...entry.waiters];
  entry.waiters.clear();
  for (const w of waiters) w.resolve(entity);
}

function fail(entry: Entry, err: Error): void {
  const waiters = [...entry.waiters];
  entry.waiters.clear();
  for (const w of waiters) w.reject(err);
}
