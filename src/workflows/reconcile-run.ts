/** What the reconcile workflow's phases share: the run's progress, its activities, and continue-as-new. */
import type { ActivityInterfaceFor } from '@temporalio/workflow';
import type { ReconcilePimActivities } from '../activities/reconcile-pim';
import type { ReconcileSignalActivities } from '../activities/reconcile-signals';
import type { EntityKind } from './definitions';
import type { ReconcileCounts, ReconcileInput, ReconcileProgress } from './reconcile-definitions';

/**
 * Kinds in phase order: phases 0–1 list products then product models; in full mode 2–3 detect their deletions
 * (the batched path does both kinds in phase 2, in one scan of the sync state).
 */
export const KINDS: EntityKind[] = ['product', 'product-model'];
/** First deletion-detection phase. */
export const PHASE_DELETIONS = 2;
/** The run is done. */
export const PHASE_DONE = 4;

/** Test hooks of the reconcile workflow. */
export interface ReconcileTestOptions {
  /** Continue-as-new after this many history events even if the server does not suggest it. */
  maxHistoryLength?: number;
  /** PIM pages per listing activity (batched path), to get several batches out of a small catalogue. */
  pagesPerListing?: number;
}

/** One run of the reconcile workflow, as its phases see it. */
export interface ReconcileRun {
  input: ReconcileInput & ReconcileTestOptions;
  /** Mutated as the run goes; carried by continue-as-new. */
  p: ReconcileProgress;
  pim: ActivityInterfaceFor<ReconcilePimActivities>;
  temporal: ActivityInterfaceFor<ReconcileSignalActivities>;
  /** Whether the mass-delete guard applies (runs started since the `mass-delete-guard` patch). */
  guarded: boolean;
  /** Whether the history is long enough to continue as new. */
  tooLong(): boolean;
  /** Continues as new with the progress so far. */
  carryOn(): Promise<never>;
}

/** Counts of a run that has done nothing yet. */
export const zeroCounts = (): ReconcileCounts => ({ seen: 0, signalled: 0, new: 0, changed: 0, unchanged: 0, deleted: 0, failed: 0 });

/** Adds `more` to `into`. */
export function addCounts(into: ReconcileCounts, more: Partial<ReconcileCounts>): void {
  for (const [k, v] of Object.entries(more) as Array<[keyof ReconcileCounts, number]>) into[k] += v;
}
