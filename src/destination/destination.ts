/** The third-party system products are written to. One interface; one file per adapter. */
import type { EntityRef } from '../domain/entity';

/** Writes entities to the third party. Implementations are idempotent. */
export interface Destination {
  /** Creates or replaces the entity with the PIM's JSON. `version` is the PIM `updated`. */
  upsert(ref: EntityRef, data: unknown, version: string, signal?: AbortSignal): Promise<void>;
  /** Deletes the entity; deleting one the third party does not know counts as done. */
  remove(ref: EntityRef, signal?: AbortSignal): Promise<void>;
}
