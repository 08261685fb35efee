/**
 * Listing one structure collection page by page: digests, the ledger's verdict, writes of what changed. Knows
 * nothing about Temporal; `activities/structure-sync.ts` wraps it with heartbeats and failure mapping.
 */
import { structureDigest } from '../akeneo/content-digest';
import { StructureReader, type StructurePage } from '../akeneo/structure-reader';
import { nestedCollection, parseCollection } from '../akeneo/structure-paths';
import type { Destination } from '../destination/destination';
import { OPTION_ATTRIBUTE_TYPES } from '../domain/structure';
import { mapBounded } from '../activities/bounded';
import type { StructureLedger } from './ledger';

/** Counts of a listing. */
export interface StructureCounts {
  listed: number;
  written: number;
  unchanged: number;
}

/** What one page did: its counts, the child collections it names (options, variants), the next page's link. */
export interface PageOutcome extends StructureCounts {
  children: string[];
  next?: string;
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

/** Lists one page of `collection` (the first, or `next`), writes its changed items, records them; `discoverOnly` writes nothing. */
export async function syncStructurePage(
  deps: StructureSyncDeps,
  input: { collection: string; run: string; next?: string; discoverOnly?: boolean },
  signal?: AbortSignal,
): Promise<PageOutcome> {
  const page = await wrap(() => deps.reader.listPage(input.collection, input.next, signal), deps.pimError);
  const children = childCollections(input.collection, page);
  const next = page.next !== undefined ? { next: page.next } : {};
  if (input.discoverOnly) return { listed: 0, written: 0, unchanged: 0, children, ...next };
  const digests = new Map(page.items.map((i) => [i.key, structureDigest(i.data)]));
  const changed = new Set(await deps.ledger.observe(input.run, [...digests], signal));
  const toWrite = page.items.filter((i) => changed.has(i.key));
  await wrap(
    () => mapBounded(toWrite, deps.writeConcurrency, (i) => deps.destination.upsertStructure(i.key, i.data, { digest: digests.get(i.key)! }, signal)),
    deps.destinationError,
  );
  if (toWrite.length > 0) await deps.ledger.recordWritten(toWrite.map((i) => [i.key, digests.get(i.key)!]), signal);
  return { listed: page.items.length, written: toWrite.length, unchanged: page.items.length - toWrite.length, children, ...next };
}

/** Runs `fn`, throwing its error through `map` (the activities' failure mapping). */
export async function wrap<T>(fn: () => Promise<T>, map?: (err: unknown) => unknown): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw map ? map(err) : err;
  }
}
