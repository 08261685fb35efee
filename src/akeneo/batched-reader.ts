/**
 * Entity reads grouped into searches, DataLoader style: the first read opens a window (short, longer during a
 * burst of reads), and every read of the same kind asked for within it (or while the batches before are in
 * flight) is served by one search of up to 100 ids; a batch of one is a plain GET. Knows nothing about Temporal; the pacing and the semaphore
 * are the client's, so each request of a batch (its search, each confirming GET) takes one token and one slot.
 */
import type { EntityKind } from '../domain/entity';
import { entityIdProblem, InvalidEntityIdError, shownId } from '../domain/entity-code';
import { PIM_LIST_MAX_LIMIT } from '../domain/limits';
import { ModelSearchSupport } from './model-search-support';
import { fail, ReadBatches, settle, type Batch, type Entry } from './read-batches';
import { PimHttpError } from './pim-errors';
import type { PimEntity, PimEntityReader, PimReader, PimSearcher } from './types';

/** Default time the first read of a batch waits for others to join it: short, so a lone change is read at once. */
export const BATCH_WINDOW_MS = 25;
/**
 * Default window while reads come in a burst. Temporal hands the syncs of a mass edit to the worker spread out
 * (20 to 30 a second on a small machine), so a 25 ms window would read them one or two at a time; two seconds
 * gather one search's worth of 40 or more (a 1 s window measured 0.056 PIM requests per product in the 3,000-product
 * mass-edit benchmark), at a cost of at most two seconds on syncs that are queued anyway.
 */
export const BURST_WINDOW_MS = 2_000;
/** Default reads within the last second from which a kind's reads count as a burst: more than a trickle of changes. */
export const BURST_READS_PER_SECOND = 10;
/**
 * Most characters of ids in one search. Its ids travel in the URL, which proxies cap (nginx's default
 * `large_client_header_buffers 4 8k` refuses a request line over 8 KB): 100 uuids take 3,600.
 */
export const MAX_BATCH_ID_CHARS = 5_000;
/**
 * Batches of one kind in flight at once, waiting for a token or a slot included. Two keep a request going while
 * the next batch gathers; more would only split the same reads into more, smaller requests.
 */
export const MAX_BATCHES_IN_FLIGHT = 2;

/** Options of {@link BatchedPimReader}. */
export interface BatchedPimReaderOptions {
  /** How long the first read of a batch waits for more (default {@link BATCH_WINDOW_MS}). */
  windowMs?: number;
  /** The window during a burst of reads (default {@link BURST_WINDOW_MS}). */
  burstWindowMs?: number;
  /** Reads within a second from which they count as a burst (default {@link BURST_READS_PER_SECOND}). */
  burstReadsPerSecond?: number;
  /** Most ids per search (default 100, Akeneo's page size). */
  maxBatch?: number;
  /** Whether product models can be searched by code; share one per process so a refusal is learnt once. */
  modelSearch?: ModelSearchSupport;
}

/**
 * Serves single-entity reads with as few requests as the PIM allows. An entity a search leaves out is read by
 * GET before it counts as gone: the search index can lag the database (akeneo-real-behaviour.md §5; Akeneo's
 * troubleshooting page, "Read after write eventual consistency"). A failed search fails every read of its batch
 * with the same error; a read that is cancelled leaves the others of its batch alone.
 */
export class BatchedPimReader implements PimEntityReader {
  private readonly batches: Record<EntityKind, ReadBatches>;
  private readonly modelSearch: ModelSearchSupport;

  constructor(
    private readonly pim: Pick<PimReader, 'getProduct' | 'getProductModel'> & PimSearcher,
    options: BatchedPimReaderOptions = {},
  ) {
    this.modelSearch = options.modelSearch ?? new ModelSearchSupport();
    const common = {
      windowMs: options.windowMs ?? BATCH_WINDOW_MS,
      burstWindowMs: options.burstWindowMs ?? BURST_WINDOW_MS,
      burstReadsPerSecond: options.burstReadsPerSecond ?? BURST_READS_PER_SECOND,
      maxIds: Math.min(options.maxBatch ?? PIM_LIST_MAX_LIMIT, PIM_LIST_MAX_LIMIT),
      maxIdChars: MAX_BATCH_ID_CHARS,
      maxInFlight: MAX_BATCHES_IN_FLIGHT,
      normalize,
    };
    this.batches = {
      product: new ReadBatches({ ...common, serve: (batch) => this.serve('product', batch) }),
      'product-model': new ReadBatches({ ...common, serve: (batch) => this.serve('product-model', batch) }),
    };
  }

  /**
   * The entity as its GET shows it (a search's `_links` left out); `undefined` only when a GET of it answers 404.
   * Rejects with `InvalidEntityIdError`, joining no batch, when `id` cannot name an entity of `kind`.
   */
  read(kind: EntityKind, id: string, signal?: AbortSignal): Promise<PimEntity | undefined> {
    const problem = entityIdProblem(kind, id);
    if (problem) return Promise.reject(new InvalidEntityIdError(`not reading ${kind} ${shownId(id)} from the PIM: it ${problem}`));
    return this.batches[kind].read(id, signal);
  }

  /** Answers every read of `batch`; never rejects. */
  private async serve(kind: EntityKind, batch: Batch): Promise<void> {
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
