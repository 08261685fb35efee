/**
 * Akeneo's offset pagination (`page`, `limit`, `with_count`) for the lists that have no `search_after`: the
 * structure and media files. Parameters are checked by PaginationParametersValidator (422s), links made by
 * OffsetHalPaginator (akeneo/pim-community-dev src/Akeneo/Tool/Component/Api/Pagination/): the query parameters
 * are the defaults `page=1&limit=10&with_count=false` overridden by the request's, then the request's others, so
 * `self` always carries all three; `next` only when the page is full; `previous` from page 2 on; no cap on the
 * page number. Each item gets `_links.self` before its own links.
 */
import { akeneoError, type SimResponse } from '../http-server';
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from '../pim-list';

/** What an offset list serves. */
export interface OffsetListSpec<T> {
  /** Keys in list order. */
  codes: readonly string[];
  /** The item as the list shows it. */
  get(code: string): T | undefined;
  /** Whether the item passes the `search` (default: all do). */
  matches?: (code: string) => boolean;
  /** Absolute URL of one item, for `_links.self`. */
  itemHref(code: string): string;
}

/** Checks `page`, `limit`, `with_count` and `pagination_type` as Akeneo does; returns the 422 or `undefined`. */
export function checkOffsetParameters(q: URLSearchParams): SimResponse | undefined {
  const type = q.get('pagination_type');
  if (type === 'search_after') return akeneoError(422, 'Pagination type is not supported.');
  if (type !== null && type !== 'page') return akeneoError(422, 'Pagination type does not exist.');
  const limit = q.get('limit');
  if (limit !== null && !(isInteger(limit) && Number(limit) >= 1)) return akeneoError(422, `"${limit}" is not a valid limit number.`);
  if (limit !== null && Number(limit) > MAX_LIST_LIMIT) return akeneoError(422, `You cannot request more than ${MAX_LIST_LIMIT} items.`);
  const page = q.get('page');
  if (page !== null && !(isInteger(page) && Number(page) >= 1)) return akeneoError(422, `"${page}" is not a valid page number.`);
  const withCount = q.get('with_count');
  if (withCount !== null && withCount !== 'true' && withCount !== 'false') {
    return akeneoError(422, `Parameter "with_count" has to be a boolean. Only "true" or "false" allowed, "${withCount}" given.`);
  }
  return undefined;
}

/** Answers a list request `url` (parameters already checked) with one page of `spec`. */
export function offsetListResponse<T extends object>(url: URL, spec: OffsetListSpec<T>): SimResponse {
  const params = new URLSearchParams({ page: '1', limit: String(DEFAULT_LIST_LIMIT), with_count: 'false' });
  for (const [key, value] of url.searchParams) params.set(key, value);
  const page = Number(params.get('page'));
  const limit = Number(params.get('limit'));
  const offset = (page - 1) * limit;
  const selected = spec.matches ? select(spec.codes, spec.matches, offset, limit) : spec.codes.slice(offset, offset + limit);
  const items = selected.flatMap((code) => {
    const item: (T & { _links?: Record<string, unknown> }) | undefined = spec.get(code);
    if (!item) return [];
    const { _links: own, ...fields } = item;
    return [{ _links: { self: { href: spec.itemHref(code) }, ...own }, ...fields }];
  });
  const href = (pageNumber: number) => {
    const p = new URLSearchParams(params);
    p.set('page', String(pageNumber));
    return { href: `${url.origin}${url.pathname}?${p.toString()}` };
  };
  const links: Record<string, { href: string }> = { self: href(page), first: href(1) };
  if (page > 1) links.previous = href(page - 1);
  if (selected.length >= limit) links.next = href(page + 1);
  const count = params.get('with_count') === 'true' ? { items_count: spec.matches ? countOf(spec.codes, spec.matches) : spec.codes.length } : {};
  return { status: 200, body: { _links: links, current_page: page, ...count, _embedded: { items } } };
}

function select(codes: readonly string[], matches: (code: string) => boolean, offset: number, limit: number): string[] {
  const out: string[] = [];
  let seen = 0;
  for (const code of codes) {
    if (!matches(code)) continue;
    if (seen++ < offset) continue;
    out.push(code);
    if (out.length === limit) break;
  }
  return out;
}

function countOf(codes: readonly string[], matches: (code: string) => boolean): number {
  let n = 0;
  for (const code of codes) if (matches(code)) n++;
  return n;
}

/** PHP's `strval($x) === strval(intval($x))`: a plain decimal integer, no sign but `-`, no leading zero. */
function isInteger(text: string): boolean {
  return /^-?(0|[1-9]\d*)$/.test(text);
}
