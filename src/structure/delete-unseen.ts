/**
 * The deletion phase of a structure run: items the ledger knows that the run did not list. Guarded like product
 * deletions (more than `DELETE_MAX_FRACTION` of a kind unseen: delete none), then each key is confirmed gone by
 * a GET answering 404 (measurement families have no item route: their one unpaginated listing is trusted)
 * before it is deleted under `DELETE_POLICY` and forgotten.
 */
import type { StructureKind } from '../domain/structure';
import { wrap, type StructureSyncDeps } from './sync-pages';

/** Keys read from a shard per query. */
export const UNSEEN_PAGE_LIMIT = 500;

/** Per kind of `kinds`: how many keys the run did not list, and how many the ledger knows (one query per shard). */
export async function countUnseen(
  deps: Pick<StructureSyncDeps, 'ledger'>,
  kinds: readonly StructureKind[],
  run: string,
): Promise<Partial<Record<StructureKind, { unseen: number; known: number }>>> {
  const tally = await deps.ledger.tally(run);
  return Object.fromEntries(kinds.map((kind) => [kind, tally[kind] ?? { unseen: 0, known: 0 }]));
}

/** Where a deletion pass is, so a retry resumes there. */
export interface DeletionProgress {
  shard: number;
  afterKey?: string;
  deleted: number;
  /** Unseen keys the PIM still answers for (a lagging listing): kept. */
  kept: number;
}

/**
 * Confirms and deletes the unseen keys of `kind`, shard by shard; `onProgress` is told after each page.
 * `ignore`: nothing is deleted at the destination, the keys are forgotten (counted as missing by the caller).
 */
export async function deleteUnseen(
  deps: StructureSyncDeps,
  input: { kind: StructureKind; run: string; policy: 'delete' | 'ignore' },
  from: DeletionProgress = { shard: 0, deleted: 0, kept: 0 },
  onProgress: (p: DeletionProgress) => void = () => undefined,
  signal?: AbortSignal,
): Promise<DeletionProgress> {
  const p = { ...from };
  for (; p.shard < deps.ledger.shards; p.shard++, p.afterKey = undefined) {
    for (let more = true; more; ) {
      const page = await deps.ledger.unseen(p.shard, { run: input.run, kind: input.kind, afterKey: p.afterKey, limit: UNSEEN_PAGE_LIMIT });
      const gone: string[] = [];
      for (const key of page.keys) {
        const present = input.kind !== 'measurement-families' && (await wrap(() => deps.reader.getItem(key, signal), deps.pimError)) !== undefined;
        if (present) p.kept++;
        else gone.push(key);
      }
      if (input.policy === 'delete') {
        for (const key of gone) await wrap(() => deps.destination.removeStructure(key, signal), deps.destinationError);
        p.deleted += gone.length;
      }
      if (gone.length > 0) await deps.ledger.forget(gone, signal);
      // `afterKey` need not be in the shard any more: the query compares keys, it does not look one up.
      p.afterKey = page.next;
      more = page.next !== undefined;
      onProgress({ ...p });
    }
  }
  return p;
}
