/**
 * The reconcile phases in batches: one activity lists up to {@link PAGES_PER_LISTING} PIM pages (pacing
 * itself), the next batch is listed while up to {@link BATCHES_SIGNALLING} batches are signalled, and
 * deletions are found in one scan of the sync state, a whole page of known ids per check.
 */
import type { EntityKind } from './definitions';
import { PAGES_PER_LISTING } from '../domain/limits';
import { holdGone, holdsDeletions } from './reconcile-deletions';
import { addCounts, KINDS, PHASE_DELETIONS, PHASE_DONE, type ReconcileRun } from './reconcile-run';

/** `signalEntities` activities in flight at once, each for one listed batch. */
export const BATCHES_SIGNALLING = 2;

/** Lists each kind in batches of pages; signals them while the next batch is listed. */
export async function listInBatches(r: ReconcileRun): Promise<void> {
  const { p, pim, temporal } = r;
  const maxPages = r.input.pagesPerListing ?? PAGES_PER_LISTING;
  while (p.phase < PHASE_DELETIONS) {
    const kind = KINDS[p.phase];
    const list = (at: { next: string } | { updatedAfter?: string }) => pim.listPimPages({ kind, ...at, maxPages });
    let pending = list(p.cursor ? { next: p.cursor } : { updatedAfter: p.since });
    const signalling: Array<Promise<void>> = [];
    for (;;) {
      const batch = await pending;
      if (batch.next) pending = list({ next: batch.next });
      // Counts are sums: the order in which the batches finish does not change them.
      const observed = r.guarded ? { observedBy: `reconcile-${p.startedAt}` } : {};
      signalling.push(temporal.signalEntities({ kind, items: batch.items, ...observed }).then((c) => addCounts(p.counts, { seen: batch.items.length, ...c })));
      if (signalling.length >= BATCHES_SIGNALLING) await signalling.shift();
      if (!batch.next) break;
      if (r.tooLong()) {
        // The cursor moves past a batch only once it is signalled; the prefetched batch is listed again.
        await Promise.all(signalling);
        p.cursor = batch.next;
        await r.carryOn();
      }
    }
    await Promise.all(signalling);
    p.cursor = undefined;
    p.phase += 1;
  }
}

/**
 * Full mode: scans the sync state once for both kinds, checking each page of known ids (≤ 1,000) in one
 * activity per kind while the next page is listed. A scan the one-page path began (continued as new from
 * a run of the old shape) goes on for its kind alone, and the product models get their own scan after it.
 */
export async function checkDeletionsInBatches(r: ReconcileRun): Promise<void> {
  const { p, input } = r;
  while (input.mode === 'full' && p.phase < PHASE_DONE) {
    const bothKinds = p.phase === PHASE_DELETIONS && (p.cursor === undefined || p.scanBothKinds === true);
    if (bothKinds) p.scanBothKinds = true;
    await scanSyncState(r, bothKinds ? KINDS : [KINDS[p.phase - PHASE_DELETIONS]]);
    p.cursor = undefined;
    p.phase = bothKinds ? PHASE_DONE : p.phase + 1;
  }
}

/** Pages through the sync state from `p.cursor`, handing the ids of `kinds` the PIM no longer has to the delete policy. */
async function scanSyncState(r: ReconcileRun, kinds: EntityKind[]): Promise<void> {
  const { p, pim, temporal, input } = r;
  const checkKind = async (kind: EntityKind, ids: string[]): Promise<void> => {
    const missing = ids.length ? await pim.findMissingInPim({ kind, ids }) : [];
    if (holdsDeletions(r)) return holdGone(r, kind, ids.length, missing);
    if (missing.length) {
      // Not `+= await`: that would read the count before the other kind's check adds to it.
      const deleted = await temporal.markGone({ kind, ids: missing, policy: input.deletePolicy ?? 'delete', runId: p.startedAt });
      p.counts.deleted += deleted;
    }
  };
  let pending = temporal.listSyncedEntities({ pageToken: p.cursor });
  for (;;) {
    const { ids, nextPageToken } = await pending;
    if (nextPageToken) pending = temporal.listSyncedEntities({ pageToken: nextPageToken });
    await Promise.all(kinds.map((kind) => checkKind(kind, ids[kind])));
    p.cursor = nextPageToken;
    if (!p.cursor) return;
    if (r.tooLong()) await r.carryOn();
  }
}
