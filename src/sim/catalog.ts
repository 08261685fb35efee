/** An in-memory PIM catalog: products by uuid, product models by code, and a log of every change. */
import { randomUUID } from 'node:crypto';
import { mergeEntity, pad, value } from './catalog-values';
import {
  formatAkeneoDate,
  skuOf,
  type CatalogChange,
  type ChangeAction,
  type ProductInput,
  type ProductModelInput,
  type SimEntityKind,
  type SimProduct,
  type SimProductModel,
} from './catalog-types';

/** Options of {@link Catalog}. */
export interface CatalogOptions {
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
  /** Prefix of generated product-model codes (default `model`); distinct catalogs sharing one Temporal need distinct prefixes. */
  modelCodePrefix?: string;
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
  private readonly log: CatalogChange[] = [];
  /** Second of the latest change per `kind:id`, kept after removal so a re-created code moves forward. */
  private readonly lastSecond = new Map<string, number>();
  private readonly revisions = new Map<string, number>();
  private readonly now: () => number;
  private readonly modelCodePrefix: string;
  private productCount = 0;
  private modelCount = 0;
  private silent = false;

  constructor(options: CatalogOptions = {}) {
    this.now = options.now ?? Date.now;
    this.modelCodePrefix = options.modelCodePrefix ?? 'model';
  }

  /** Creates a product with a random v4 uuid and a fresh SKU; `partial` overrides any field. */
  createProduct(partial: ProductInput = {}): SimProduct {
    const uuid = (partial.uuid ?? randomUUID()).toLowerCase();
    if (this.products.has(uuid)) throw new Error(`product ${uuid} already exists`);
    const n = ++this.productCount;
    const at = this.stamp('product', uuid);
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
    this.record('product', 'created', uuid, product);
    return structuredClone(product);
  }

  /** Applies `changes` (or, without them, renames the product) and bumps `updated`. */
  updateProduct(uuid: string, changes?: ProductInput): SimProduct {
    const current = this.products.get(uuid.toLowerCase());
    if (!current) throw new CatalogNotFoundError('product', uuid);
    const { uuid: _uuid, ...rest } = changes ?? { values: { name: [this.renamed('product', current.uuid, skuOf(current))] } };
    const next = mergeEntity(current, rest, this.stamp('product', current.uuid));
    this.products.set(current.uuid, next);
    this.record('product', 'updated', current.uuid, next);
    return structuredClone(next);
  }

  /** Removes a product; returns it as it was. */
  removeProduct(uuid: string): SimProduct {
    const current = this.products.get(uuid.toLowerCase());
    if (!current) throw new CatalogNotFoundError('product', uuid);
    this.products.delete(current.uuid);
    this.record('product', 'removed', current.uuid, current, this.stamp('product', current.uuid));
    return structuredClone(current);
  }

  /** The product, or `undefined`. */
  get(uuid: string): SimProduct | undefined {
    const p = this.products.get(uuid.toLowerCase());
    return p && structuredClone(p);
  }

  /** Every product, in creation order. */
  list(): SimProduct[] {
    return [...this.products.values()].map((p) => structuredClone(p));
  }

  /** Creates `n` products; with `silent`, they are not logged as changes (no events for them). */
  seed(n: number, options: { silent?: boolean } = {}): SimProduct[] {
    this.silent = options.silent ?? false;
    try {
      return Array.from({ length: n }, () => this.createProduct());
    } finally {
      this.silent = false;
    }
  }

  /** Creates a product model with a fresh code; `partial` overrides any field. */
  createProductModel(partial: ProductModelInput = {}): SimProductModel {
    const n = ++this.modelCount;
    const code = partial.code ?? `${this.modelCodePrefix}_${pad(n)}`;
    if (this.models.has(code)) throw new Error(`product model ${code} already exists`);
    const at = this.stamp('product-model', code);
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
    this.record('product-model', 'created', code, model);
    return structuredClone(model);
  }

  /** Applies `changes` (or, without them, renames the model) and bumps `updated`. */
  updateProductModel(code: string, changes?: ProductModelInput): SimProductModel {
    const current = this.models.get(code);
    if (!current) throw new CatalogNotFoundError('product-model', code);
    const { code: _code, ...rest } = changes ?? { values: { name: [this.renamed('product-model', code, code)] } };
    const next = mergeEntity(current, rest, this.stamp('product-model', code));
    this.models.set(code, next);
    this.record('product-model', 'updated', code, next);
    return structuredClone(next);
  }

  /** Removes a product model; returns it as it was. */
  removeProductModel(code: string): SimProductModel {
    const current = this.models.get(code);
    if (!current) throw new CatalogNotFoundError('product-model', code);
    this.models.delete(code);
    this.record('product-model', 'removed', code, current, this.stamp('product-model', code));
    return structuredClone(current);
  }

  /** The product model, or `undefined`. */
  getProductModel(code: string): SimProductModel | undefined {
    const m = this.models.get(code);
    return m && structuredClone(m);
  }

  /** Every product model, in creation order. */
  listProductModels(): SimProductModel[] {
    return [...this.models.values()].map((m) => structuredClone(m));
  }

  /** Logged changes with `seq` greater than `afterSeq`, oldest first (treat them as read-only). */
  changes(afterSeq = 0): CatalogChange[] {
    return this.log.filter((c) => c.seq > afterSeq);
  }

  /** `seq` of the latest logged change (0 when none). */
  get lastSeq(): number {
    return this.log.length;
  }

  /** Akeneo date for a change to `kind:id`: now, or one second past its previous change. */
  private stamp(kind: SimEntityKind, id: string): string {
    const key = `${kind}:${id}`;
    const previous = this.lastSecond.get(key);
    const second = Math.max(Math.floor(this.now() / 1000), previous === undefined ? -Infinity : previous + 1);
    this.lastSecond.set(key, second);
    return formatAkeneoDate(second * 1000);
  }

  private renamed(kind: SimEntityKind, id: string, label: string | undefined): ReturnType<typeof value> {
    const key = `${kind}:${id}`;
    const revision = (this.revisions.get(key) ?? 0) + 1;
    this.revisions.set(key, revision);
    return value(`${label ?? id} rev ${revision}`, 'en_US');
  }

  private record(kind: SimEntityKind, action: ChangeAction, id: string, entity: SimProduct | SimProductModel, at?: string): void {
    if (this.silent) return;
    const identifier = kind === 'product' ? skuOf(entity) : undefined;
    this.log.push({
      seq: this.log.length + 1,
      kind,
      action,
      id,
      ...(identifier !== undefined ? { identifier } : {}),
      at: at ?? entity.updated,
      snapshot: structuredClone(entity),
    });
  }
}
