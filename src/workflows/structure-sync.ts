/**
 * The structure sync workflow (schedule `akeneo-structure`, or `npm run cli -- resync-structure`): lists every
 * collection of the wanted kinds, several calls of several collections at once, through `syncStructurePages` on the
 * PIM task queue (which writes what changed), then deletes what the run did not list, behind the mass-delete guard. Item JSON stays in
 * the activities; the history holds collection names, cursors and counts.
 */
import { ApplicationFailure, allHandlersFinished, condition, continueAsNew, metricMeter, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { StructureActivities } from '../activities/structure-sync';
import type { CollectionProgress } from '../structure/sync-collections';
import { NESTED_STRUCTURE_KINDS, STRUCTURE_KINDS, type StructureKind } from '../domain/structure';
import { MetricName } from '../metrics/names';
import { ACTIVITY_RETRY_POLICY, PIM_BATCH_ACTIVITY_OPTIONS } from './activity-options';
import { pimTaskQueue } from './ids';
import { DEFAULT_DELETE_MAX_FRACTION } from './reconcile-definitions';
import {
  STRUCTURE_MASS_DELETE_REFUSED,
  type QueuedCollection,
  type StructureKindCounts,
  type StructureProgress,
  type StructureSyncInput,
  type StructureSyncResult,
} from './structure-sync-definitions';

/** Default history length past which a run continues as new. */
export const STRUCTURE_SYNC_MAX_HISTORY_LENGTH = 5000;
/** `syncStructurePages` calls at once: the PIM client's slots (AKENEO_MAX_CONCURRENCY) bound the pages in flight, the calls keep them full. */
const CALLS_IN_FLIGHT = 4;
/** Most collections one call lists at once. */
const COLLECTIONS_PER_CALL = 64;
const PARENT: Partial<Record<StructureKind, StructureKind>> = { 'attribute-options': 'attributes', 'family-variants': 'families' };
const PARENT_KINDS: readonly StructureKind[] = Object.values(PARENT);

function activities() {
  return proxyActivities<StructureActivities>({ ...PIM_BATCH_ACTIVITY_OPTIONS, retry: ACTIVITY_RETRY_POLICY, taskQueue: pimTaskQueue(workflowInfo().taskQueue) });
}

const kindOf = (collection: string) => collection.split('/')[0] as StructureKind;
const zero = (): StructureKindCounts => ({ listed: 0, written: 0, unchanged: 0, deleted: 0, missing: 0 });

/** The first queue of a run: the wanted top-level kinds, and the parent of a wanted nested kind to discover its collections. */
export function initialQueue(kinds: readonly StructureKind[]): QueuedCollection[] {
  const queue: QueuedCollection[] = STRUCTURE_KINDS.filter((k) => !NESTED_STRUCTURE_KINDS.includes(k) && kinds.includes(k)).map((collection) => ({ collection }));
  for (const nested of NESTED_STRUCTURE_KINDS) {
    const parent = PARENT[nested]!;
    if (kinds.includes(nested) && !kinds.includes(parent)) queue.push({ collection: parent, discoverOnly: true });
  }
  return queue;
}

/** Syncs the catalogue structure once; the result holds the counts per kind. */
export async function structureSyncWorkflow(input: StructureSyncInput = {}): Promise<StructureSyncResult> {
  const kinds = input.kinds && input.kinds.length > 0 ? input.kinds : STRUCTURE_KINDS;
  const p: StructureProgress = input.progress ?? { run: workflowInfo().firstExecutionRunId, queue: initialQueue(kinds), counts: {} };
  const { syncStructurePages } = activities();
  const maxHistory = input.maxHistoryLength ?? STRUCTURE_SYNC_MAX_HISTORY_LENGTH;
  // A pool of calls: a call that returns frees its slot at once, so the options an attribute page names start
  // while the long collections (categories) are still listed.
  const running = new Set<Promise<void>>();
  const follow = NESTED_STRUCTURE_KINDS.filter((k) => kinds.includes(k));
  const launch = () => {
    const batch = takeBatch(p.queue, Math.min(COLLECTIONS_PER_CALL, Math.ceil(p.queue.length / (CALLS_IN_FLIGHT - running.size))));
    const call: Promise<void> = syncStructurePages({ collections: batch, run: p.run, follow }).then((r) => {
      running.delete(call);
      for (const c of r.collections) settle(p, kinds, c);
    });
    running.add(call);
  };
  while (p.queue.length > 0 || running.size > 0) {
    while (p.queue.length > 0 && running.size < CALLS_IN_FLIGHT) launch();
    await Promise.race(running);
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > maxHistory) {
      await Promise.all(running);
      await condition(allHandlersFinished);
      return continueAsNew<typeof structureSyncWorkflow>({ ...input, progress: p });
    }
  }
  await deleteMissing(input, kinds, p);
  record(p.counts);
  return p.counts;
}

/**
 * The next call's collections: a parent collection (attributes, families) alone, so that the collections it names
 * are queued as soon as it is listed; else up to `size` from the head of the queue.
 */
export function takeBatch(queue: QueuedCollection[], size: number): QueuedCollection[] {
  const parent = queue.findIndex((q) => PARENT_KINDS.includes(kindOf(q.collection)));
  return parent >= 0 ? queue.splice(parent, 1) : queue.splice(0, size);
}

/** Adds a collection's counts to the run's, queues where it goes on and the wanted child collections it left to the workflow. */
function settle(p: StructureProgress, kinds: readonly StructureKind[], r: CollectionProgress): void {
  if (!r.discoverOnly) {
    const c = (p.counts[kindOf(r.collection)] ??= zero());
    c.listed += r.listed;
    c.written += r.written;
    c.unchanged += r.unchanged;
  }
  if (!r.done) p.queue.unshift({ collection: r.collection, ...(r.next !== undefined ? { next: r.next } : {}), ...(r.discoverOnly ? { discoverOnly: true } : {}) });
  for (const child of r.children) if (kinds.includes(kindOf(child))) p.queue.push({ collection: child });
}

/** Deletes what the run did not list, kind by kind, once every kind passed the mass-delete guard. */
async function deleteMissing(input: StructureSyncInput, kinds: readonly StructureKind[], p: StructureProgress): Promise<void> {
  const { countUnseenStructure, deleteUnseenStructure } = activities();
  const policy = input.deletePolicy ?? 'delete';
  const fraction = input.deleteMaxFraction ?? DEFAULT_DELETE_MAX_FRACTION;
  const tally = await countUnseenStructure({ kinds: [...kinds], run: p.run });
  const unseen = kinds.map((kind) => tally[kind] ?? { unseen: 0, known: 0 });
  kinds.forEach((kind, i) => ((p.counts[kind] ??= zero()).missing = unseen[i].unseen));
  // Options and variants whose attribute or family is gone too follow their parent's guard; and one item of a
  // kind may always go (deleting 1 of 3 channels is an edit, not a vanishing catalogue).
  const over = kinds.filter((_, i) => unseen[i].unseen - (unseen[i].orphaned ?? 0) > Math.max(1, fraction * unseen[i].known));
  if (over.length > 0 && policy !== 'ignore' && input.allowMassDelete !== true) {
    metricMeter.createCounter(MetricName.STRUCTURE_MASS_DELETE_REFUSED, undefined, 'Structure runs that refused to delete').add(1);
    const what = over.map((k) => `${unseen[kinds.indexOf(k)].unseen} of ${unseen[kinds.indexOf(k)].known} ${k}`).join(', ');
    throw ApplicationFailure.create({
      type: STRUCTURE_MASS_DELETE_REFUSED,
      nonRetryable: true,
      message:
        `refused to delete ${what} missing from the PIM: more than DELETE_MAX_FRACTION (${fraction}) of the known items. Nothing was deleted. ` +
        "Check the PIM connection's permissions and the PIM itself; if the deletions are real, run `npm run cli -- resync-structure --allow-mass-delete`.",
      details: [{ over, fraction, counts: p.counts }],
    });
  }
  for (const [i, kind] of kinds.entries()) {
    if (unseen[i].unseen === 0) continue;
    p.counts[kind]!.deleted = (await deleteUnseenStructure({ kind, run: p.run, policy })).deleted;
  }
}

/** Adds a finished run to the worker metrics. */
function record(counts: StructureSyncResult): void {
  const items = metricMeter.createCounter(MetricName.STRUCTURE_ITEMS, undefined, 'Structure items of finished runs, by kind and count');
  for (const [kind, c] of Object.entries<StructureKindCounts>(counts as Record<string, StructureKindCounts>)) {
    for (const [count, n] of Object.entries<number>(c as unknown as Record<string, number>)) items.add(n, { kind, count });
  }
  metricMeter.createGauge(MetricName.STRUCTURE_LAST_SUCCESS, 'int', 's', 'When the last structure run finished (epoch s)').set(Math.floor(Date.now() / 1000));
}
