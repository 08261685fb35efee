/**
 * What the structure sync shares: its dependencies, its counts, the child collections a page names. The listing
 * itself is `sync-collections.ts`; `activities/structure-sync.ts` wraps it with heartbeats and failure mapping.
 */
import { StructureReader, type StructurePage } from '../akeneo/structure-reader';
import { nestedCollection, parseCollection } from '../akeneo/structure-paths';
import type { Destination } from '../destination/destination';
import { OPTION_ATTRIBUTE_TYPES } from '../domain/structure';
import type { StructureLedger } from './ledger';

/** Counts of a listing. */
export interface StructureCounts {
  listed: number;
  written: number;
  unchanged: number;
}

/** Dependencies of the structure sync. */
export interface StructureSyncDeps {
  reader: StructureReader;
  destination: Destination;
  ledger: StructureLedger;
  /** Most destination writes at once (STRUCTURE_WRITE_CONCURRENCY). */
  writeConcurrency: number;
  /** Wraps PIM and destination errors into what the caller throws (default: as they are). */
  pimError?: (err: unknown) => unknown;
  destinationError?: (err: unknown) => unknown;
  /** DELETE_POLICY for an item an event finds gone (default `delete`); `ignore` keeps it at the destination. */
  deletePolicy?: 'delete' | 'ignore';
}

/** The child collections a page names: options of select attributes, variants of families. */
export function childCollections(collection: string, page: StructurePage): string[] {
  const { kind } = parseCollection(collection);
  if (kind === 'attributes') {
    return page.items.filter((i) => OPTION_ATTRIBUTE_TYPES.includes(i.data.type as string)).map((i) => nestedCollection('attribute-options', i.data.code as string));
  }
  if (kind === 'families') return page.items.map((i) => nestedCollection('family-variants', i.data.code as string));
  return [];
}

/** Runs `fn`, throwing its error through `map` (the activities' failure mapping). */
export async function wrap<T>(fn: () => Promise<T>, map?: (err: unknown) => unknown): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw map ? map(err) : err;
  }
}
