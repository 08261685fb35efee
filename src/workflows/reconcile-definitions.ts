/** Types of the reconciliation workflow, shared by the workflow, its activities, the schedules and the CLI. */
import type { EntityKind } from '../domain/entity';

export { PAGES_PER_LISTING } from '../domain/limits';

/** `delta`: entities updated since the watermark. `full`: every entity, plus detection of deletions. */
export const ReconcileMode = { DELTA: 'delta', FULL: 'full' } as const;
export type ReconcileMode = (typeof ReconcileMode)[keyof typeof ReconcileMode];

/** What to do with an entity the PIM no longer has but the sync state still knows. */
export const DeletePolicy = { DELETE: 'delete', IGNORE: 'ignore' } as const;
export type DeletePolicy = (typeof DeletePolicy)[keyof typeof DeletePolicy];

/** Counts of one reconcile run, shown as its result in the Web UI. */
export interface ReconcileCounts {
  /** Entities listed by the PIM. */
  seen: number;
  /** Entities whose workflow was signalled: `new` + `changed` (+ ones not yet synced). */
  signalled: number;
  /** Of those signalled: entities the sync state did not know (a lost create). */
  new: number;
  /** Of those signalled: entities whose PIM version is newer than the one last written (a lost update). */
  changed: number;
  /** Entities whose last written version is already the PIM's: no signal, no write. */
  unchanged: number;
  /** Entities gone from the PIM that were handed to the delete policy. */
  deleted: number;
  /** Signals that could not be delivered. */
  failed: number;
}

/** Input of `reconcileWorkflow`. Schedules pass the settings; `progress` is set on continue-as-new. */
export interface ReconcileInput {
  mode: ReconcileMode;
  /** Delta only: list entities updated after this ISO time. Default: the previous run's watermark minus the margin. */
  since?: string;
  /** Subtracted from the previous watermark, for clock skew between us and the PIM (ms). */
  safetyMarginMs?: number;
  deletePolicy?: DeletePolicy;
  /**
   * Full mode: when more than this fraction of the known entities is missing from the PIM, delete none and
   * fail the run (default {@link DEFAULT_DELETE_MAX_FRACTION}).
   */
  deleteMaxFraction?: number;
  /** Full mode: delete whatever is missing, however much (`resync-all --allow-mass-delete`). */
  allowMassDelete?: boolean;
  /** Internal: where a run continued-as-new left off. */
  progress?: ReconcileProgress;
}

/** Where a run is, carried across continue-as-new (plain JSON). */
export interface ReconcileProgress {
  startedAt: string;
  since?: string;
  /** 0–1: listing products, product models; 2–3: deletion detection for each (batched runs: both in 2); 4: done. */
  phase: number;
  /** Next PIM page URL (listing) or visibility page token (deletion detection). */
  cursor?: string;
  /** The deletion scan in progress covers both kinds (batched runs); absent: the one-page path's scan of one kind. */
  scanBothKinds?: boolean;
  /** Guarded deletion scan: entities the sync state knows (not deleted), counted so far. */
  known?: number;
  /** Guarded deletion scan: ids confirmed gone from the PIM (GET 404), deleted only once the scan is over. */
  gone?: Record<EntityKind, string[]>;
  /** The previous run's watermark, kept as this run's when a signal failed (so the next run lists it again). */
  previousWatermark?: string;
  /** Visibility page token of the scan of failed entities (`reconcile-failed-entities`), once it has begun. */
  failedCursor?: string;
  /** The scan of failed entities is over. */
  failedScanDone?: boolean;
  counts: ReconcileCounts;
}

/** Default of {@link ReconcileInput.deleteMaxFraction} (`DELETE_MAX_FRACTION`). */
export const DEFAULT_DELETE_MAX_FRACTION = 0.05;
/** Most confirmed-gone ids a guarded full run holds before deciding; past it the run refuses at once. */
export const MAX_PENDING_DELETIONS = 10_000;
/** `ApplicationFailure.type` of a full run that refused to delete (see `DELETE_MAX_FRACTION`). */
export const MASS_DELETE_REFUSED = 'MassDeleteRefused';

/** Result of a run; the next scheduled run reads `watermark` from it. */
export interface ReconcileResult {
  mode: ReconcileMode;
  /** Entities updated after `since` were listed (absent: all were). */
  since?: string;
  /** When this run started; the next delta lists entities updated after it (minus the margin). */
  watermark: string;
  finishedAt: string;
  counts: ReconcileCounts;
}

/** Ids of the two reconcile schedules. */
export const RECONCILE_SCHEDULE_ID = 'akeneo-reconcile';
export const RECONCILE_FULL_SCHEDULE_ID = 'akeneo-reconcile-full';
/** Workflow type name of the reconcile workflow. */
export const RECONCILE_WORKFLOW = 'reconcileWorkflow';
