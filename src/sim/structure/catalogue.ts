/** The simulated PIM's catalogue structure: every kind by code, a change log, and Akeneo's whole-second `updated`. */
import { formatAkeneoDate } from '../catalog-types';
import { buildItem, type StoredItem } from './build';
import { CategoryTree } from './category-tree';
import { KeyedStore } from './keyed-store';
import { representItem, type ReadOptions } from './represent';
import { seedStructure, type SeedStructureOptions, type StructureSeed } from './seed';
import {
  StructureNotFoundError,
  type NestedStructureKind,
  type StructureAction,
  type StructureChange,
  type StructureInput,
  type StructureItems,
  type StructureKind,
} from './types';

/** Options of {@link StructureCatalog}. */
export interface StructureCatalogOptions {
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
}

/** Options of a structure change. */
export interface StructureChangeOptions {
  /** Change without logging: no event will be sent for it. */
  silent?: boolean;
}

/** Attribute types whose values are media file codes (`_links.download` in product values). */
export const MEDIA_ATTRIBUTE_TYPES: ReadonlySet<string> = new Set(['pim_catalog_image', 'pim_catalog_file']);
/** Attribute types that have options (AttributeOptionController's supported types). */
export const OPTION_ATTRIBUTE_TYPES: readonly string[] = ['pim_catalog_simpleselect', 'pim_catalog_multiselect'];

const NESTED: ReadonlySet<StructureKind> = new Set<StructureKind>(['attribute-options', 'family-variants']);

/**
 * Channels, locales, currencies, measurement families, attribute groups, attributes and their options, families
 * and their variants, categories and association types. Reads return copies as the REST API shows them.
 * An attribute group's `attributes` are derived from the attributes' `group` (as Akeneo's are).
 */
export class StructureCatalog {
  private readonly flat = new Map<StructureKind, KeyedStore<unknown>>();
  private readonly nested = new Map<string, KeyedStore<unknown>>();
  private readonly variantFamily = new Map<string, string>();
  private readonly groupMembers = new Map<string, Set<string>>();
  private readonly tree = new CategoryTree();
  private readonly log: StructureChange[] = [];
  private readonly now: () => number;
  private media: Set<string> | undefined;

  constructor(options: StructureCatalogOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Creates or updates an item (given top-level fields replace the stored ones); returns it as the API shows it.
   * Options need a select attribute, family variants an existing family, categories an existing parent.
   */
  put<K extends StructureKind>(kind: K, input: StructureInput<K>, options: StructureChangeOptions = {}): StructureItems[K] {
    if (!input.code) throw new Error(`a ${kind} item needs a code`);
    const parent = this.parentOf(kind, input);
    const store = this.storeOf(kind, parent, true)!;
    const current = store.get(input.code) as StoredItem<K> | undefined;
    const next = buildItem(kind, input, current);
    const atMs = Math.floor(this.now() / 1000) * 1000;
    if (kind === 'categories') this.placeCategory(next as StoredItem<'categories'>, atMs);
    if (kind === 'attributes') this.moveAttribute(input.code, (current as StoredItem<'attributes'> | undefined)?.group, (next as StoredItem<'attributes'>).group);
    if (kind === 'family-variants') this.variantFamily.set(input.code, parent!);
    const isNew = store.set(input.code, next, atMs);
    this.record(options, kind, isNew ? 'created' : 'updated', input.code, parent, atMs);
    return this.get(kind, input.code, parent)!;
  }

  /** The item as `GET` shows it, or `undefined`; `parent` is the attribute of an option, the family of a variant. */
  get<K extends StructureKind>(kind: K, code: string, parent?: string, read: ReadOptions = {}): StructureItems[K] | undefined {
    const stored = this.storeOf(kind, parent)?.get(code) as StoredItem<K> | undefined;
    return stored && representItem(kind, stored, this.readContext(), read);
  }

  /** The stored item itself, for cheap reads such as filters: do not mutate (categories keep every optional field). */
  peek<K extends StructureKind>(kind: K, code: string, parent?: string): Readonly<StoredItem<K>> | undefined {
    return this.storeOf(kind, parent)?.get(code) as StoredItem<K> | undefined;
  }

  /** Removes an item (a category with its subtree, an attribute with its options, a family with its variants); throws when absent. */
  remove(kind: StructureKind, code: string, parent?: string, options: StructureChangeOptions = {}): void {
    const store = this.storeOf(kind, parent);
    if (!store?.has(code)) throw new StructureNotFoundError(kind, code, parent);
    const atMs = Math.floor(this.now() / 1000) * 1000;
    const codes = kind === 'categories' ? this.tree.remove(code) : [code];
    for (const c of codes) {
      const removed = store.delete(c) as { group?: string } | undefined;
      if (kind === 'attributes') this.moveAttribute(c, removed?.group, undefined);
      this.record(options, kind, 'removed', c, parent, atMs);
    }
    if (kind === 'attributes') this.dropChildren('attribute-options', code, options, atMs);
    if (kind === 'families') this.dropChildren('family-variants', code, options, atMs);
    if (kind === 'family-variants') this.variantFamily.delete(code);
  }

  /** Codes of `kind` (under `parent` for nested kinds) in Akeneo's list order: by code, categories by `root/left`. */
  codes(kind: StructureKind, parent?: string): readonly string[] {
    if (kind === 'categories') return this.tree.order;
    return this.storeOf(kind, parent)?.codes ?? [];
  }

  /** When the item last changed, epoch milliseconds (whole seconds), or `undefined`. */
  updatedMs(kind: StructureKind, code: string, parent?: string): number | undefined {
    return this.storeOf(kind, parent)?.updatedMs(code);
  }

  /** Whether the parent of nested items exists: the attribute of options, the family of variants. */
  hasParent(kind: NestedStructureKind, parent: string): boolean {
    return this.flat.get(kind === 'attribute-options' ? 'attributes' : 'families')?.has(parent) ?? false;
  }

  /** The family of family variant `code` (variant codes are unique across families), or `undefined`. */
  familyOfVariant(code: string): string | undefined {
    return this.variantFamily.get(code);
  }

  /** Codes of image and file attributes: the values the REST API gives a `_links.download`. */
  mediaAttributeCodes(): ReadonlySet<string> {
    if (!this.media) {
      const store = this.flat.get('attributes') as KeyedStore<StructureItems['attributes']> | undefined;
      this.media = new Set((store?.codes ?? []).filter((c) => MEDIA_ATTRIBUTE_TYPES.has(store!.get(c)!.type)));
    }
    return this.media;
  }

  /** Logged changes with `seq` greater than `afterSeq`, oldest first (treat as read-only). */
  changes(afterSeq = 0): StructureChange[] {
    return this.log.slice(Math.max(0, Math.floor(afterSeq)));
  }

  /** `seq` of the latest logged change (0 when none). */
  get lastSeq(): number {
    return this.log.length;
  }

  /** Builds a realistic catalogue (silently by default); see {@link seedStructure}. */
  seed(options: SeedStructureOptions = {}): StructureSeed {
    return seedStructure(this, options);
  }

  private parentOf<K extends StructureKind>(kind: K, input: StructureInput<K>): string | undefined {
    if (kind === 'attribute-options') {
      const attribute = (input as StructureInput<'attribute-options'>).attribute;
      const type = (this.flat.get('attributes')?.get(attribute) as StoredItem<'attributes'> | undefined)?.type;
      if (type === undefined) throw new StructureNotFoundError('attributes', attribute);
      if (!OPTION_ATTRIBUTE_TYPES.includes(type)) throw new Error(`attribute ${attribute} (${type}) has no options`);
      return attribute;
    }
    if (kind !== 'family-variants') return undefined;
    const family = (input as StructureInput<'family-variants'>).family;
    if (!this.hasParent('family-variants', family)) throw new StructureNotFoundError('families', family);
    const owner = this.variantFamily.get(input.code);
    if (owner !== undefined && owner !== family) throw new Error(`family variant ${input.code} belongs to family ${owner}`);
    return family;
  }

  private storeOf(kind: StructureKind, parent: string | undefined, create = false): KeyedStore<unknown> | undefined {
    const map: Map<string, KeyedStore<unknown>> = NESTED.has(kind) ? this.nested : this.flat;
    const key = NESTED.has(kind) ? `${kind}\u0000${parent ?? ''}` : kind;
    let store = map.get(key);
    if (!store && create) map.set(key, (store = new KeyedStore()));
    return store;
  }

  private placeCategory(category: StoredItem<'categories'>, atMs: number): void {
    const { code, parent } = category;
    if (parent !== null && !this.flat.get('categories')?.has(parent)) throw new StructureNotFoundError('categories', parent);
    if (parent !== null && this.tree.isWithin(parent, code)) throw new Error(`category ${parent} is within ${code}: no cycles`);
    this.tree.place(code, parent);
    category.updated = formatAkeneoDate(atMs);
  }

  private moveAttribute(code: string, before: string | undefined, after: string | undefined): void {
    this.media = undefined;
    if (before === after) return;
    if (before !== undefined) this.groupMembers.get(before)?.delete(code);
    if (after !== undefined) this.groupMembers.set(after, (this.groupMembers.get(after) ?? new Set()).add(code));
  }

  private dropChildren(kind: NestedStructureKind, parent: string, options: StructureChangeOptions, atMs: number): void {
    const store = this.storeOf(kind, parent);
    if (!store) return;
    for (const code of [...store.codes]) {
      store.delete(code);
      if (kind === 'family-variants') this.variantFamily.delete(code);
      this.record(options, kind, 'removed', code, parent, atMs);
    }
  }

  private readContext() {
    return {
      groupLabels: (group: string) => (this.flat.get('attribute-groups')?.get(group) as { labels: Record<string, string> } | undefined)?.labels,
      groupMembers: (group: string) => this.groupMembers.get(group),
      attribute: (code: string) => this.flat.get('attributes')?.get(code) as StoredItem<'attributes'> | undefined,
      position: (code: string) => this.tree.position(code),
    };
  }

  private record(options: StructureChangeOptions, kind: StructureKind, action: StructureAction, code: string, parent: string | undefined, atMs: number): void {
    if (options.silent) return;
    this.log.push({ seq: this.log.length + 1, kind, action, code, ...(parent !== undefined ? { parent } : {}), atMs });
  }
}
