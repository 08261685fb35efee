/**
 * The scheduled reconciliation: lists entities from the PIM (updated since the last watermark, or all),
 * signals the ones whose version is not written yet, and in full mode hands entities gone from the PIM
 * to the delete policy. Every PIM request is one activity on the rate-limited PIM task queue.
 */
import { continueAsNew, metricMeter, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ReconcilePimActivities } from '../activities/reconcile-pim';
import type { ReconcileSignalActivities } from '../activities/reconcile-signals';
import { MetricName, RECONCILE_COUNT_LABELS } from '../metrics/names';
import { PIM_ACTIVITY_OPTIONS } from './activity-options';
import type { EntityKind } from './definitions';
import { pimTaskQueue } from './ids';
import type { ReconcileCounts, ReconcileInput, ReconcileProgress, ReconcileResult } from './reconcile-definitions';

const KINDS: EntityKind[] = ['product', 'product-model'];
/** Phases 0–1 list products then product models; 2–3 detect deleted products then models (full mode). */
const PHASE_DELETIONS = 2;
const PHASE_DONE = 4;
/** Ids checked against the PIM per request (Akeneo's list limit). */
const CHECK_CHUNK = 100;
const DEFAULT_MARGIN_MS = 5 * 60_000;

/** Test hook: continue-as-new after this many history events even if the server does not suggest it. */
export interface ReconcileTestOptions {
  maxHistoryLength?: number;
}

const zero = (): ReconcileCounts => ({ seen: 0, signalled: 0, new: 0, changed: 0, unchanged: 0, deleted: 0, failed: 0 });

function add(into: ReconcileCounts, more: Partial<ReconcileCounts>): void {
  for (const [k, v] of Object.entries(more) as Array<[keyof ReconcileCounts, number]>) into[k] += v;
}

/** Adds a finished run to the worker metrics (not during replay: the SDK drops metrics of replayed code). */
function recordRun(input: ReconcileInput, counts: ReconcileCounts): void {
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
  return { startedAt, ...(since && { since }), phase: 0, counts: zero() };
}

/** One reconciliation run; its result (counts and watermark) is what the next scheduled run starts from. */
export async function reconcileWorkflow(input: ReconcileInput & ReconcileTestOptions): Promise<ReconcileResult> {
  const p = input.progress ?? begin(input);
  const pim = proxyActivities<ReconcilePimActivities>({ ...PIM_ACTIVITY_OPTIONS, taskQueue: pimTaskQueue(workflowInfo().taskQueue) });
  const temporal = proxyActivities<ReconcileSignalActivities>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: '30s',
    retry: { initialInterval: '1s', maximumInterval: '1 minute' },
  });
  const tooLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > (input.maxHistoryLength ?? 10_000);
  const carryOn = () => continueAsNew<typeof reconcileWorkflow>({ ...input, progress: p });

  while (p.phase < PHASE_DELETIONS) {
    const kind = KINDS[p.phase];
    let pending = pim.listPimPage(p.cursor ? { kind, next: p.cursor } : { kind, updatedAfter: p.since });
    for (;;) {
      const page = await pending;
      // Fetch the next page while this one is signalled.
      if (page.next) pending = pim.listPimPage({ kind, next: page.next });
      add(p.counts, { seen: page.items.length, ...(await temporal.signalEntities({ kind, items: page.items })) });
      p.cursor = page.next;
      if (!page.next) break;
      if (tooLong()) await carryOn();
    }
    p.phase += 1;
  }

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
      if (p.cursor && tooLong()) await carryOn();
    } while (p.cursor);
    p.phase += 1;
  }
  p.phase = PHASE_DONE;
  recordRun(input, p.counts);
  return { mode: input.mode, ...(p.since && { since: p.since }), watermark: p.startedAt, finishedAt: new Date().toISOString(), counts: p.counts };
}
