/**
 * The upsert of an entity sync, in its two shapes. Since {@link SYNC_ENTITY_PATCH} one `syncEntity` activity on
 * the PIM task queue reads the entity and writes it, and only its version, digest and outcome come back: the
 * history holds no PIM data, whatever the entity's size. Histories recorded before replay the old shape:
 * `fetchEntity` (the JSON as its result), then `writeEntity` (the JSON again as its input).
 */
import { patched, type ActivityInterfaceFor } from '@temporalio/workflow';
import type { DestinationActivities, PimActivities } from '../activities';
import type { SyncActivities } from '../activities/sync-entity';
import { WriteOutcome } from '../domain/write-outcome';
import type { EntityRef } from './definitions';
import { canSkipWrite, writeCheckOf, type ProductState, type SyncOutcome } from './product-state';

/**
 * Since this patch a sync reads and writes in one activity on the PIM task queue (`syncEntity`). Deprecate once
 * no workflow that synced before it is left open.
 */
export const SYNC_ENTITY_PATCH = 'sync-entity-activity';
/** Since this patch a product model's change is passed on to its sub-models and variant products. */
export const CASCADE_PATCH = 'cascade-to-descendants';

/** What an upsert uses. */
export interface UpsertDeps {
  /** The state now: read again after an `await`, as signals may have changed it meanwhile. */
  state: () => ProductState;
  pim: ActivityInterfaceFor<PimActivities>;
  sync: ActivityInterfaceFor<SyncActivities>;
  destination: ActivityInterfaceFor<DestinationActivities>;
  /** Passes a product model's change on to its descendants. */
  cascade: (code: string) => Promise<unknown>;
}

/**
 * Writes what the PIM holds for `ref` (deleting it when the PIM answers 404). A model passes its change on to its
 * descendants when its content was written, or on a `recheck` (a retry or a forced sync: the cascade of the sync
 * that failed may not have reached every descendant) even when it was already written.
 */
export function upsertEntity(ref: EntityRef, recheck: boolean, d: UpsertDeps): Promise<SyncOutcome> {
  return patched(SYNC_ENTITY_PATCH) ? syncInPimWorker(ref, recheck, d) : fetchThenWrite(ref, recheck, d);
}

async function syncInPimWorker(ref: EntityRef, recheck: boolean, d: UpsertDeps): Promise<SyncOutcome> {
  // A removal accepted while this runs no longer stops the write (it happens inside the activity): the next sync deletes.
  const synced = await d.sync.syncEntity({ ref, ...writeCheckOf(d.state()) });
  if (!synced.found) {
    await d.destination.deleteEntity(ref);
    return { kind: 'deleted', reason: 'gone-from-pim' };
  }
  const { version, digest, outcome, mediaSkipped } = synced;
  if (ref.kind === 'product-model' && (outcome !== 'unchanged' || recheck) && patched(CASCADE_PATCH)) await d.cascade(ref.id);
  // Only the state (and so the history query) changes with media: no command does, so no patch is needed.
  if (outcome !== 'unchanged' && mediaSkipped) return { kind: outcome, version, digest, mediaSkipped };
  return { kind: outcome, version, digest };
}

/** The shape of histories recorded before {@link SYNC_ENTITY_PATCH}, command for command. */
async function fetchThenWrite(ref: EntityRef, recheck: boolean, d: UpsertDeps): Promise<SyncOutcome> {
  const fetched = await d.pim.fetchEntity(ref);
  if (!fetched.found) {
    await d.destination.deleteEntity(ref);
    return { kind: 'deleted', reason: 'gone-from-pim' };
  }
  const { version, digest } = fetched;
  // A removal accepted during the fetch wins: don't write a product that is being deleted.
  if (d.state().desired === 'delete') return { kind: 'unchanged', version, digest };
  const skip = canSkipWrite(d.state(), fetched);
  // A third party that already holds a newer version answers 409/412: done, recorded as `superseded`.
  const written = skip ? undefined : await d.destination.writeEntity(ref, fetched.data, version, digest);
  // Variants inherit the model's values, but their `updated` does not move: re-check each of them.
  if (ref.kind === 'product-model' && (!skip || recheck) && patched(CASCADE_PATCH)) await d.cascade(ref.id);
  if (skip) return { kind: 'unchanged', version, digest };
  return { kind: written === WriteOutcome.SUPERSEDED ? 'superseded' : 'written', version, digest };
}
