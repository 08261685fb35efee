/** A structure ledger held in memory, on the same pure state as the shard workflows. */
import { byShard, sumTallies, type StructureLedger } from '../../src/structure/ledger';
import {
  forgetKeys,
  initialLedgerState,
  ledgerShardOf,
  observeItems,
  recordWritten,
  tallyKinds,
  unseenKeys,
  type StructureLedgerState,
} from '../../src/workflows/structure-ledger-state';

/** An in-memory {@link StructureLedger} of `shards` shards. */
export function memoryLedger(shards = 4): StructureLedger & { states: StructureLedgerState[] } {
  const states = Array.from({ length: shards }, initialLedgerState);
  const shardOf = (key: string) => ledgerShardOf(key, shards);
  return {
    shards,
    states,
    observe: (run, items) => {
      const changed: string[] = [];
      for (const [shard, group] of byShard(items, shardOf)) {
        const out = observeItems(states[shard], run, group);
        states[shard] = out.state;
        changed.push(...out.changed);
      }
      return Promise.resolve(changed);
    },
    recordWritten: (items) => {
      for (const [shard, group] of byShard(items, shardOf)) states[shard] = recordWritten(states[shard], group);
      return Promise.resolve();
    },
    forget: (keys) => {
      for (const [shard, group] of byShard(keys, shardOf)) states[shard] = forgetKeys(states[shard], group);
      return Promise.resolve();
    },
    unseen: (shard, q) => Promise.resolve(unseenKeys(states[shard], q.run, q.kind, q.afterKey, q.limit)),
    tally: (run) => Promise.resolve(sumTallies(states.map((s) => tallyKinds(s, run)))),
  };
}
