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

/** What a run did not list, per kind. */
export interface UnseenTally {
  unseen: number;
  known: number;
  /** Options or variants among `unseen` whose attribute or family is unseen too: they go with their parent. */
  orphaned?: number;
}

/** The kind whose deletion takes a nested kind's items with it. */
const PARENT_KIND: Partial<Record<StructureKind, StructureKind>> = { 'attribute-options': 'attributes', 'family-variants': 'families' };
/** Past this many unseen parents, orphans are not looked for (the parents' own guard refuses such a run anyway). */
const MAX_UNSEEN_PARENTS = 10_000;

/** Per kind of `kinds`: how many keys the run did not list, how many the ledger knows, and the orphans among them. */
export async function countUnseen(
  deps: Pick<StructureSyncDeps, 'ledger'>,
  kinds: readonly StructureKind[],
  run: string,
): Promise<Partial<Record<StructureKind, UnseenTally>>> {
  const tally = await deps.ledger.tally(run);
  const result: Partial<Record<StructureKind, UnseenTally>> = {};
  for (const kind of kinds) {
    const t: UnseenTally = { ...(tally[kind] ?? { unseen: 0, known: 0 }) };
    const parentKind = PARENT_KIND[kind];
    if (parentKind && t.unseen > 0 && (tally[parentKind]?.unseen ?? 0) > 0) t.orphaned = await countOrphans(deps, kind, parentKind, run);
    result[kind] = t;
  }
  return result;
}

/** Unseen keys of `kind` whose parent key (`<parentKind>/<parent>`) is unseen as well. */
async function countOrphans(deps: Pick<StructureSyncDeps, 'ledger'>, kind: StructureKind, parentKind: StructureKind, run: string): Promise<number> {
  const parents = new Set<string>();
  for (const key of await unseenKeysOf(deps, parentKind, run, MAX_UNSEEN_PARENTS + 1)) parents.add(key.slice(parentKind.length + 1));
  if (parents.size > MAX_UNSEEN_PARENTS) return 0;
  let orphans = 0;
  for (const key of await unseenKeysOf(deps, kind, run, Infinity)) {
    // `<kind>/<parent>/<code>`, each segment encoded as in the parent's own key.
    if (parents.has(key.split('/')[1])) orphans++;
  }
  return orphans;
}

async function unseenKeysOf(deps: Pick<StructureSyncDeps, 'ledger'>, kind: StructureKind, run: string, max: number): Promise<string[]> {
  const keys: string[] = [];
  for (let shard = 0; shard < deps.ledger.shards && keys.length < max; shard++) {
    let afterKey: string | undefined;
    do {
      const page = await deps.ledger.unseen(shard, { run, kind, afterKey, limit: UNSEEN_PAGE_LIMIT });
      keys.push(...page.keys);
      afterKey = page.next;
    } while (afterKey !== undefined && keys.length < max);
  }
  return keys;
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
