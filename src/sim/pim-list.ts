/** List endpoints of the simulated PIM: `limit`, `search`, and both pagination types, as Akeneo's HAL answers. */
import { akeneoError, type SimResponse } from './http-server';
import type { CursorCodec } from './pim-cursor';
import { parseSearch, type Searchable } from './pim-search';
import { upperBound } from './sorted-keys';

/** Items per page when `limit` is absent. */
export const DEFAULT_LIST_LIMIT = 10;
/** Most items one page may hold. */
export const MAX_LIST_LIMIT = 100;
/** Deepest offset the `page` pagination serves (Akeneo's cap). */
export const MAX_PAGE_OFFSET = 10_000;

/** A collection as list endpoints read it: ids in primary-key order and lookups (O(1), uncopied). */
export interface ListSource<T> {
  ids: readonly string[];
  /** The item as the list shows it. */
  get(id: string): T | undefined;
  /** The search-index document the filters read; `undefined` when the index misses it (default: the item). */
  doc?(id: string): Searchable | undefined;
}

/**
 * What a list endpoint does with a `search_after` cursor it did not make. Akeneo's code has no check: the
 * product-model list decrypts the cursor and pages after the result, which is `false` for a bad cursor, so the
 * listing starts over (`restart`; akeneo/pim-community-dev src/Akeneo/Pim/Enrichment/Component/Product/Connector/
 * UseCase/ListProductModelsQueryHandler.php), and CE's products-uuid list takes the raw value as a key
 * (ListProductsByUuidQueryHandler.php). SaaS's answer is not public; the simulator refuses by default (`error`,
 * a 422 of its own wording) so that a client that builds cursors fails loudly instead of looping.
 */
export const InvalidCursor = { ERROR: 'error', RESTART: 'restart' } as const;
export type InvalidCursor = (typeof InvalidCursor)[keyof typeof InvalidCursor];

/** The simulator's message for a `search_after` cursor it did not make (not Akeneo's: see {@link InvalidCursor}). */
export const INVALID_CURSOR_MESSAGE = 'The "search_after" cursor is not one this PIM made: follow _links.next.href verbatim.';

/** What one list endpoint serves. */
export interface ListSpec<T extends Searchable> {
  /** The entities, sorted by `idProperty`. */
  source: ListSource<T>;
  /** Primary key, which is also the `search_after` cursor and the sort key. */
  idProperty: 'uuid' | 'code';
  /** Path of the collection, e.g. `/api/rest/v1/products-uuid`; items live at `<path>/<id>`. */
  path: string;
  nowMs: number;
  /** Encrypts the `search_after` cursors; without it they are the raw primary keys. */
  cursor?: CursorCodec;
  /** Answer to a cursor `cursor` cannot decode (default `error`: 422). */
  invalidCursor?: InvalidCursor;
}

/** Answers `GET <collection>` for the request `url` (absolute, from the request's `Host`); O(page) without `search`. */
export function listResponse<T extends Searchable>(url: URL, spec: ListSpec<T>): SimResponse {
  const q = url.searchParams;
  const limitParam = q.get('limit');
  const limit = limitParam === null ? DEFAULT_LIST_LIMIT : /^\d+$/.test(limitParam) ? Number(limitParam) : NaN;
  if (!(limit >= 1)) return akeneoError(422, `"${limitParam}" is not a valid limit number.`);
  if (limit > MAX_LIST_LIMIT) return akeneoError(422, `You cannot request more than ${MAX_LIST_LIMIT} items.`);
  const type = q.get('pagination_type') ?? 'page';
  if (type !== 'page' && type !== 'search_after') return akeneoError(422, 'Pagination type does not exist.');
  const search = parseSearch(q.get('search'), spec.idProperty, spec.nowMs);
  if ('error' in search) return search.error;

  const idOf = (item: T) => String(item[spec.idProperty]);
  const { ids } = spec.source;
  const base = `${url.origin}${url.pathname}`;
  const href = (set: Record<string, string>, drop: string[]) => {
    const params = new URLSearchParams(q);
    for (const key of [...drop, ...Object.keys(set)]) params.delete(key);
    for (const [key, value] of Object.entries(set)) params.set(key, value);
    const query = params.toString();
    return { href: query ? `${base}?${query}` : base };
  };
  const embed = (page: string[]) => ({
    items: page.flatMap((id) => {
      const item = spec.source.get(id);
      return item ? [{ _links: { self: { href: `${url.origin}${spec.path}/${encodeURIComponent(idOf(item))}` } }, ...item }] : [];
    }),
  });

  if (type === 'search_after') {
    const cursor = q.get('search_after');
    const after = cursor === null ? undefined : decodeCursor(cursor, spec);
    if (after === null) return akeneoError(422, INVALID_CURSOR_MESSAGE);
    const start = after === undefined ? 0 : upperBound(ids, after);
    const page = take(matching(spec.source, start, search.matches), 0, limit);
    const last = page[page.length - 1];
    const links: Record<string, { href: string }> = { self: href({}, []), first: href({}, ['search_after']) };
    if (page.length === limit && last) links.next = href({ search_after: spec.cursor ? spec.cursor.encode(last) : last }, []);
    return { status: 200, body: { _links: links, _embedded: embed(page) } };
  }

  const pageParam = q.get('page') ?? '1';
  const current = /^\d+$/.test(pageParam) ? Number(pageParam) : NaN;
  if (!(current >= 1)) return akeneoError(422, `"${pageParam}" is not a valid page number.`);
  const offset = (current - 1) * limit;
  if (offset >= MAX_PAGE_OFFSET) {
    return akeneoError(
      422,
      'You have reached the maximum number of pages you can retrieve with the "page" pagination type. Please use the search after pagination type instead',
    );
  }
  const page = take(matching(spec.source, 0, search.matches), offset, limit);
  const links: Record<string, { href: string }> = { self: href({ page: String(current) }, []), first: href({ page: '1' }, []) };
  if (current > 1) links.previous = href({ page: String(current - 1) }, []);
  if (page.length === limit) links.next = href({ page: String(current + 1) }, []);
  const count = q.get('with_count') === 'true' ? { items_count: countOf(matching(spec.source, 0, search.matches)) } : {};
  return { status: 200, body: { _links: links, current_page: current, ...count, _embedded: embed(page) } };
}

/** Ids from position `start` on whose search document matches, in order, lazily. */
function* matching<T extends Searchable>(source: ListSource<T>, start: number, matches: (doc: Searchable) => boolean): Generator<string> {
  const docOf = source.doc ? (id: string) => source.doc!(id) : (id: string) => source.get(id);
  for (let i = start; i < source.ids.length; i++) {
    const id = source.ids[i];
    const doc = docOf(id);
    if (doc && matches(doc)) yield id;
  }
}

/** The primary key after which to list; `undefined` to list from the start, `null` for a cursor to refuse. */
function decodeCursor<T extends Searchable>(cursor: string, spec: ListSpec<T>): string | undefined | null {
  if (!spec.cursor) return spec.idProperty === 'uuid' ? cursor.toLowerCase() : cursor;
  const key = spec.cursor.decode(cursor);
  if (key !== undefined) return key;
  return spec.invalidCursor === InvalidCursor.RESTART ? undefined : null;
}

function take<T>(items: Iterable<T>, skip: number, limit: number): T[] {
  const out: T[] = [];
  let seen = 0;
  for (const item of items) {
    if (seen++ < skip) continue;
    out.push(item);
    if (out.length === limit) break;
  }
  return out;
}

function countOf(items: Iterable<unknown>): number {
  let n = 0;
  for (const _ of items) n++;
  return n;
}
