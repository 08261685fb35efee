/** Syncing one structure item at once (what a structure event does): read it, write it if changed, or delete it if gone. */
import { structureDigest } from '../akeneo/content-digest';
import { parseStructureKey } from '../domain/structure';
import { type StructureSyncDeps, wrap } from './sync-pages';

/** What {@link syncStructureItem} did; `kept`: gone from the PIM, kept at the destination under `DELETE_POLICY=ignore`. */
export type ItemOutcome = 'written' | 'unchanged' | 'deleted' | 'kept';

/**
 * Reads the item a key names and writes it when its digest differs from the ledger's, or deletes it (and forgets
 * it) when the PIM answers 404 and the delete policy allows. Measurement families have no item route: their key
 * is looked up in the listing.
 */
export async function syncStructureItem(deps: StructureSyncDeps, key: string, signal?: AbortSignal): Promise<ItemOutcome> {
  const data = await wrap(() => read(deps, key, signal), deps.pimError);
  if (data === undefined) {
    if (deps.deletePolicy === 'ignore') return 'kept';
    await wrap(() => deps.destination.removeStructure(key, signal), deps.destinationError);
    await deps.ledger.forget([key], signal);
    return 'deleted';
  }
  const digest = structureDigest(data);
  const changed = await deps.ledger.observe('event', [[key, digest]], signal);
  if (changed.length === 0) return 'unchanged';
  await wrap(() => deps.destination.upsertStructure(key, data, { digest }, signal), deps.destinationError);
  await deps.ledger.recordWritten([[key, digest]], signal);
  return 'written';
}

async function read(deps: StructureSyncDeps, key: string, signal?: AbortSignal): Promise<Record<string, unknown> | undefined> {
  if (parseStructureKey(key).kind !== 'measurement-families') return deps.reader.getItem(key, signal);
  const page = await deps.reader.listPage('measurement-families', undefined, signal);
  return page.items.find((i) => i.key === key)?.data;
}
