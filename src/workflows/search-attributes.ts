/**
 * Custom search attributes of the entity workflows, so the Web UI and `temporal workflow list` can find
 * every failing product with one query (`SyncStatus = 'failed'`). They must be registered on the
 * namespace before a workflow upserts them: the worker registers {@link SEARCH_ATTRIBUTES} at start-up where the
 * server allows it (src/search-attributes-setup.ts), and otherwise names the command that does.
 * Imported by workflow code: only workflow-safe imports.
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair, type TypedSearchAttributes } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import type { EntityRef, SyncStatus } from './definitions';

/** The custom search attribute keys; names are what Web UI queries use. */
export const SearchAttr = {
  /** Product uuid (products only). */
  PRODUCT_UUID: defineSearchAttributeKey('ProductUuid', SearchAttributeType.KEYWORD),
  /** Product-model code (product models only). */
  PRODUCT_MODEL_CODE: defineSearchAttributeKey('ProductModelCode', SearchAttributeType.KEYWORD),
  /** Product identifier (SKU), when an event carried one. */
  PRODUCT_IDENTIFIER: defineSearchAttributeKey('ProductIdentifier', SearchAttributeType.KEYWORD),
  /** `pending` | `synced` | `failed` | `deleted`. */
  SYNC_STATUS: defineSearchAttributeKey('SyncStatus', SearchAttributeType.KEYWORD),
  /** Workflow time of the last successful sync (written, unchanged or deleted). */
  LAST_SYNCED_AT: defineSearchAttributeKey('LastSyncedAt', SearchAttributeType.DATETIME),
} as const;

/** Every key to register on a namespace (dev server `--search-attribute`, `temporal operator search-attribute create`). */
export const SEARCH_ATTRIBUTES: ReadonlyArray<SearchAttributeKey<SearchAttributeType>> = Object.values(SearchAttr);

/** What the entity workflow wants its search attributes to say. */
export interface EntitySearchState {
  ref: EntityRef;
  /** Latest product identifier known (events may carry a newer one than the first). */
  identifier?: string;
  status: SyncStatus;
  lastSyncedAt?: Date;
}

function desiredPairs(s: EntitySearchState): SearchAttributeUpdatePair[] {
  const pairs: SearchAttributeUpdatePair[] = [
    s.ref.kind === 'product' ? { key: SearchAttr.PRODUCT_UUID, value: s.ref.id } : { key: SearchAttr.PRODUCT_MODEL_CODE, value: s.ref.id },
    { key: SearchAttr.SYNC_STATUS, value: s.status },
  ];
  if (s.identifier) pairs.push({ key: SearchAttr.PRODUCT_IDENTIFIER, value: s.identifier });
  if (s.lastSyncedAt) pairs.push({ key: SearchAttr.LAST_SYNCED_AT, value: s.lastSyncedAt });
  return pairs;
}

function same(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

/** The pairs of `desired` that differ from `current` (empty when nothing changed: no upsert, no history event). */
export function searchAttributeChanges(current: TypedSearchAttributes, desired: EntitySearchState): SearchAttributeUpdatePair[] {
  return desiredPairs(desired).filter((pair) => !same(current.get(pair.key), pair.value));
}
