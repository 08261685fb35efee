/**
 * The one-item structure workflow a structure event starts (signal-with-start): syncs its item through
 * `syncStructureItem` on the PIM task queue, again while signals arrived during a sync, then completes. The
 * schedule's full run stays the safety net for an event lost or failed.
 */
import { allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { StructureActivities } from '../activities/structure-sync';
import { ACTIVITY_RETRY_POLICY, SYNC_ACTIVITY_OPTIONS } from './activity-options';
import { pimTaskQueue } from './ids';
import { structureItemChangedSignal, type StructureItemInput } from './structure-item-definitions';

/** Syncs `input.key` once per burst of events; returns how many syncs ran. */
export async function structureItemWorkflow(input: StructureItemInput): Promise<number> {
  const { syncStructureItem } = proxyActivities<StructureActivities>({
    ...SYNC_ACTIVITY_OPTIONS,
    retry: ACTIVITY_RETRY_POLICY,
    taskQueue: pimTaskQueue(workflowInfo().taskQueue),
  });
  let signals = 0;
  setHandler(structureItemChangedSignal, () => {
    signals++;
  });
  // The start's own signal may be delivered after the start job of the same activation: wait for it, so it
  // does not count as a change during the first sync (a start without signal still syncs once).
  await condition(() => signals > 0, '10 seconds');
  let runs = 0;
  let seen: number;
  do {
    seen = signals;
    await syncStructureItem({ key: input.key });
    runs++;
  } while (signals > seen);
  await condition(allHandlersFinished);
  return runs;
}
