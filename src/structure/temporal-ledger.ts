/** The structure ledger backed by its shard workflows: update-with-start, so a shard that is not running is started. */
import { setMaxListeners } from 'node:events';
import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { structureLedgerWorkflowId } from '../workflows/ids';
import {
  tallyStructureQuery,
  forgetStructureUpdate,
  observeStructureUpdate,
  recordStructureWrittenUpdate,
  STRUCTURE_LEDGER_SHARDS,
  STRUCTURE_LEDGER_WORKFLOW,
  unseenStructureQuery,
  type StructureLedgerInput,
} from '../workflows/structure-ledger-definitions';
import { ledgerShardOf, type UnseenPage } from '../workflows/structure-ledger-state';
import { byShard, sumTallies, type StructureLedger } from './ledger';

/** The ledger whose shards run on `taskQueue` (the main task queue). */
export function temporalStructureLedger(client: Client, taskQueue: string, shards = STRUCTURE_LEDGER_SHARDS): StructureLedger {
  const start = (shard: number) =>
    new WithStartWorkflowOperation(STRUCTURE_LEDGER_WORKFLOW, {
      workflowId: structureLedgerWorkflowId(taskQueue, shard),
      taskQueue,
      args: [{} satisfies StructureLedgerInput],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  const shardOf = (key: string) => ledgerShardOf(key, shards);
  const query = async <T>(shard: number, fn: () => Promise<T>, empty: T): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return empty; // never started: holds nothing
      throw err;
    }
  };
  return {
    shards,
    observe: async (run, items, signal) => {
      const answers = await Promise.all(
        [...byShard(items, shardOf)].map(([shard, group]) =>
          withSignal(client, signal, () =>
            client.workflow.executeUpdateWithStart(observeStructureUpdate, { args: [{ run, items: group }], startWorkflowOperation: start(shard) }),
          ),
        ),
      );
      return answers.flat();
    },
    recordWritten: async (items, signal) => {
      await Promise.all(
        [...byShard(items, shardOf)].map(([shard, group]) =>
          withSignal(client, signal, () =>
            client.workflow.executeUpdateWithStart(recordStructureWrittenUpdate, { args: [{ items: group }], startWorkflowOperation: start(shard) }),
          ),
        ),
      );
    },
    forget: async (keys, signal) => {
      await Promise.all(
        [...byShard(keys, shardOf)].map(([shard, group]) =>
          withSignal(client, signal, () =>
            client.workflow.executeUpdateWithStart(forgetStructureUpdate, { args: [{ keys: group }], startWorkflowOperation: start(shard) }),
          ),
        ),
      );
    },
    unseen: (shard, q) =>
      query<UnseenPage>(shard, () => client.workflow.getHandle(structureLedgerWorkflowId(taskQueue, shard)).query(unseenStructureQuery, q), { keys: [] }),
    tally: async (run) => {
      const tallies = await Promise.all(
        Array.from({ length: shards }, (_, shard) =>
          query(shard, () => client.workflow.getHandle(structureLedgerWorkflowId(taskQueue, shard)).query(tallyStructureQuery, { run }), {}),
        ),
      );
      return sumTallies(tallies);
    },
  };
}

function withSignal<T>(client: Client, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  if (!signal) return fn();
  // One listener per shard updated at once (up to the shard count), removed as each settles.
  setMaxListeners(0, signal);
  return client.withAbortSignal(signal, fn);
}
