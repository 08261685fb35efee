/**
 * The scheduled reconciliation: lists entities from the PIM (updated since the last watermark, or all),
 * signals the ones whose version is not written yet, in full mode hands entities gone from the PIM
 * to the delete policy, and signals again every entity whose last sync failed. The PIM activities run on the rate-limited PIM task queue; since the
 * `reconcile-multi-page` patch one activity lists a batch of pages (see `reconcile-batched.ts`).
 */
import { continueAsNew, metricMeter, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ReconcilePimActivities } from '../activities/reconcile-pim';
import type { ReconcileSignalActivities } from '../activities/reconcile-signals';
import { MetricName, RECONCILE_COUNT_LABELS } from '../metrics/names';
import { PIM_ACTIVITY_OPTIONS, PIM_BATCH_ACTIVITY_OPTIONS, SIGNAL_ACTIVITY_OPTIONS } from './activity-options';
import { pimTaskQueue } from './ids';
import { checkDeletionsInBatches, listInBatches } from './reconcile-batched';
import { releaseHeldDeletions } from './reconcile-deletions';
import { resignalFailed } from './reconcile-failed';
import type { ReconcileInput, ReconcileProgress, ReconcileResult } from './reconcile-definitions';
import { checkDeletionsOneChunkAtATime, listOnePageAtATime } from './reconcile-one-page';
import { PHASE_DONE, zeroCounts, type ReconcileRun, type ReconcileTestOptions } from './reconcile-run';

export type { ReconcileTestOptions } from './reconcile-run';

/** Patch id of the batched listing and checks; runs without its marker replay the one-page path. */
export const MULTI_PAGE_PATCH = 'reconcile-multi-page';
/**
 * Since this patch: deletions wait for the end of the scan under the mass-delete guard, event ids are unique
 * per run (an entity still failing is signalled again), and a failed signal keeps the previous watermark.
 */
export const MASS_DELETE_GUARD_PATCH = 'mass-delete-guard';
/** Since this patch every run ends by signalling again the entities whose last sync failed (see `reconcile-failed.ts`). */
export const FAILED_ENTITIES_PATCH = 'reconcile-failed-entities';

const DEFAULT_MARGIN_MS = 5 * 60_000;

/** Adds a finished run to the worker metrics (not during replay: the SDK drops metrics of replayed code). */
function recordRun(input: ReconcileInput, counts: ReconcileResult['counts']): void {
  const entities = metricMeter.createCounter(MetricName.RECONCILE_ENTITIES, undefined, 'Entities of finished reconcile runs, by count');
  for (const count of RECONCILE_COUNT_LABELS) entities.add(counts[count], { count, mode: input.mode });
  const lastSuccess = metricMeter.createGauge(MetricName.RECONCILE_LAST_SUCCESS, 'int', 's', 'When the last reconcile run finished (epoch s)');
  lastSuccess.set(Math.floor(Date.now() / 1000), { mode: input.mode });
}

function begin(input: ReconcileInput): ReconcileProgress {
  const startedAt = new Date().toISOString();
  const last = workflowInfo().lastResult as ReconcileResult | undefined;
  let since = input.since;
  if (since === undefined && input.mode === 'delta' && last?.watermark) {
    since = new Date(Date.parse(last.watermark) - (input.safetyMarginMs ?? DEFAULT_MARGIN_MS)).toISOString();
  }
  const previousWatermark = last?.watermark;
  return { startedAt, ...(since && { since }), ...(previousWatermark && { previousWatermark }), phase: 0, counts: zeroCounts() };
}

/** One reconciliation run; its result (counts and watermark) is what the next scheduled run starts from. */
export async function reconcileWorkflow(input: ReconcileInput & ReconcileTestOptions): Promise<ReconcileResult> {
  const p = input.progress ?? begin(input);
  const batched = patched(MULTI_PAGE_PATCH);
  const guarded = batched && patched(MASS_DELETE_GUARD_PATCH);
  const r: ReconcileRun = {
    input,
    p,
    guarded,
    pim: proxyActivities<ReconcilePimActivities>({
      ...(batched ? PIM_BATCH_ACTIVITY_OPTIONS : PIM_ACTIVITY_OPTIONS),
      taskQueue: pimTaskQueue(workflowInfo().taskQueue),
    }),
    temporal: proxyActivities<ReconcileSignalActivities>(SIGNAL_ACTIVITY_OPTIONS),
    tooLong: () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > (input.maxHistoryLength ?? 10_000),
    carryOn: () => continueAsNew<typeof reconcileWorkflow>({ ...input, progress: p }),
  };
  if (batched) {
    await listInBatches(r);
    await checkDeletionsInBatches(r);
    if (guarded) await releaseHeldDeletions(r);
    if (guarded && patched(FAILED_ENTITIES_PATCH)) await resignalFailed(r);
  } else {
    await listOnePageAtATime(r);
    await checkDeletionsOneChunkAtATime(r);
  }
  p.phase = PHASE_DONE;
  recordRun(input, p.counts);
  // A signal that failed keeps the previous watermark, so the next delta lists that entity again.
  const watermark = guarded && p.counts.failed > 0 ? (p.previousWatermark ?? new Date(0).toISOString()) : p.startedAt;
  return { mode: input.mode, ...(p.since && { since: p.since }), watermark, finishedAt: new Date().toISOString(), counts: p.counts };
}
