/**
 * Product models and their descendants as Akeneo shows them: the REST representation of a variant product
 * (or of a sub-model) merges its ancestors' values but keeps its own `updated`, while the search index
 * (Elasticsearch) dates it with the newest `updated` of itself and its ancestors.
 */
import { CatalogNotFoundError, skuOf, type SimProduct, type SimProductModel, type SimValue } from './catalog-types';
import type { ListSource } from './pim-list';
import type { Searchable } from './pim-search';

/** Read access to the stored entities: products by lowercase uuid, product models by code. */
export interface CatalogLookup {
  product(uuid: string): SimProduct | undefined;
  model(code: string): SimProductModel | undefined;
}

/** The product models above an entity whose `parent` is `parent`: the parent first, then the grand-parent. */
export function ancestorsOf(lookup: CatalogLookup, parent: string | null): SimProductModel[] {
  const out: SimProductModel[] = [];
  for (let code = parent; code !== null && out.length < 2; ) {
    const model = lookup.model(code);
    if (!model) break;
    out.push(model);
    code = model.parent;
  }
  return out;
}

/**
 * The product as `GET /api/rest/v1/products-uuid/{uuid}` and the list endpoint show it: a variant's `values`
 * merge those of its parent and grand-parent (its own win on a clash), its `updated` stays its own. The
 * stored object itself when it has no parent (do not mutate the result). Source: the REST read query merges
 * the raw values of both product-model levels with the product's and selects `p.updated` alone,
 * akeneo/pim-community-dev src/Akeneo/Pim/Enrichment/Bundle/Storage/Sql/Product/GetValuesAndPropertiesFromProductUuids.php.
 */
export function representProduct(lookup: CatalogLookup, stored: SimProduct): SimProduct {
  const ancestors = ancestorsOf(lookup, stored.parent);
  return ancestors.length === 0 ? stored : { ...stored, values: mergeValues(ancestors, stored.values) };
}

/**
 * The product model as `GET /api/rest/v1/product-models/{code}` shows it: a sub-model merges its root
 * model's values and keeps its own `updated`. Source: akeneo/pim-community-dev
 * src/Akeneo/Pim/Enrichment/Bundle/Storage/Sql/ProductModel/GetValuesAndPropertiesFromProductModelCodes.php
 * (`JSON_MERGE(parent raw_values, own raw_values)`, `product_model.updated`).
 */
export function representModel(lookup: CatalogLookup, stored: SimProductModel): SimProductModel {
  const ancestors = ancestorsOf(lookup, stored.parent);
  return ancestors.length === 0 ? stored : { ...stored, values: mergeValues(ancestors, stored.values) };
}

/**
 * The search-index document of a product: its `updated` is the newest of the product's and its ancestors'
 * (`GREATEST(product.updated, sub_product_model.updated, root_product_model.updated)` in akeneo/pim-community-dev
 * src/Akeneo/Pim/Enrichment/Bundle/Storage/Sql/ElasticsearchProjection/GetElasticsearchProductProjection.php),
 * which is why an `updated >` search lists variants whose own `updated` is older (documented in
 * https://api.akeneo.com/documentation/filter.html, "On their creation or update date").
 */
export function productDocument(lookup: CatalogLookup, stored: SimProduct): Searchable {
  const ancestors = ancestorsOf(lookup, stored.parent);
  return {
    uuid: stored.uuid,
    identifier: skuOf(stored),
    enabled: stored.enabled,
    parent: stored.parent,
    ancestors: ancestors.map((m) => m.code),
    created: stored.created,
    updated: newest(stored.updated, ancestors),
  };
}

/**
 * The search-index document of a product model: a sub-model is dated with the newest of its own and its
 * root's `updated` (`GREATEST(product_model.updated, root_product_model.updated)` in akeneo/pim-community-dev
 * src/Akeneo/Pim/Enrichment/Bundle/Storage/Sql/ElasticsearchProjection/GetElasticsearchProductModelProjection.php).
 */
export function modelDocument(lookup: CatalogLookup, stored: SimProductModel): Searchable {
  const ancestors = ancestorsOf(lookup, stored.parent);
  return {
    code: stored.code,
    parent: stored.parent,
    ancestors: ancestors.map((m) => m.code),
    created: stored.created,
    updated: newest(stored.updated, ancestors),
  };
}

/** The stored product model `code`; throws when absent (the error is the catalog's not-found). */
export function requireModel(lookup: CatalogLookup, code: string): SimProductModel {
  const model = lookup.model(code);
  if (!model) throw new CatalogNotFoundError('product-model', code);
  return model;
}

/**
 * The root model `code`, to be the parent of `child`: Akeneo's family variants have at most two levels of
 * variation, so a sub-model's parent is a root model ("up to 2 possible levels",
 * https://api.akeneo.com/tutorials/how-to-collect-product-variations.html).
 */
export function requireRoot(lookup: CatalogLookup, code: string, child: string): SimProductModel {
  const model = requireModel(lookup, code);
  if (model.parent !== null || code === child) throw new Error(`product model ${code} cannot be the parent of ${child}: not a root model`);
  return model;
}

/** Products with uuids `ids`, as list endpoints read them: representations and search documents, uncopied. */
export function productSource(lookup: CatalogLookup, ids: readonly string[]): ListSource<SimProduct> {
  return {
    ids,
    get: (uuid) => withStored(lookup.product(uuid), (p) => representProduct(lookup, p)),
    doc: (uuid) => withStored(lookup.product(uuid), (p) => productDocument(lookup, p)),
  };
}

/** Product models with codes `ids`, as list endpoints read them. */
export function modelSource(lookup: CatalogLookup, ids: readonly string[]): ListSource<SimProductModel> {
  return {
    ids,
    get: (code) => withStored(lookup.model(code), (m) => representModel(lookup, m)),
    doc: (code) => withStored(lookup.model(code), (m) => modelDocument(lookup, m)),
  };
}

function withStored<S, R>(stored: S | undefined, f: (s: S) => R): R | undefined {
  return stored === undefined ? undefined : f(stored);
}

function mergeValues(ancestors: readonly SimProductModel[], own: Record<string, SimValue[]>): Record<string, SimValue[]> {
  const merged: Record<string, SimValue[]> = {};
  for (const model of [...ancestors].reverse()) Object.assign(merged, model.values);
  return Object.assign(merged, own);
}

function newest(own: string, ancestors: readonly SimProductModel[]): string {
  let best = own;
  for (const { updated } of ancestors) if (Date.parse(updated) > Date.parse(best)) best = updated;
  return best;
}
