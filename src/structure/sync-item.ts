/** Syncing one structure item at once (what a structure event does): read it, write it if changed, or delete it if gone. */
import { structureDigest } from '../akeneo/content-digest';
import { parseStructureKey } from '../domain/structure';
import type { StructureSyncDeps } from './sync-pages';

/** What {@link syncStructureItem} did. */
export type ItemOutcome = 'written' | 'unchanged' | 'deleted';

/**
 * Reads the item a key names and writes it when its digest differs from the ledger's, or deletes it (and forgets
 * it) when the PIM answers 404. Measurement families have no item route: their key is looked up in the listing.
 */
export async function syncStructureItem(deps: StructureSyncDeps, key: string, signal?: AbortSignal): Promise<ItemOutcome> {
  const data = await read(deps, key, signal);
  if (data === undefined) {
    await deps.destination.removeStructure(key, signal);
    await deps.ledger.forget([key], signal);
    return 'deleted';
  }
  const digest = structureDigest(data);
  const changed = await deps.ledger.observe('event', [[key, digest]], signal);
  if (changed.length === 0) return 'unchanged';
  await deps.destination.upsertStructure(key, data, { digest }, signal);
  await deps.ledger.recordWritten([[key, digest]], signal);
  return 'written';
}

async function read(deps: StructureSyncDeps, key: string, signal?: AbortSignal): Promise<Record<string, unknown> | undefined> {
  if (parseStructureKey(key).kind !== 'measurement-families') return deps.reader.getItem(key, signal);
  const page = await deps.reader.listPage('measurement-families', undefined, signal);
  return page.items.find((i) => i.key === key)?.data;
}
