/** The REST routes of the simulated PIM: products by uuid and by identifier, product models, their lists. */
import type { Catalog } from './catalog';
import type { SimProduct } from './catalog-types';
import { akeneoError, type SimRequest, type SimResponse } from './http-server';
import { withMediaLinks } from './media/media-links';
import type { CursorCodec } from './pim-cursor';
import { listResponse, type InvalidCursor, type ListSource } from './pim-list';
import type { Searchable } from './pim-search';
import type { SearchIndex } from './search-index';

/** What the routes read and count. */
export interface PimRouteContext {
  catalog: Catalog;
  index: SearchIndex;
  cursor: CursorCodec;
  invalidCursor: InvalidCursor;
  nowMs: number;
  /** GETs of one entity that reached the data, by uuid (lowercase), identifier or code. */
  fetches: Map<string, number>;
  /** Image and file attributes: their values get `_links.download` (default none). */
  mediaAttributes?: ReadonlySet<string>;
}

const ROUTE = /^\/api\/rest\/v1\/(products-uuid|products|product-models)(?:\/([^/]+))?$/;

/** Answers a bearer-checked REST call on `path` (no trailing slash). */
export function routeRest(req: SimRequest, path: string, ctx: PimRouteContext): SimResponse {
  const match = ROUTE.exec(path);
  if (!match || (match[1] === 'products' && match[2] === undefined)) return noRoute(req);
  if (req.method !== 'GET') return akeneoError(405, `No route found for "${req.method} ${path}": Method Not Allowed (Allow: GET)`);
  const [, collection, rawId] = match;
  const prefix = `/api/rest/v1/${collection}`;
  const common = { path: prefix, nowMs: ctx.nowMs, cursor: ctx.cursor, invalidCursor: ctx.invalidCursor };
  const media = ctx.mediaAttributes ?? new Set<string>();
  const links = <T extends { values: SimProduct['values'] }>(entity: T): T => withMediaLinks(entity, media, req.url.origin);
  if (rawId === undefined) {
    return collection === 'products-uuid'
      ? listResponse(req.url, { ...common, source: linked(ctx.index.view('product', ctx.catalog.productIndex()), links), idProperty: 'uuid' })
      : listResponse(req.url, { ...common, source: linked(ctx.index.view('product-model', ctx.catalog.productModelIndex()), links), idProperty: 'code' });
  }
  const id = safeDecode(rawId);
  if (id === undefined) return noRoute(req);
  const key = collection === 'products-uuid' ? id.toLowerCase() : id;
  ctx.fetches.set(key, (ctx.fetches.get(key) ?? 0) + 1);
  if (collection === 'products') {
    const product = ctx.catalog.getByIdentifier(id);
    return product ? { status: 200, body: withIdentifier(links(product), id) } : notFound('Product', id);
  }
  const entity = collection === 'products-uuid' ? ctx.catalog.get(id) : ctx.catalog.getProductModel(id);
  if (entity) return { status: 200, body: links(entity) };
  return notFound(collection === 'products-uuid' ? 'Product' : 'Product model', id);
}

/** `source` whose items pass through `decorate` (the search documents are left alone). */
function linked<T extends Searchable>(source: ListSource<T>, decorate: (item: T) => T): ListSource<T> {
  return { ...source, get: (id) => withDefined(source.get(id), decorate) };
}

function withDefined<T>(item: T | undefined, f: (item: T) => T): T | undefined {
  return item === undefined ? undefined : f(item);
}

/**
 * The product as `GET /api/rest/v1/products/{identifier}` shows it: `uuid` (since 7.0), then `identifier`, then
 * the same fields as the uuid API (akeneo/pim-api-docs content/swagger/resources/products/definitions/product.yaml).
 */
function withIdentifier(product: SimProduct, identifier: string): Record<string, unknown> {
  const { uuid, ...rest } = product;
  const sku = product.values.sku?.[0]?.data;
  return { uuid, identifier: typeof sku === 'string' ? sku : identifier, ...rest };
}

/**
 * Akeneo's 404 for one entity, e.g. `Product "x" does not exist or you do not have permission to access it.`
 * (GetProductByUuidController, and ProductController::getAction for identifiers, in akeneo/pim-community-dev
 * src/Akeneo/Pim/Enrichment/Bundle/Controller/ExternalApi/).
 */
function notFound(what: string, id: string): SimResponse {
  return akeneoError(404, `${what} "${id}" does not exist or you do not have permission to access it.`);
}

/** Symfony's 404 for a path no route matches. */
export function noRoute(req: SimRequest): SimResponse {
  return akeneoError(404, `No route found for "${req.method} ${req.url.pathname}"`);
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
