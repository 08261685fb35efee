/**
 * The structure activities (PIM task queue): list a collection page by page writing what changed
 * (`syncStructurePages`), count and delete what a run did not list (`countUnseenStructure`,
 * `deleteUnseenStructure`). Each heartbeats its progress and resumes from it on a retry; item JSON never leaves
 * the activity.
 */
import { Context } from '@temporalio/activity';
import type { StructureKind } from '../domain/structure';
import { countUnseen, deleteUnseen, type DeletionProgress, type UnseenTally } from '../structure/delete-unseen';
import { type ItemOutcome, syncStructureItem } from '../structure/sync-item';
import { syncStructurePage, type StructureCounts, type StructureSyncDeps } from '../structure/sync-pages';
import { toDestinationFailure, toPimFailure } from './failure-mapping';

/** Input of `syncStructurePages`. */
export interface SyncStructurePagesInput {
  collection: string;
  /** The run's mark in the ledger. */
  run: string;
  /** The page to start at (a `_links.next.href`); absent: the first. */
  next?: string;
  /** Pages listed by this call before it returns (default 20). */
  maxPages?: number;
  /** Only name the child collections; write and observe nothing (a nested kind asked without its parent kind). */
  discoverOnly?: boolean;
}

/** Result of `syncStructurePages`: counts, the child collections named, and where to go on (absent: done). */
export interface SyncStructurePagesResult extends StructureCounts {
  children: string[];
  next?: string;
}

/** Result of `deleteUnseenStructure`. */
export interface DeleteUnseenResult {
  deleted: number;
  kept: number;
}

/** Default pages per `syncStructurePages` call. */
export const STRUCTURE_PAGES_PER_CALL = 20;

/** Creates the structure activities over `deps` (the reader on the process's PIM client). */
export function createStructureActivities(deps: StructureSyncDeps) {
  const d: StructureSyncDeps = { ...deps, pimError: toPimFailure, destinationError: toDestinationFailure };
  return {
    /** Lists up to `maxPages` pages of a collection, writing the changed items; heartbeats after each page. */
    syncStructurePages: async (input: SyncStructurePagesInput): Promise<SyncStructurePagesResult> => {
      const ctx = Context.current();
      const resumed = ctx.info.heartbeatDetails as SyncStructurePagesResult | undefined;
      if (resumed && resumed.next === undefined) return resumed; // the last page was done before the retry
      const acc: SyncStructurePagesResult = resumed ?? { listed: 0, written: 0, unchanged: 0, children: [], ...(input.next ? { next: input.next } : {}) };
      for (let pages = 0; pages < (input.maxPages ?? STRUCTURE_PAGES_PER_CALL); pages++) {
        const page = await syncStructurePage(d, { collection: input.collection, run: input.run, next: acc.next, discoverOnly: input.discoverOnly }, ctx.cancellationSignal);
        acc.listed += page.listed;
        acc.written += page.written;
        acc.unchanged += page.unchanged;
        acc.children.push(...page.children);
        acc.next = page.next;
        ctx.heartbeat(acc);
        if (acc.next === undefined) break;
      }
      return acc;
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
