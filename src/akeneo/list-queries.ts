/** The list queries behind `PimLister`: paths, `search` filters, page reading. Pure, no HTTP. */
import type { EntityKind } from '../domain/entity';
import { entityIdProblem } from '../domain/entity-code';
import { PIM_LIST_MAX_LIMIT } from '../domain/limits';
import { contentDigest } from './content-digest';
import type { PimEntity, PimListOptions, PimPage } from './types';

export { PIM_LIST_MAX_LIMIT } from '../domain/limits';

const COLLECTION: Record<EntityKind, string> = { product: 'products-uuid', 'product-model': 'product-models' };
const ID_PROPERTY: Record<EntityKind, 'uuid' | 'code'> = { product: 'uuid', 'product-model': 'code' };

/** Path and query of the first search_after page of `kind`; throws a `RangeError` on a bad limit or date. */
export function listPath(kind: EntityKind, options: Pick<PimListOptions, 'updatedAfter' | 'limit' | 'parent'>): string {
  const limit = options.limit ?? PIM_LIST_MAX_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > PIM_LIST_MAX_LIMIT) {
    throw new RangeError(`limit must be an integer from 1 to ${PIM_LIST_MAX_LIMIT}, got ${limit}`);
  }
  const query = new URLSearchParams({ pagination_type: 'search_after', limit: String(limit) });
  const search: Record<string, unknown[]> = {};
  if (options.updatedAfter !== undefined) search.updated = [{ operator: '>', value: toSearchDate(options.updatedAfter) }];
  // https://api.akeneo.com/documentation/filter.html ("On their parent"): `IN` lists the direct children, variant
  // products or sub-models.
  if (options.parent !== undefined) search.parent = [{ operator: 'IN', value: [options.parent] }];
  if (Object.keys(search).length > 0) query.set('search', JSON.stringify(search));
  return `/api/rest/v1/${COLLECTION[kind]}?${query.toString()}`;
}

/** Path and query of one search for the products among `uuids` (at most {@link PIM_LIST_MAX_LIMIT}). */
export function existingProductsPath(uuids: readonly string[]): string {
  const search = { uuid: [{ operator: 'IN', value: uuids }] };
  const query = new URLSearchParams({ search: JSON.stringify(search), limit: String(PIM_LIST_MAX_LIMIT) });
  return `/api/rest/v1/${COLLECTION.product}?${query.toString()}`;
}

/**
 * Path and query of one search for the entities among `ids` (at most {@link PIM_LIST_MAX_LIMIT}): products by
 * `uuid IN`, product models by `identifier IN`, their code (https://api.akeneo.com/documentation/filter.html,
 * "Filter on product model properties": "To filter product models on their code, use the `identifier` property").
 */
export function searchByIdsPath(kind: EntityKind, ids: readonly string[]): string {
  if (kind === 'product') return existingProductsPath(ids);
  const search = { identifier: [{ operator: 'IN', value: ids }] };
  const query = new URLSearchParams({ search: JSON.stringify(search), limit: String(PIM_LIST_MAX_LIMIT) });
  return `/api/rest/v1/${COLLECTION[kind]}?${query.toString()}`;
}

/** Throws a `RangeError` when `ids` is more than one batch. */
export function assertIdBatch(ids: readonly string[]): void {
  if (ids.length > PIM_LIST_MAX_LIMIT) throw new RangeError(`at most ${PIM_LIST_MAX_LIMIT} ids per call, got ${ids.length}`);
}

/** Formats an ISO-8601 time as Akeneo's search date `YYYY-MM-DD hh:mm:ss` (UTC, seconds floored). */
export function toSearchDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 time: ${iso}`);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** An item of a list answer left out because its id cannot name an entity (see `entityIdProblem`). */
export interface SkippedItem {
  id: string;
  problem: string;
}

/**
 * The items of a HAL list answer, whole, as the list shows them; `undefined` when it lacks the documented shape.
 * An item whose id is a string that cannot name an entity (a `..` code, a product "uuid" that is none) is left
 * out and told to `onSkip`: it is never read, written or deleted, and the rest of the page still counts.
 */
export function readListItems(body: unknown, kind: EntityKind, onSkip?: (skipped: SkippedItem) => void): PimEntity[] | undefined {
  if (!isObject(body) || !isObject(body._embedded) || !Array.isArray(body._embedded.items)) return undefined;
  const idProperty = ID_PROPERTY[kind];
  const items: PimEntity[] = [];
  for (const item of body._embedded.items as unknown[]) {
    if (!isObject(item)) return undefined;
    const id = item[idProperty];
    if (typeof id !== 'string' || typeof item.updated !== 'string') return undefined;
    const problem = entityIdProblem(kind, id);
    if (problem) onSkip?.({ id, problem });
    else items.push(item as PimEntity);
  }
  return items;
}

/** Reads a HAL list answer as a {@link PimPage}; `undefined` when it lacks the documented shape (see {@link readListItems}). */
export function readListPage(body: unknown, kind: EntityKind, onSkip?: (skipped: SkippedItem) => void): PimPage | undefined {
  const entities = readListItems(body, kind, onSkip);
  if (!entities || !isObject(body)) return undefined;
  const idProperty = ID_PROPERTY[kind];
  const items = entities.map((item) => ({ id: item[idProperty] as string, updated: item.updated, digest: contentDigest(item) }));
  const links = body._links;
  const next = isObject(links) && isObject(links.next) ? links.next.href : undefined;
  if (next !== undefined && typeof next !== 'string') return undefined;
  return next ? { items, next } : { items };
}

/** The entries of `ids` that `found` holds; uuids compare case-insensitively, and the caller's spelling is kept. */
export function keepFound(kind: EntityKind, ids: readonly string[], found: readonly string[]): string[] {
  const norm = kind === 'product' ? (id: string) => id.toLowerCase() : (id: string) => id;
  const have = new Set(found.map(norm));
  return ids.filter((id) => have.has(norm(id)));
}

/**
 * The `ids` that `fetchOne` finds (resolves to something other than `undefined`), one call per distinct id.
 * The first failure aborts the calls still running or waiting, through the signal given to them.
 */
export async function findEach(
  ids: readonly string[],
  fetchOne: (id: string, signal: AbortSignal) => Promise<unknown>,
  signal?: AbortSignal,
): Promise<string[]> {
  const stop = new AbortController();
  const linked = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const distinct = [...new Set(ids)];
  try {
    const found = await Promise.all(distinct.map(async (id) => (await fetchOne(id, linked)) !== undefined));
    const have = new Set(distinct.filter((_, i) => found[i]));
    return ids.filter((id) => have.has(id));
  } catch (err) {
    stop.abort(err);
    throw err;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
