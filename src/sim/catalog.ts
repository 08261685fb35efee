/** An in-memory PIM catalog: products by uuid, product models by code, and a log of every change. */
import { randomUUID } from 'node:crypto';
import { buildModel, buildProduct } from './catalog-build';
import { modelSource, productSource, representModel, representProduct, requireModel, requireRoot, type CatalogLookup } from './catalog-lineage';
import { CatalogLinks } from './catalog-links';
import { cloneEntity, mergeEntity, pad } from './catalog-values';
import { ChangeLog, EntityStamps } from './change-log';
import {
  CatalogNotFoundError,
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

/**
 * The simulated PIM's data. `updated` has whole seconds, as Akeneo's: two changes within one second share it.
 * Reads (`get`, `list`, ...) return entities as the REST API shows them (variants merge their ancestors' values).
 */
export class Catalog {
  private readonly products = new Map<string, SimProduct>();
  private readonly models = new Map<string, SimProductModel>();
  private readonly productKeys = new SortedKeys((uuid) => this.products.has(uuid));
  private readonly modelKeys = new SortedKeys((code) => this.models.has(code));
  private readonly links = new CatalogLinks();
  private readonly log = new ChangeLog();
  private readonly stamps: EntityStamps;
  private readonly modelCodePrefix: string;
  private readonly lookup: CatalogLookup = { product: (uuid) => this.products.get(uuid), model: (code) => this.models.get(code) };
  private productCount = 0;
  private modelCount = 0;

  constructor(options: CatalogOptions = {}) {
    this.stamps = new EntityStamps(options.now ?? Date.now);
    this.modelCodePrefix = options.modelCodePrefix ?? 'model';
  }

  /** Creates a product with a random v4 uuid and a fresh SKU; `partial` overrides any field (`parent`: a variant of that model). */
  createProduct(partial: ProductInput = {}, options: ChangeOptions = {}): SimProduct {
    const uuid = (partial.uuid ?? randomUUID()).toLowerCase();
    if (this.products.has(uuid)) throw new Error(`product ${uuid} already exists`);
    const parent = partial.parent ? requireModel(this.lookup, partial.parent) : undefined;
    const product = buildProduct(partial, uuid, ++this.productCount, this.stamps.stamp('product', uuid), parent);
    this.products.set(uuid, product);
    this.productKeys.add(uuid);
    this.links.moveChild('product', uuid, null, product.parent);
    this.links.moveIdentifier(uuid, undefined, skuOf(product));
    return this.record(options, 'product', 'created', uuid, product);
  }

  /** Applies `changes` (or, without them, renames the product) and bumps `updated`. */
  updateProduct(uuid: string, changes?: ProductInput, options: ChangeOptions = {}): SimProduct {
    const current = this.products.get(uuid.toLowerCase());
    if (!current) throw new CatalogNotFoundError('product', uuid);
    const { uuid: _uuid, ...rest } = changes ?? { values: { name: [this.stamps.renamed('product', current.uuid, skuOf(current))] } };
    if (rest.parent) requireModel(this.lookup, rest.parent);
    const next = mergeEntity(current, rest, this.stamps.stamp('product', current.uuid));
    this.products.set(current.uuid, next);
    this.links.moveChild('product', current.uuid, current.parent, next.parent);
    this.links.moveIdentifier(current.uuid, skuOf(current), skuOf(next));
    return this.record(options, 'product', 'updated', current.uuid, next);
  }

  /** Removes a product; returns it as it was. */
  removeProduct(uuid: string, options: ChangeOptions = {}): SimProduct {
    const current = this.products.get(uuid.toLowerCase());
    if (!current) throw new CatalogNotFoundError('product', uuid);
    const shown = cloneEntity(representProduct(this.lookup, current));
    this.products.delete(current.uuid);
    this.productKeys.remove();
    this.links.moveChild('product', current.uuid, current.parent, null);
    this.links.moveIdentifier(current.uuid, skuOf(current), undefined);
    if (!options.silent) this.log.append('product', 'removed', current.uuid, shown, this.stamps.stamp('product', current.uuid));
    return shown;
  }

  /** The product as the REST API shows it, or `undefined`. */
  get(uuid: string): SimProduct | undefined {
    const p = this.products.get(uuid.toLowerCase());
    return p && cloneEntity(representProduct(this.lookup, p));
  }

  /** The product whose identifier (its `sku` value) is `identifier`, as the REST API shows it, or `undefined`. */
  getByIdentifier(identifier: string): SimProduct | undefined {
    const uuid = this.links.uuidOf(identifier);
    return uuid === undefined ? undefined : this.get(uuid);
  }

  /** Every product as the REST API shows it, in creation order. */
  list(): SimProduct[] {
    return [...this.products.values()].map((p) => cloneEntity(representProduct(this.lookup, p)));
  }

  /** Products by uuid in uuid order, for list endpoints: items and search documents are uncopied, treat as read-only. */
  productIndex(): ListSource<SimProduct> {
    return productSource(this.lookup, this.productKeys.keys);
  }

  /** Creates `n` products; with `silent`, they are not logged as changes (no events for them). */
  seed(n: number, options: ChangeOptions = {}): SimProduct[] {
    return Array.from({ length: n }, () => this.createProduct({}, options));
  }

  /** Creates a product model with a fresh code; `partial` overrides any field (`parent`: a sub-model of that root model). */
  createProductModel(partial: ProductModelInput = {}, options: ChangeOptions = {}): SimProductModel {
    const n = ++this.modelCount;
    const code = partial.code ?? `${this.modelCodePrefix}_${pad(n)}`;
    if (this.models.has(code)) throw new Error(`product model ${code} already exists`);
    const root = partial.parent ? requireRoot(this.lookup, partial.parent, code) : undefined;
    const model = buildModel(partial, code, n, this.stamps.stamp('product-model', code), root);
    this.models.set(code, model);
    this.modelKeys.add(code);
    this.links.moveChild('product-model', code, null, model.parent);
    return this.record(options, 'product-model', 'created', code, model);
  }

  /**
   * Applies `changes` (or, without them, renames the model) and bumps `updated`; its descendants keep theirs, and
   * the one change logged is the model's: Akeneo emits `product_model.updated` from the model's own POST_SAVE and
   * saves no variant (akeneo/pim-community-dev src/Akeneo/Pim/Enrichment/Bundle/EventSubscriber/BusinessEvent/
   * DispatchProductModelCreatedAndUpdatedEventSubscriber.php).
   */
  updateProductModel(code: string, changes?: ProductModelInput, options: ChangeOptions = {}): SimProductModel {
    const current = this.models.get(code);
    if (!current) throw new CatalogNotFoundError('product-model', code);
    const { code: _code, ...rest } = changes ?? { values: { name: [this.stamps.renamed('product-model', code, code)] } };
    if (rest.parent) requireRoot(this.lookup, rest.parent, code);
    const next = mergeEntity(current, rest, this.stamps.stamp('product-model', code));
    this.models.set(code, next);
    this.links.moveChild('product-model', code, current.parent, next.parent);
    return this.record(options, 'product-model', 'updated', code, next);
  }

  /** Removes a product model without children; returns it as it was. */
  removeProductModel(code: string, options: ChangeOptions = {}): SimProductModel {
    const current = this.models.get(code);
    if (!current) throw new CatalogNotFoundError('product-model', code);
    if (this.links.childCount(code) > 0) throw new Error(`product model ${code} has children: remove them first`);
    const shown = cloneEntity(representModel(this.lookup, current));
    this.models.delete(code);
    this.modelKeys.remove();
    this.links.moveChild('product-model', code, current.parent, null);
    if (!options.silent) this.log.append('product-model', 'removed', code, shown, this.stamps.stamp('product-model', code));
    return shown;
  }

  /** The product model as the REST API shows it, or `undefined`. */
  getProductModel(code: string): SimProductModel | undefined {
    const m = this.models.get(code);
    return m && cloneEntity(representModel(this.lookup, m));
  }

  /** Every product model as the REST API shows it, in creation order. */
  listProductModels(): SimProductModel[] {
    return [...this.models.values()].map((m) => cloneEntity(representModel(this.lookup, m)));
  }

  /** Product models by code in code order, for list endpoints: items and search documents are uncopied, treat as read-only. */
  productModelIndex(): ListSource<SimProductModel> {
    return modelSource(this.lookup, this.modelKeys.keys);
  }

  /** Logged changes with `seq` greater than `afterSeq`, oldest first (treat them as read-only). */
  changes(afterSeq = 0): CatalogChange[] {
    return this.log.after(afterSeq);
  }

  /** `seq` of the latest logged change (0 when none). */
  get lastSeq(): number {
    return this.log.lastSeq;
  }

  /** Logs the change (unless silent) with the entity as the REST API shows it, and returns a copy of that. */
  private record<T extends SimProduct | SimProductModel>(options: ChangeOptions, kind: SimEntityKind, action: ChangeAction, id: string, entity: T): T {
    const shown = (kind === 'product' ? representProduct(this.lookup, entity as SimProduct) : representModel(this.lookup, entity as SimProductModel)) as T;
    if (!options.silent) this.log.append(kind, action, id, shown);
    return cloneEntity(shown);
  }
}
