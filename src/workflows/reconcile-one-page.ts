/**
 * The reconcile phases as runs started before the `reconcile-multi-page` patch execute them: one PIM page
 * per activity, one page at a time. Kept unchanged so those runs replay; new runs use `reconcile-batched`.
 */
import { addCounts, KINDS, PHASE_DELETIONS, PHASE_DONE, type ReconcileRun } from './reconcile-run';

/** Ids checked against the PIM per request (Akeneo's list limit). */
const CHECK_CHUNK = 100;

/** Lists each kind one page per activity, prefetching the next page while the current one is signalled. */
export async function listOnePageAtATime(r: ReconcileRun): Promise<void> {
  const { p, pim, temporal } = r;
  while (p.phase < PHASE_DELETIONS) {
    const kind = KINDS[p.phase];
    let pending = pim.listPimPage(p.cursor ? { kind, next: p.cursor } : { kind, updatedAfter: p.since });
    for (;;) {
      const page = await pending;
      // Fetch the next page while this one is signalled.
      if (page.next) pending = pim.listPimPage({ kind, next: page.next });
      addCounts(p.counts, { seen: page.items.length, ...(await temporal.signalEntities({ kind, items: page.items })) });
      p.cursor = page.next;
      if (!page.next) break;
      if (r.tooLong()) await r.carryOn();
    }
    p.phase += 1;
  }
}

/** Full mode: checks the known ids against the PIM 100 at a time, one check at a time. */
export async function checkDeletionsOneChunkAtATime(r: ReconcileRun): Promise<void> {
  const { p, pim, temporal, input } = r;
  while (input.mode === 'full' && p.phase < PHASE_DONE) {
    const kind = KINDS[p.phase - PHASE_DELETIONS];
    do {
      const { ids, nextPageToken } = await temporal.listSyncedIds({ kind, pageToken: p.cursor });
      for (let i = 0; i < ids.length; i += CHECK_CHUNK) {
        const missing = await pim.findMissingInPim({ kind, ids: ids.slice(i, i + CHECK_CHUNK) });
        if (missing.length) {
          p.counts.deleted += await temporal.markGone({ kind, ids: missing, policy: input.deletePolicy ?? 'delete', runId: p.startedAt });
        }
      }
      p.cursor = nextPageToken;
      if (p.cursor && r.tooLong()) await r.carryOn();
    } while (p.cursor);
    p.phase += 1;
  }
}
