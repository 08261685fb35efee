/**
 * Reconciliation activities that call the PIM, on the PIM task queue. The PIM's limits are kept per request,
 * not per activity: these activities, which make several requests, get the worker's PIM client, paced by its
 * token bucket and bounded by the REST client's semaphore (see `createWorkers`), so they limit themselves.
 */
import { Context } from '@temporalio/activity';
import { contentDigest } from '../akeneo/content-digest';
import type { PimEntityReader, PimListItem, PimListOptions, PimLister, PimPage, PimReader } from '../akeneo/types';
import type { EntityKind } from '../domain/entity';
import { DEFAULT_PIM_MAX_CONCURRENCY, PAGES_PER_LISTING, PIM_LIST_MAX_LIMIT } from '../domain/limits';
import { mapBoundedInOrder } from './bounded';
import { toPimFailure } from './failure-mapping';

/** Input of `listPimPage`: the first page (with an optional `updatedAfter`) or the page at `next`. */
export interface ListPimPageInput {
  kind: EntityKind;
  updatedAfter?: string;
  /** Only the children of this product model (a model's change cascading to its descendants). */
  parent?: string;
  next?: string;
}

/** Input of `listPimPages`: where to start, as for `listPimPage`, and how much to list in one go. */
export interface ListPimPagesInput extends ListPimPageInput {
  /** Most pages to list (default {@link PAGES_PER_LISTING}). */
  maxPages?: number;
  /** No page is started after this many ms, once one is listed (default {@link LISTING_BUDGET_MS}). */
  budgetMs?: number;
}

/** Default time budget of one `listPimPages` call, well within its 30 s start-to-close timeout. */
export const LISTING_BUDGET_MS = 5_000;

/** What `listPimPages` heartbeats after each page, and resumes from on a retry. */
type ListingProgress = PimPage & { pages: number };

/**
 * Creates the PIM-facing reconcile activities; `reader` (the worker's batching reader) serves `observeEntities`.
 */
export function createReconcilePimActivities(deps: { pim: PimLister & Pick<PimReader, 'getProduct'>; reader?: PimEntityReader }) {
  return {
    /**
     * The entities among `ids` (at most {@link PIM_LIST_MAX_LIMIT}) as the PIM holds them now, as `{id, updated,
     * digest}` like a listing's items; one the PIM answers 404 for is left out. Read through the batching reader:
     * one search, and a GET of each one the search index misses.
     */
    observeEntities: async (input: { kind: EntityKind; ids: string[] }): Promise<PimListItem[]> => {
      const ctx = Context.current();
      const reader = deps.reader;
      if (!reader) throw new Error('observeEntities needs a reader');
      try {
        const found = await Promise.all(
          input.ids.slice(0, PIM_LIST_MAX_LIMIT).map(async (id) => {
            const entity = await reader.read(input.kind, id, ctx.cancellationSignal);
            ctx.heartbeat();
            return entity && { id, updated: entity.updated, digest: contentDigest(entity) };
          }),
        );
        return found.filter((item) => item !== undefined);
      } catch (err) {
        throw toPimFailure(err);
      }
    },

    /** One page (≤ 100) of `{id, updated}` from the PIM's list endpoint, search_after pagination. */
    listPimPage: async (input: ListPimPageInput): Promise<PimPage> => {
      try {
        const options = input.next ? { next: input.next } : { updatedAfter: input.updatedAfter };
        return await deps.pim.listPage(input.kind, options, Context.current().cancellationSignal);
      } catch (err) {
        throw toPimFailure(err);
      }
    },

    /**
     * Several consecutive pages (up to `maxPages` or the time budget) as one list of `{id, updated}` and the
     * next page's URL. Heartbeats the items and cursor after each page, so a retry (e.g. after a 429's
     * Retry-After) resumes at the page that failed.
     */
    listPimPages: async (input: ListPimPagesInput): Promise<PimPage> => {
      const ctx = Context.current();
      const resumed = ctx.info.heartbeatDetails as ListingProgress | undefined;
      const items = [...(resumed?.items ?? [])];
      let pages = resumed?.pages ?? 0;
      let at: PimListOptions | undefined = input.next ? { next: input.next } : { updatedAfter: input.updatedAfter, parent: input.parent };
      if (resumed) at = resumed.next ? { next: resumed.next } : undefined;
      const deadline = Date.now() + (input.budgetMs ?? LISTING_BUDGET_MS);
      try {
        while (at && pages < (input.maxPages ?? PAGES_PER_LISTING) && (pages === 0 || Date.now() < deadline)) {
          const page = await deps.pim.listPage(input.kind, at, ctx.cancellationSignal);
          items.push(...page.items);
          pages += 1;
          at = page.next ? { next: page.next } : undefined;
          ctx.heartbeat({ items, pages, ...(page.next && { next: page.next }) } satisfies ListingProgress);
        }
      } catch (err) {
        throw toPimFailure(err);
      }
      return at?.next ? { items, next: at.next } : { items };
    },

    /**
     * The ids the PIM no longer has, in their order. A product absent from a `uuid IN` search is only a hint
     * (the search index can lag the database): it counts as missing only when a GET of it answers 404.
     * One request per 100 products (plus one GET per hint) or per product model, up to the PIM concurrency at
     * once; heartbeats the checked prefix so a retry does not check it again.
     */
    findMissingInPim: async (input: { kind: EntityKind; ids: string[] }): Promise<string[]> => {
      const ctx = Context.current();
      const resumed = ctx.info.heartbeatDetails as { done: number; missing: string[] } | undefined;
      // One request per chunk, so one heartbeat per request: a `uuid IN` search of 100 products, or one GET per product model.
      const size = input.kind === 'product' ? PIM_LIST_MAX_LIMIT : 1;
      const chunks: string[][] = [];
      for (let i = 0; i < input.ids.length; i += size) chunks.push(input.ids.slice(i, i + size));
      const skipped = resumed?.done ?? 0;
      const before = resumed?.missing ?? [];
      const missingIn = async (ids: string[]): Promise<string[]> => {
        const existing = new Set(await deps.pim.findExisting(input.kind, ids, ctx.cancellationSignal));
        const hints = ids.filter((id) => !existing.has(id));
        // Product models were checked by GET already; products absent from the search are checked now.
        if (input.kind === 'product-model' || hints.length === 0) return hints;
        return confirmGone(hints, (uuid) => deps.pim.getProduct(uuid, ctx.cancellationSignal));
      };
      try {
        const found = await mapBoundedInOrder(chunks.slice(skipped), DEFAULT_PIM_MAX_CONCURRENCY, missingIn, (done, results) => {
          ctx.heartbeat({ done: skipped + done, missing: [...before, ...results.flat()] });
        });
        return [...before, ...found.flat()];
      } catch (err) {
        throw toPimFailure(err);
      }
    },
  };
}

/** The PIM-facing reconcile activities, as the workflow sees them. */
export type ReconcilePimActivities = ReturnType<typeof createReconcilePimActivities>;

/** The `uuids` whose GET answers 404, one GET at a time (the caller already runs chunks side by side). */
async function confirmGone(uuids: string[], get: (uuid: string) => Promise<unknown>): Promise<string[]> {
  const gone: string[] = [];
  for (const uuid of uuids) if ((await get(uuid)) === undefined) gone.push(uuid);
  return gone;
}
