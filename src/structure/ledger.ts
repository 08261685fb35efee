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
  /** Per kind across all shards: keys not seen in `run`, and keys held. */
  tally(run: string): Promise<Record<string, { unseen: number; known: number }>>;
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

/** Adds up per-kind tallies of several shards. */
export function sumTallies(tallies: Array<Record<string, { unseen: number; known: number }>>): Record<string, { unseen: number; known: number }> {
  const sum: Record<string, { unseen: number; known: number }> = {};
  for (const t of tallies) {
    for (const [kind, { unseen, known }] of Object.entries(t)) {
      const s = (sum[kind] ??= { unseen: 0, known: 0 });
      s.unseen += unseen;
      s.known += known;
    }
  }
  return sum;
}
