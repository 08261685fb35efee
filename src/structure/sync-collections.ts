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

/**
 * Where one collection is: counts of its committed pages, the child collections they named that this call does
 * not list itself, the next page (absent once `done`).
 */
export interface CollectionProgress extends StructureCounts {
  collection: string;
  discoverOnly?: boolean;
  children: string[];
  next?: string;
  done: boolean;
}

/** Items per batch committed to the ledger and the destination. */
export const STRUCTURE_BATCH_ITEMS = 10_000;
/** Most child collections one call lists itself (the rest go back to the workflow): bounds the heartbeat's size. */
export const MAX_FOLLOWED_COLLECTIONS = 200;

interface ListedPage {
  collection: string;
  items: Array<StructureItem & { digest: string }>;
  /** Named children left to the workflow, and those this call lists itself. */
  children: string[];
  followed: string[];
  next?: string;
}

/** Input of {@link syncStructureCollections}. */
export interface SyncCollectionsInput {
  cursors: readonly CollectionCursor[];
  run: string;
  /** Pages listed in all, children included. */
  maxPages: number;
  /** Child kinds (attribute options, family variants) listed by the same call as their parent, as its pages name them. */
  follow?: readonly string[];
  batchItems?: number;
}

/** The progress of `cursors` before any page is listed. */
export function startProgress(cursors: readonly CollectionCursor[]): CollectionProgress[] {
  return cursors.map((c) => ({
    collection: c.collection,
    ...(c.discoverOnly ? { discoverOnly: true } : {}),
    listed: 0,
    written: 0,
    unchanged: 0,
    children: [],
    done: false,
    ...(c.next !== undefined ? { next: c.next } : {}),
  }));
}

/**
 * Lists up to `maxPages` pages of `cursors` (and of the children they name, when followed) from `progress` (a
 * retry's committed progress), syncing what changed; calls `onCommit` after each batch. Resolves with the progress
 * of each collection listed: the cursors first, then the followed children.
 */
export async function syncStructureCollections(
  deps: StructureSyncDeps,
  input: SyncCollectionsInput,
  progress: CollectionProgress[] = startProgress(input.cursors),
  onCommit: (progress: CollectionProgress[]) => void = () => undefined,
  signal?: AbortSignal,
): Promise<CollectionProgress[]> {
  const batchItems = input.batchItems ?? STRUCTURE_BATCH_ITEMS;
  const follow = input.follow ?? [];
  let pending: ListedPage[] = [];
  let pendingItems = 0;
  let committing: Promise<void> = Promise.resolve();
  let failed = false;
  let budget = input.maxPages;
  let followed = progress.length - input.cursors.length;
  const listers: Promise<void>[] = [];
  const commitPending = (): Promise<void> => {
    const pages = pending;
    [pending, pendingItems] = [[], 0];
    committing = committing.then(() => commit(deps, input.run, pages, progress, signal)).then(() => onCommit(progress));
    committing.catch(() => (failed = true));
    return committing;
  };
  const list = async (collection: string, discoverOnly: boolean | undefined, from: string | undefined): Promise<void> => {
    let next = from;
    while (budget > 0 && !failed) {
      budget--;
      const page = await wrap(() => deps.reader.listPage(collection, next, signal), deps.pimError);
      const items = discoverOnly ? [] : page.items.map((i) => ({ ...i, digest: structureDigest(i.data) }));
      const named = childCollections(collection, page);
      const mine: string[] = [];
      for (const c of named) if (follow.includes(c.split('/')[0]) && followed + mine.length < MAX_FOLLOWED_COLLECTIONS) mine.push(c);
      followed += mine.length;
      pending.push({ collection, items, children: named.filter((c) => !mine.includes(c)), followed: mine, ...(page.next !== undefined ? { next: page.next } : {}) });
      pendingItems += items.length;
      listers.push(...mine.map((c) => list(c, false, undefined)));
      if (pendingItems >= batchItems) {
        await committing; // one batch committing while the next fills
        if (pendingItems >= batchItems) void commitPending();
      }
      if (page.next === undefined) return;
      next = page.next;
    }
  };
  listers.push(...progress.filter((p) => !p.done).map((p) => list(p.collection, p.discoverOnly, p.next)));
  try {
    // Listers add listers (followed children): wait until no new one appeared.
    for (let seen = 0; seen < listers.length; ) {
      const upTo = listers.length;
      await Promise.all(listers.slice(seen, upTo));
      seen = upTo;
    }
  } catch (err) {
    failed = true; // the other listers stop; the batch being committed settles before the call fails
    await committing.catch(() => undefined);
    throw err;
  }
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
  const byName = new Map(progress.map((p) => [p.collection, p]));
  for (const page of pages) {
    // A followed child's entry appears with the page that named it: a retry that resumes before that page names it again.
    for (const child of page.followed) {
      const entry: CollectionProgress = { collection: child, listed: 0, written: 0, unchanged: 0, children: [], done: false };
      progress.push(entry);
      byName.set(child, entry);
    }
    const p = byName.get(page.collection)!;
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
