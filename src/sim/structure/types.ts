/** The kinds of the simulated PIM's catalogue structure, what callers give to change them, and the change log. */
import type { SimAttribute, SimAttributeOption, SimCategory, SimFamilyVariant, StructureItems } from './items';

export * from './items';

/**
 * Kinds of structure, named as the REST collections are (`/api/rest/v1/<kind>`), except the two nested ones
 * (`attribute-options`: `/attributes/{attribute}/options`, `family-variants`: `/families/{family}/variants`).
 * The same names as the destination's `/structure/{kind}` paths.
 */
export const StructureKind = {
  CHANNEL: 'channels',
  LOCALE: 'locales',
  CURRENCY: 'currencies',
  MEASUREMENT_FAMILY: 'measurement-families',
  ATTRIBUTE_GROUP: 'attribute-groups',
  ATTRIBUTE: 'attributes',
  ATTRIBUTE_OPTION: 'attribute-options',
  FAMILY: 'families',
  FAMILY_VARIANT: 'family-variants',
  CATEGORY: 'categories',
  ASSOCIATION_TYPE: 'association-types',
} as const;
export type StructureKind = (typeof StructureKind)[keyof typeof StructureKind];

/** Every kind. */
export const STRUCTURE_KINDS: readonly StructureKind[] = Object.values(StructureKind);

/** Kinds stored under a parent: options under their attribute, family variants under their family. */
export type NestedStructureKind = typeof StructureKind.ATTRIBUTE_OPTION | typeof StructureKind.FAMILY_VARIANT;

/**
 * What a caller gives to create or change an item: the code and any fields (defaults fill the rest on creation).
 * Options carry their `attribute`; family variants their `family` (stored apart: the API does not show it).
 */
export type StructureInput<K extends StructureKind> = K extends 'family-variants'
  ? Partial<Omit<SimFamilyVariant, 'code'>> & { code: string; family: string }
  : K extends 'attribute-options'
    ? Partial<Omit<SimAttributeOption, 'code' | 'attribute'>> & { code: string; attribute: string }
    : K extends 'categories'
      ? Partial<Omit<SimCategory, 'code' | 'updated' | 'position'>> & { code: string }
      : K extends 'attributes'
        ? Partial<Omit<SimAttribute, 'code' | 'group_labels'>> & { code: string }
        : Partial<StructureItems[K]> & { code: string };

/** What happened to a structure item. */
export const StructureAction = { CREATED: 'created', UPDATED: 'updated', REMOVED: 'removed' } as const;
export type StructureAction = (typeof StructureAction)[keyof typeof StructureAction];

/** One logged structure change: what the Event Platform simulator turns into events. */
export interface StructureChange {
  /** Position in the structure log, from 1. */
  seq: number;
  kind: StructureKind;
  action: StructureAction;
  code: string;
  /** The attribute of an option, the family of a family variant. */
  parent?: string;
  /** Epoch milliseconds of the change. */
  atMs: number;
}

/** A structure item the catalogue does not hold. */
export class StructureNotFoundError extends Error {
  constructor(kind: StructureKind, code: string, parent?: string) {
    super(`${kind} ${parent === undefined ? '' : `${parent}/`}${code} is not in the structure catalogue`);
    this.name = 'StructureNotFoundError';
  }
}
