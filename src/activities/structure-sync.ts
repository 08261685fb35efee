/**
 * The structure activities (PIM task queue): list collections page by page, several at once, writing what changed
 * (`syncStructurePages`), count and delete what a run did not list (`countUnseenStructure`,
 * `deleteUnseenStructure`). Each heartbeats its progress and resumes from it on a retry; item JSON never leaves
 * the activity.
 */
import { Context } from '@temporalio/activity';
import type { StructureKind } from '../domain/structure';
import { countUnseen, deleteUnseen, type DeletionProgress, type UnseenTally } from '../structure/delete-unseen';
import { type ItemOutcome, syncStructureItem } from '../structure/sync-item';
import { startProgress, syncStructureCollections, type CollectionCursor, type CollectionProgress } from '../structure/sync-collections';
import type { StructureSyncDeps } from '../structure/sync-pages';
import type { Destination } from '../destination/destination';
import { limitConcurrency } from './bounded';
import { toDestinationFailure, toPimFailure } from './failure-mapping';

/** Input of `syncStructurePages`. */
export interface SyncStructurePagesInput {
  /** The collections to list, each from its first page or from where a previous call stopped. */
  collections: CollectionCursor[];
  /** The run's mark in the ledger. */
  run: string;
  /** Pages listed by this call, all collections together, before it returns (default {@link STRUCTURE_PAGES_PER_CALL}). */
  maxPages?: number;
  /** Child kinds listed by this call as its pages name them (the workflow's wanted nested kinds). */
  follow?: string[];
}

/** Result of `syncStructurePages`: per collection (the input's, then the children it followed), its counts, the children left to the workflow, where to go on. */
export interface SyncStructurePagesResult {
  collections: CollectionProgress[];
}

/** Result of `deleteUnseenStructure`. */
export interface DeleteUnseenResult {
  deleted: number;
  kept: number;
}

/** Default pages per `syncStructurePages` call (all its collections together). */
export const STRUCTURE_PAGES_PER_CALL = 400;

/** How often `syncStructurePages` heartbeats between batches. */
const STRUCTURE_HEARTBEAT_MS = 10_000;

/** `destination` with at most `width` structure writes (upserts and removals) in flight at once, whoever calls. */
export function limitStructureWrites(destination: Destination, width: number): Destination {
  const slot = limitConcurrency(width);
  const upsertStructure: Destination['upsertStructure'] = (key, data, meta, signal) => slot(() => destination.upsertStructure(key, data, meta, signal));
  const removeStructure: Destination['removeStructure'] = (key, signal) => slot(() => destination.removeStructure(key, signal));
  return new Proxy(destination, {
    get(target, prop) {
      if (prop === 'upsertStructure') return upsertStructure;
      if (prop === 'removeStructure') return removeStructure;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Creates the structure activities over `deps` (the reader on the process's PIM client). */
export function createStructureActivities(deps: StructureSyncDeps) {
  // One limit for the whole process: several calls (and item syncs) run at once, and STRUCTURE_WRITE_CONCURRENCY
  // is what the destination sees from this worker, not from each call.
  const destination = limitStructureWrites(deps.destination, deps.writeConcurrency);
  const d: StructureSyncDeps = { ...deps, destination, pimError: toPimFailure, destinationError: toDestinationFailure };
  return {
    /** Lists up to `maxPages` pages of its collections at once, writing the changed items; heartbeats after each committed batch. */
    syncStructurePages: async (input: SyncStructurePagesInput): Promise<SyncStructurePagesResult> => {
      const ctx = Context.current();
      const resumed = (ctx.info.heartbeatDetails as SyncStructurePagesResult | undefined)?.collections;
      const progress = resumed ?? startProgress(input.collections);
      const beat = () => ctx.heartbeat({ collections: progress } satisfies SyncStructurePagesResult);
      // A batch's writes can outlast the heartbeat timeout on a first run: beat the committed progress meanwhile too.
      const alive = setInterval(beat, STRUCTURE_HEARTBEAT_MS);
      try {
        const cursors = { cursors: input.collections, run: input.run, maxPages: input.maxPages ?? STRUCTURE_PAGES_PER_CALL, follow: input.follow };
        return { collections: await syncStructureCollections(d, cursors, progress, beat, ctx.cancellationSignal) };
      } finally {
        clearInterval(alive);
      }
    },
    /** Syncs the one item a structure event names: written if changed, deleted (policy allowing) if gone. */
    syncStructureItem: (input: { key: string }): Promise<ItemOutcome> => syncStructureItem(d, input.key, Context.current().cancellationSignal),
    /** Per kind: how many keys the run did not list, and how many the ledger knows. */
    countUnseenStructure: (input: { kinds: StructureKind[]; run: string }): Promise<Partial<Record<StructureKind, UnseenTally>>> =>
      countUnseen(d, input.kinds, input.run),
    /** Confirms (GET 404) and deletes the keys of `kind` the run did not list; heartbeats after each page. */
    deleteUnseenStructure: async (input: { kind: StructureKind; run: string; policy: 'delete' | 'ignore' }): Promise<DeleteUnseenResult> => {
      const ctx = Context.current();
      const resumed = ctx.info.heartbeatDetails as DeletionProgress | undefined;
      const done = await deleteUnseen(d, input, resumed, (p) => ctx.heartbeat(p), ctx.cancellationSignal);
      return { deleted: done.deleted, kept: done.kept };
    },
  };
}

/** The structure activities' type, for `proxyActivities` in the workflow. */
export type StructureActivities = ReturnType<typeof createStructureActivities>;
