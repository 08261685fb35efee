/** List endpoints of the simulated PIM: `limit`, `search`, and both pagination types, as Akeneo's HAL answers. */
import { akeneoError, type SimResponse } from './http-server';
import { parseSearch, type Searchable } from './pim-search';

/** Items per page when `limit` is absent. */
export const DEFAULT_LIST_LIMIT = 10;
/** Most items one page may hold. */
export const MAX_LIST_LIMIT = 100;
/** Deepest offset the `page` pagination serves (Akeneo's cap). */
export const MAX_PAGE_OFFSET = 10_000;

/** What one list endpoint serves. */
export interface ListSpec<T extends Searchable> {
  items: T[];
  /** Primary key, which is also the `search_after` cursor and the sort key. */
  idProperty: 'uuid' | 'code';
  /** Path of the collection, e.g. `/api/rest/v1/products-uuid`; items live at `<path>/<id>`. */
  path: string;
  nowMs: number;
}

/** Answers `GET <collection>` for the request `url` (absolute, from the request's `Host`). */
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
  const sorted = spec.items.filter(search.matches).sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  const base = `${url.origin}${url.pathname}`;
  const href = (set: Record<string, string>, drop: string[]) => {
    const params = new URLSearchParams(q);
    for (const key of [...drop, ...Object.keys(set)]) params.delete(key);
    for (const [key, value] of Object.entries(set)) params.set(key, value);
    const query = params.toString();
    return { href: query ? `${base}?${query}` : base };
  };
  const embed = (page: T[]) => ({
    items: page.map((item) => ({ _links: { self: { href: `${url.origin}${spec.path}/${encodeURIComponent(idOf(item))}` } }, ...item })),
  });

  if (type === 'search_after') {
    const cursor = q.get('search_after');
    const after = cursor === null ? sorted : sorted.filter((item) => idOf(item) > (spec.idProperty === 'uuid' ? cursor.toLowerCase() : cursor));
    const page = after.slice(0, limit);
    const last = page[page.length - 1];
    const links: Record<string, { href: string }> = { self: href({}, []), first: href({}, ['search_after']) };
    if (page.length === limit && last) links.next = href({ search_after: idOf(last) }, []);
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
  const page = sorted.slice(offset, offset + limit);
  const links: Record<string, { href: string }> = { self: href({ page: String(current) }, []), first: href({ page: '1' }, []) };
  if (current > 1) links.previous = href({ page: String(current - 1) }, []);
  if (page.length === limit) links.next = href({ page: String(current + 1) }, []);
  const count = q.get('with_count') === 'true' ? { items_count: sorted.length } : {};
  return { status: 200, body: { _links: links, current_page: current, ...count, _embedded: embed(page) } };
}
