/** Input, progress and result of the structure sync workflow; plain JSON only. */
import type { StructureKind } from '../domain/structure';

/** Id of the structure sync schedule (each run: `akeneo-structure-<time>`). */
export const STRUCTURE_SCHEDULE_ID = 'akeneo-structure';

/** Type name of the structure sync workflow. */
export const STRUCTURE_SYNC_WORKFLOW = 'structureSyncWorkflow';

/** Counts of one kind in a run's result. */
export interface StructureKindCounts {
  listed: number;
  written: number;
  unchanged: number;
  /** Deleted at the destination (confirmed gone from the PIM). */
  deleted: number;
  /** Known from earlier runs, not listed by this one. */
  missing: number;
}

/** One collection still to list (`next`: where a previous call stopped). */
export interface QueuedCollection {
  collection: string;
  next?: string;
  discoverOnly?: boolean;
}

/** Where a run is, carried across continue-as-new. */
export interface StructureProgress {
  run: string;
  queue: QueuedCollection[];
  counts: Partial<Record<StructureKind, StructureKindCounts>>;
}

/** Input of `structureSyncWorkflow`. */
export interface StructureSyncInput {
  /** Kinds to sync (default: all). */
  kinds?: StructureKind[];
  /** Deletes however many items are missing (overrides the mass-delete guard). */
  allowMassDelete?: boolean;
  deletePolicy?: 'delete' | 'ignore';
  deleteMaxFraction?: number;
  /** Continue-as-new once history has this many events (the server's suggestion applies too). */
  maxHistoryLength?: number;
  /** Set when continuing as new. */
  progress?: StructureProgress;
}

/** Result of a run: counts per kind. */
export type StructureSyncResult = Partial<Record<StructureKind, StructureKindCounts>>;

/** Failure type of a run that refused to delete. */
export const STRUCTURE_MASS_DELETE_REFUSED = 'StructureMassDeleteRefused';
