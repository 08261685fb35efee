/**
 * Lists several structure collections at once and syncs what changed, in batches: every collection is listed page
 * by page at the same time (the PIM client's slots and rate bound them), the pages flow into a batch, and each
 * batch is committed while listing goes on: one ledger update per shard for the whole batch (not per page), the
 * writes of the items whose digest changed, then their digests recorded. Progress moves only past committed pages,
 * so a retry resumes from there; at most one batch is committed while the next fills, so memory stays bounded.
 */
import { structureDigest } from '../akeneo/content-digest';
import type { StructureItem } from '../akeneo/structure-reader';
import { mapBounded } from '../activities/bounded';
import { childCollections, wrap, type StructureCounts, type StructureSyncDeps } from './sync-pages';

/** One collection to list: from its first page, or from `next`; `discoverOnly` names its children and syncs nothing. */
export interface CollectionCursor {
  collection: string;
  next?: string;
  discoverOnly?: boolean;
}

/** Where one collection is: counts of its committed pages, the child collections they named, the next page (absent once `done`). */
export interface CollectionProgress extends StructureCounts {
  children: string[];
  next?: string;
  done: boolean;
}

/** Items per batch committed to the ledger and the destination. */
export const STRUCTURE_BATCH_ITEMS = 5_000;

interface ListedPage {
  index: number;
  items: Array<StructureItem & { digest: string }>;
  children: string[];
  next?: string;
}

/** The progress of `cursors` before any page is listed. */
export function startProgress(cursors: readonly CollectionCursor[]): CollectionProgress[] {
  return cursors.map((c) => ({ listed: 0, written: 0, unchanged: 0, children: [], done: false, ...(c.next !== undefined ? { next: c.next } : {}) }));
}

/**
 * Lists up to `maxPages` pages in all of `cursors` from `progress` (a retry's committed progress), syncing what
 * changed; calls `onCommit` after each batch; resolves with each collection's progress, in `cursors` order.
 */
export async function syncStructureCollections(
  deps: StructureSyncDeps,
  input: { cursors: readonly CollectionCursor[]; run: string; maxPages: number; batchItems?: number },
  progress: CollectionProgress[] = startProgress(input.cursors),
  onCommit: (progress: CollectionProgress[]) => void = () => undefined,
  signal?: AbortSignal,
): Promise<CollectionProgress[]> {
  const batchItems = input.batchItems ?? STRUCTURE_BATCH_ITEMS;
  let pending: ListedPage[] = [];
  let pendingItems = 0;
  let committing: Promise<void> = Promise.resolve();
  let failed = false;
  let budget = input.maxPages;
  const commitPending = (): Promise<void> => {
    const pages = pending;
    [pending, pendingItems] = [[], 0];
    committing = committing.then(() => commit(deps, input.run, pages, progress, signal)).then(() => onCommit(progress));
    committing.catch(() => (failed = true));
    return committing;
  };
  const list = async (index: number): Promise<void> => {
    const { collection, discoverOnly } = input.cursors[index];
    let next = progress[index].next;
    while (budget > 0 && !failed) {
      budget--;
      const page = await wrap(() => deps.reader.listPage(collection, next, signal), deps.pimError);
      const items = discoverOnly ? [] : page.items.map((i) => ({ ...i, digest: structureDigest(i.data) }));
      pending.push({ index, items, children: childCollections(collection, page), ...(page.next !== undefined ? { next: page.next } : {}) });
      pendingItems += items.length;
      if (pendingItems >= batchItems) {
        await committing; // one batch committing while the next fills
        if (pendingItems >= batchItems) void commitPending();
      }
      if (page.next === undefined) return;
      next = page.next;
    }
  };
  await Promise.all(progress.map((p, index) => (p.done ? Promise.resolve() : list(index))));
  await commitPending();
  return progress;
}

/** Observes a batch's items in the ledger, writes the changed ones, records their digests, then moves the progress past its pages. */
async function commit(deps: StructureSyncDeps, run: string, pages: ListedPage[], progress: CollectionProgress[], signal?: AbortSignal): Promise<void> {
  const items = pages.flatMap((p) => p.items);
  const changed = new Set(items.length > 0 ? await deps.ledger.observe(run, items.map((i) => [i.key, i.digest]), signal) : []);
  const toWrite = items.filter((i) => changed.has(i.key));
  await wrap(() => mapBounded(toWrite, deps.writeConcurrency, (i) => deps.destination.upsertStructure(i.key, i.data, { digest: i.digest }, signal)), deps.destinationError);
  if (toWrite.length > 0) await deps.ledger.recordWritten(toWrite.map((i) => [i.key, i.digest]), signal);
  for (const page of pages) {
    const p = progress[page.index];
    const written = page.items.filter((i) => changed.has(i.key)).length;
    p.listed += page.items.length;
    p.written += written;
    p.unchanged += page.items.length - written;
    p.children.push(...page.children);
    if (page.next === undefined) delete p.next;
    else p.next = page.next;
    p.done = page.next === undefined;
  }
}
