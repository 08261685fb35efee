/** Updates, queries and payload types of the structure ledger shard workflows; imports only the workflow API. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { StructureLedgerState, UnseenPage } from './structure-ledger-state';

export type { StructureLedgerState, UnseenPage } from './structure-ledger-state';

/** Type name of the shard workflow, for clients that start it by name. */
export const STRUCTURE_LEDGER_WORKFLOW = 'structureLedgerWorkflow';

/** Number of ledger shards (`akeneo-structure-ledger-<task queue>-<n>`). */
export const STRUCTURE_LEDGER_SHARDS = 64;

/** Marks items seen in a run; answers the keys whose digest differs from the one last written. */
export const observeStructureUpdate = defineUpdate<string[], [{ run: string; items: Array<[string, string]> }]>('observeStructure');

/** Records digests written to the destination. */
export const recordStructureWrittenUpdate = defineUpdate<void, [{ items: Array<[string, string]> }]>('recordStructureWritten');

/** Forgets keys. */
export const forgetStructureUpdate = defineUpdate<void, [{ keys: string[] }]>('forgetStructure');

/** Keys of a kind not seen in a run, sorted and paged. */
export const unseenStructureQuery = defineQuery<UnseenPage, [{ run: string; kind: string; afterKey?: string; limit: number }]>('unseenStructure');

/** How many keys of a kind the shard holds. */
export const countStructureQuery = defineQuery<number, [{ kind: string }]>('countStructure');

/** Per kind, the keys not seen in a run and the keys held. */
export const tallyStructureQuery = defineQuery<Record<string, { unseen: number; known: number }>, [{ run: string }]>('tallyStructure');

/** Input of a shard; `state` is set when continuing as new. */
export interface StructureLedgerInput {
  state?: StructureLedgerState;
  /** Continue-as-new once history has this many events (the server's suggestion applies too). */
  maxHistoryLength?: number;
}
