/** An in-memory PIM catalog: products by uuid, product models by code, and a log of every change. */
import { randomUUID } from 'node:crypto';
import { cloneEntity, mergeEntity, pad, value } from './catalog-values';
import { ChangeLog, EntityStamps } from './change-log';
import {
  skuOf,
  type CatalogChange,
  type ChangeAction,
  type ProductInput,
  type ProductModelInput,
  type SimEntityKind,
  type SimProduct,
  type SimProductModel,
} from './catalog-types';
import type { ListSource } from './pim-list';
import { SortedKeys } from './sorted-keys';

/** Options of {@link Catalog}. */
export interface CatalogOptions {
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
  /** Prefix of generated product-model codes (default `model`); distinct catalogs sharing one Temporal need distinct prefixes. */
  modelCodePrefix?: string;
}

/** Options of a catalog change. */
export interface ChangeOptions {
  /** Make the change without logging it: no event will be sent for it (a change the connector never hears of). */
  silent?: boolean;
}

/** A product or product model the catalog does not hold. */
export class CatalogNotFoundError extends Error {
  constructor(kind: SimEntityKind, id: string) {
    super(`${kind} ${id} is not in the catalog`);
    this.name = 'CatalogNotFoundError';
  }
}

/** The simulated PIM's data. Every `updated` strictly increases per entity, even within one second. */
export class Catalog {
  private readonly products = new Map<string, SimProduct>();
  private readonly models = new Map<string, SimProductModel>();
  private readonly productKeys = new SortedKeys((uuid) => this.products.has(uuid));
  private readonly modelKeys = new SortedKeys((code) => this.models.has(code));
  private readonly log = new ChangeLog();
  private readonly stamps: EntityStamps;
  private readonly modelCodePrefix: string;
  private productCount = 0;
  private modelCount = 0;

  constructor(options: CatalogOptions = {}) {
    this.stamps = new EntityStamps(options.now ?? Date.now);
    this.modelCodePrefix = options.modelCodePrefix ?? 'model';
  }

  /** Creates a product with a random v4 uuid and a fresh SKU; `partial` overrides any field. */
  createProduct(partial: ProductInput = {}, options: ChangeOptions = {}): SimProduct {
    const uuid = (partial.uuid ?? randomUUID()).toLowerCase();
    if (this.products.has(uuid)) throw new Error(`product ${uuid} already exists`);
    const n = ++this.productCount;
    const at = this.stamps.stamp('product', uuid);
    const product: SimProduct = {
      uuid,
      enabled: partial.enabled ?? true,
      family: partial.family !== undefined ? partial.family : 'clothing',
      categories: partial.categories ?? ['master'],
      groups: partial.groups ?? [],
      parent: partial.parent ?? null,
      values: { sku: [value(`SKU-${pad(n)}`)], name: [value(`Product ${n}`, 'en_US')], ...partial.values },
      created: at,
      updated: at,
      associations: partial.associations ?? {},
      quantified_associations: partial.quantified_associations ?? {},
    };
    this.products.set(uuid, product);
    this.productKeys.add(uuid);
    this.record(options, 'product', 'created', uuid, product);
    return cloneEntity(product);
  }

  /** Applies `changes` (or, without them, renames the product) and bumps `updated`. */
  updateProduct(uuid: string, changes?: ProductInput, options: ChangeOptions = {}): SimProduct {
    const current = this.products.get(uuid.toLowerCase());
    if (!current) throw new CatalogNotFoundError('product', uuid);
    const { uuid: _uuid, ...rest } = changes ?? { values: { name: [this.stamps.renamed('product', current.uuid, skuOf(current))] } };
    const next = mergeEntity(current, rest, this.stamps.stamp('product', current.uuid));
    this.products.set(current.uuid, next);
    this.record(options, 'product', 'updated', current.uuid, next);
    return cloneEntity(next);
  }

  /** Removes a product; returns it as it was. */
  removeProduct(uuid: string, options: ChangeOptions = {}): SimProduct {
    const current = this.products.get(uuid.toLowerCase());
    if (!current) throw new CatalogNotFoundError('product', uuid);
    this.products.delete(current.uuid);
    this.productKeys.remove();
    this.record(options, 'product', 'removed', current.uuid, current, this.stamps.stamp('product', current.uuid));
    return cloneEntity(current);
  }

  /** The product, or `undefined`. */
  get(uuid: string): SimProduct | undefined {
    const p = this.products.get(uuid.toLowerCase());
    return p && cloneEntity(p);
  }

  /** Every product, in creation order. */
  list(): SimProduct[] {
    return [...this.products.values()].map((p) => cloneEntity(p));
  }

  /** Products by uuid in uuid order, uncopied, for list endpoints: treat as read-only. */
  productIndex(): ListSource<SimProduct> {
    return { ids: this.productKeys.keys, get: (uuid) => this.products.get(uuid) };
  }

  /** Creates `n` products; with `silent`, they are not logged as changes (no events for them). */
  seed(n: number, options: ChangeOptions = {}): SimProduct[] {
    return Array.from({ length: n }, () => this.createProduct({}, options));
  }

  /** Creates a product model with a fresh code; `partial` overrides any field. */
  createProductModel(partial: ProductModelInput = {}, options: ChangeOptions = {}): SimProductModel {
    const n = ++this.modelCount;
    const code = partial.code ?? `${this.modelCodePrefix}_${pad(n)}`;
    if (this.models.has(code)) throw new Error(`product model ${code} already exists`);
    const at = this.stamps.stamp('product-model', code);
    const model: SimProductModel = {
      code,
      family: partial.family !== undefined ? partial.family : 'clothing',
      family_variant: partial.family_variant !== undefined ? partial.family_variant : 'clothing_by_size',
      parent: partial.parent ?? null,
      categories: partial.categories ?? ['master'],
      values: { name: [value(`Model ${n}`, 'en_US')], ...partial.values },
      created: at,
      updated: at,
      associations: partial.associations ?? {},
      quantified_associations: partial.quantified_associations ?? {},
    };
    this.models.set(code, model);
    this.modelKeys.add(code);
    this.record(options, 'product-model', 'created', code, model);
    return cloneEntity(model);
  }

  /** Applies `changes` (or, without them, renames the model) and bumps `updated`. */
  updateProductModel(code: string, changes?: ProductModelInput, options: ChangeOptions = {}): SimProductModel {
    const current = this.models.get(code);
    if (!current) throw new CatalogNotFoundError('product-model', code);
    const { code: _code, ...rest } = changes ?? { values: { name: [this.stamps.renamed('product-model', code, code)] } };
    const next = mergeEntity(current, rest, this.stamps.stamp('product-model', code));
    this.models.set(code, next);
    this.record(options, 'product-model', 'updated', code, next);
    return cloneEntity(next);
  }

  /** Removes a product model; returns it as it was. */
  removeProductModel(code: string, options: ChangeOptions = {}): SimProductModel {
    const current = this.models.get(code);
    if (!current) throw new CatalogNotFoundError('product-model', code);
    this.models.delete(code);
    this.modelKeys.remove();
    this.record(options, 'product-model', 'removed', code, current, this.stamps.stamp('product-model', code));
    return cloneEntity(current);
  }

  /** The product model, or `undefined`. */
  getProductModel(code: string): SimProductModel | undefined {
    const m = this.models.get(code);
    return m && cloneEntity(m);
  }

  /** Every product model, in creation order. */
  listProductModels(): SimProductModel[] {
    return [...this.models.values()].map((m) => cloneEntity(m));
  }

  /** Product models by code in code order, uncopied, for list endpoints: treat as read-only. */
  productModelIndex(): ListSource<SimProductModel> {
    return { ids: this.modelKeys.keys, get: (code) => this.models.get(code) };
  }

  /** Logged changes with `seq` greater than `afterSeq`, oldest first (treat them as read-only). */
  changes(afterSeq = 0): CatalogChange[] {
    return this.log.after(afterSeq);
  }

  /** `seq` of the latest logged change (0 when none). */
  get lastSeq(): number {
    return this.log.lastSeq;
  }

  private record(options: ChangeOptions, kind: SimEntityKind, action: ChangeAction, id: string, entity: SimProduct | SimProductModel, at?: string): void {
    if (!options.silent) this.log.append(kind, action, id, entity, at);
  }
}
