/**
 * The last phase of a reconcile run (since the `reconcile-failed-entities` patch): every entity whose last sync
 * failed is read from the PIM and signalled again, whether or not the run's listing found it changed. A delta run
 * lists only what changed since its watermark, and an entity that failed before it would otherwise wait for its
 * own back-off or the next full run.
 */
import { PIM_LIST_MAX_LIMIT } from '../domain/limits';
import { addCounts, KINDS, type ReconcileRun } from './reconcile-run';

/** Signals again the entities of the sync state whose last sync failed, a visibility page at a time. */
export async function resignalFailed(r: ReconcileRun): Promise<void> {
  const { p, pim, temporal } = r;
  if (p.failedScanDone) return;
  const observedBy = `reconcile-${p.startedAt}`;
  for (;;) {
    const { ids, nextPageToken } = await temporal.listFailedEntities({ pageToken: p.failedCursor });
    for (const kind of KINDS) {
      for (let i = 0; i < ids[kind].length; i += PIM_LIST_MAX_LIMIT) {
        const items = await pim.observeEntities({ kind, ids: ids[kind].slice(i, i + PIM_LIST_MAX_LIMIT) });
        if (items.length) addCounts(p.counts, await temporal.signalEntities({ kind, items, observedBy }));
      }
    }
    p.failedCursor = nextPageToken;
    if (!nextPageToken) break;
    if (r.tooLong()) await r.carryOn();
  }
  p.failedScanDone = true;
}
