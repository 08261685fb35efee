/** New catalog entities with the simulator's defaults: a fresh SKU or code, a name, the `clothing` family. */
import { pad, value } from './catalog-values';
import type { ProductInput, ProductModelInput, SimProduct, SimProductModel } from './catalog-types';

/** Product number `n` created at `at`; a variant takes its family from `parent` unless `partial` sets one. */
export function buildProduct(partial: ProductInput, uuid: string, n: number, at: string, parent?: SimProductModel): SimProduct {
  return {
    uuid,
    enabled: partial.enabled ?? true,
    family: partial.family !== undefined ? partial.family : (parent?.family ?? 'clothing'),
    categories: partial.categories ?? ['master'],
    groups: partial.groups ?? [],
    parent: partial.parent ?? null,
    values: { sku: [value(`SKU-${pad(n)}`)], name: [value(`Product ${n}`, 'en_US')], ...partial.values },
    created: at,
    updated: at,
    associations: partial.associations ?? {},
    quantified_associations: partial.quantified_associations ?? {},
  };
}

/** Product model number `n` created at `at`; a sub-model takes its family and family variant from its root. */
export function buildModel(partial: ProductModelInput, code: string, n: number, at: string, root?: SimProductModel): SimProductModel {
  return {
    code,
    family: partial.family !== undefined ? partial.family : (root?.family ?? 'clothing'),
    family_variant: partial.family_variant !== undefined ? partial.family_variant : (root?.family_variant ?? 'clothing_by_size'),
    parent: partial.parent ?? null,
    categories: partial.categories ?? ['master'],
    values: { name: [value(`Model ${n}`, 'en_US')], ...partial.values },
    created: at,
    updated: at,
    associations: partial.associations ?? {},
    quantified_associations: partial.quantified_associations ?? {},
  };
}
