/** Structure items as the REST API shows them: copies, with the read-time fields Akeneo computes. */
import { cloneEntity } from '../catalog-values';
import type { StoredItem } from './build';
import type { SimCategory, StructureItems, StructureKind } from './types';

/** Query options of `GET /categories` and `GET /categories/{code}`. */
export interface ReadOptions {
  /** `with_position=true`: the category's position among its siblings, from 1. */
  withPosition?: boolean;
  /** `with_enriched_attributes=true`: the category's `values` and `channel_requirements`. */
  withEnrichedAttributes?: boolean;
}

/** What representations read from the rest of the catalogue. */
export interface ReadContext {
  groupLabels(group: string): Record<string, string> | undefined;
  groupMembers(group: string): ReadonlySet<string> | undefined;
  attribute(code: string): StoredItem<'attributes'> | undefined;
  position(category: string): number | undefined;
}

/**
 * A copy of `stored` as the API shows it. Attributes get their group's labels as `group_labels` (the
 * `external_api` AttributeNormalizer adds them at read time, so renaming a group changes the attribute's JSON
 * without touching its `updated`); attribute groups list their attributes by `sort_order`, then code; categories
 * keep `position`, `values` and `channel_requirements` for the query options that ask for them (the category
 * definition in akeneo/pim-api-docs content/swagger/resources/categories/definitions/category.yaml).
 */
export function representItem<K extends StructureKind>(kind: K, stored: StoredItem<K>, ctx: ReadContext, read: ReadOptions = {}): StructureItems[K] {
  if (kind === 'attributes') {
    const attribute = stored as StoredItem<'attributes'>;
    return { ...cloneEntity(attribute), group_labels: cloneEntity(ctx.groupLabels(attribute.group) ?? null) } as StructureItems[K];
  }
  if (kind === 'attribute-groups') {
    const group = stored as StoredItem<'attribute-groups'>;
    const members = [...(ctx.groupMembers(group.code) ?? [])].sort((a, b) => sortOrderOf(ctx, a) - sortOrderOf(ctx, b) || compare(a, b));
    return { ...cloneEntity(group), attributes: members } as StructureItems[K];
  }
  if (kind === 'categories') return representCategory(stored as StoredItem<'categories'>, ctx, read) as StructureItems[K];
  return cloneEntity(stored) as StructureItems[K];
}

function representCategory(stored: StoredItem<'categories'>, ctx: ReadContext, read: ReadOptions): SimCategory {
  return {
    code: stored.code,
    parent: stored.parent,
    updated: stored.updated,
    ...(read.withPosition ? { position: ctx.position(stored.code) ?? 1 } : {}),
    labels: cloneEntity(stored.labels),
    ...(read.withEnrichedAttributes ? { values: cloneEntity(stored.values), channel_requirements: [...stored.channel_requirements] } : {}),
  };
}

function sortOrderOf(ctx: ReadContext, code: string): number {
  return ctx.attribute(code)?.sort_order ?? 0;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
