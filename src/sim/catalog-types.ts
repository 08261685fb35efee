/** Shapes of the simulated PIM catalog: products, product models, the change log, Akeneo dates, its not-found error. */

/** One value of an attribute, as Akeneo's REST API writes it. */
export interface SimValue {
  locale: string | null;
  scope: string | null;
  data: unknown;
}

/** A product, field for field as `GET /api/rest/v1/products-uuid/{uuid}` returns it. */
export interface SimProduct {
  uuid: string;
  enabled: boolean;
  family: string | null;
  categories: string[];
  groups: string[];
  parent: string | null;
  values: Record<string, SimValue[]>;
  created: string;
  updated: string;
  associations: Record<string, unknown>;
  quantified_associations: Record<string, unknown>;
}

/** A product model, field for field as `GET /api/rest/v1/product-models/{code}` returns it. */
export interface SimProductModel {
  code: string;
  family: string | null;
  family_variant: string | null;
  parent: string | null;
  categories: string[];
  values: Record<string, SimValue[]>;
  created: string;
  updated: string;
  associations: Record<string, unknown>;
  quantified_associations: Record<string, unknown>;
}

/** Fields a caller may set when creating or updating a product (`values` are merged per attribute). */
export type ProductInput = Partial<Omit<SimProduct, 'created' | 'updated'>>;

/** Fields a caller may set when creating or updating a product model (`values` are merged per attribute). */
export type ProductModelInput = Partial<Omit<SimProductModel, 'created' | 'updated'>>;

/** Kinds of catalog entities; the values match the workflows' `EntityKind`. */
export const SimEntityKind = { PRODUCT: 'product', PRODUCT_MODEL: 'product-model' } as const;
export type SimEntityKind = (typeof SimEntityKind)[keyof typeof SimEntityKind];

/** A product or product model the catalog does not hold. */
export class CatalogNotFoundError extends Error {
  constructor(kind: SimEntityKind, id: string) {
    super(`${kind} ${id} is not in the catalog`);
    this.name = 'CatalogNotFoundError';
  }
}

/** What happened to an entity. */
export const ChangeAction = { CREATED: 'created', UPDATED: 'updated', REMOVED: 'removed' } as const;
export type ChangeAction = (typeof ChangeAction)[keyof typeof ChangeAction];

/** One entry of the catalog's change log. */
export interface CatalogChange {
  /** Position in the log, from 1. */
  seq: number;
  kind: SimEntityKind;
  action: ChangeAction;
  /** Product uuid or product-model code. */
  id: string;
  /** The product's SKU at the time of the change (products only). */
  identifier?: string;
  /** When it happened, Akeneo format: the entity's `updated`, or the removal time. */
  at: string;
  /** The entity as the REST API showed it right after the change (right before it, for a removal). */
  snapshot: SimProduct | SimProductModel;
}

/** Formats epoch milliseconds like Akeneo: `2024-05-02T08:15:00+00:00` (UTC, whole seconds). */
export function formatAkeneoDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Formats epoch milliseconds as RFC 3339 UTC with whole seconds: `2026-09-01T10:15:30Z`. */
export function formatRfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The product's SKU: the first `values.sku` entry, if any. */
export function skuOf(product: Pick<SimProduct, 'values'>): string | undefined {
  const data = product.values.sku?.[0]?.data;
  return typeof data === 'string' ? data : undefined;
}
