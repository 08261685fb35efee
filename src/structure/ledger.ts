/** What the structure activities ask of the ledger (see `workflows/structure-ledger.ts`); one implementation per store. */
import type { UnseenPage } from '../workflows/structure-ledger-state';

/** The structure ledger across its shards. */
export interface StructureLedger {
  /** Number of shards. */
  readonly shards: number;
  /** Marks the items seen in `run`; resolves with the keys whose digest differs from the last written. */
  observe(run: string, items: Array<[string, string]>, signal?: AbortSignal): Promise<string[]>;
  /** Records written digests. */
  recordWritten(items: Array<[string, string]>, signal?: AbortSignal): Promise<void>;
  /** Forgets keys. */
  forget(keys: string[], signal?: AbortSignal): Promise<void>;
  /** One page of shard `shard`'s keys of `kind` not seen in `run`. */
  unseen(shard: number, query: { run: string; kind: string; afterKey?: string; limit: number }): Promise<UnseenPage>;
  /** Keys of `kind` held across all shards. */
  count(kind: string): Promise<number>;
}

/** Groups `[key, …]` tuples by the shard of their key. */
export function byShard<T extends [string, ...unknown[]] | string>(items: T[], shardOf: (key: string) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const shard = shardOf(typeof item === 'string' ? item : item[0]);
    groups.set(shard, [...(groups.get(shard) ?? []), item]);
  }
  return groups;
}
