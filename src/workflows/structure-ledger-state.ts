/**
 * The structure ledger's pure state: per item key, the digest last written and the last run that saw it. No
 * Temporal imports; the shard workflow (`structure-ledger.ts`) wires it to its updates and queries.
 */

/** One entry: the digest last written (`''` when not written yet) and the run that last listed the item. */
export type LedgerEntry = [digest: string, runMark: string];

/** A shard's state: plain JSON, carried across continue-as-new. */
export interface StructureLedgerState {
  entries: Record<string, LedgerEntry>;
}

/** A page of unseen keys, sorted; `next` is the last key when more may follow. */
export interface UnseenPage {
  keys: string[];
  next?: string;
}

/** An empty ledger. */
export function initialLedgerState(): StructureLedgerState {
  return { entries: {} };
}

/** Marks each key seen in `run`; returns the keys whose digest differs from the one last written (or that are new). */
export function observeItems(state: StructureLedgerState, run: string, items: Array<[string, string]>): { state: StructureLedgerState; changed: string[] } {
  const entries = { ...state.entries };
  const changed: string[] = [];
  for (const [key, digest] of items) {
    const known = entries[key];
    if (known?.[0] !== digest) changed.push(key);
    entries[key] = [known?.[0] ?? '', run];
  }
  return { state: { entries }, changed };
}

/** Records the digests just written. */
export function recordWritten(state: StructureLedgerState, items: Array<[string, string]>): StructureLedgerState {
  const entries = { ...state.entries };
  for (const [key, digest] of items) entries[key] = [digest, entries[key]?.[1] ?? ''];
  return { entries };
}

/** Drops keys (deleted at the destination, or kept under the `ignore` policy and no longer tracked). */
export function forgetKeys(state: StructureLedgerState, keys: string[]): StructureLedgerState {
  const entries = { ...state.entries };
  for (const key of keys) delete entries[key];
  return { entries };
}

/** Keys of `kind` not seen in `run`, sorted, after `afterKey`, at most `limit`. */
export function unseenKeys(state: StructureLedgerState, run: string, kind: string, afterKey: string | undefined, limit: number): UnseenPage {
  const prefix = `${kind}/`;
  const keys = Object.keys(state.entries)
    .filter((k) => k.startsWith(prefix) && state.entries[k][1] !== run && (afterKey === undefined || k > afterKey))
    .sort();
  const page = keys.slice(0, limit);
  return keys.length > limit ? { keys: page, next: page.at(-1) } : { keys: page };
}

/** How many keys of `kind` the shard holds. */
export function countKind(state: StructureLedgerState, kind: string): number {
  const prefix = `${kind}/`;
  return Object.keys(state.entries).filter((k) => k.startsWith(prefix)).length;
}

/** Per kind: keys not seen in `run`, and keys held. */
export function tallyKinds(state: StructureLedgerState, run: string): Record<string, { unseen: number; known: number }> {
  const tally: Record<string, { unseen: number; known: number }> = {};
  for (const [key, [, mark]] of Object.entries(state.entries)) {
    const t = (tally[key.slice(0, key.indexOf('/'))] ??= { unseen: 0, known: 0 });
    t.known++;
    if (mark !== run) t.unseen++;
  }
  return tally;
}

/** The shard of a key: FNV-1a (32-bit) of its UTF-16 code units, modulo `shards`. */
export function ledgerShardOf(key: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shards;
}
