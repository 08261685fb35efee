/**
 * The PIM's catalogue structure as this service syncs it: kinds, item keys and destination paths. Pure and
 * workflow-safe.
 *
 * A key is `<kind>/<code>`, or `<kind>/<parent>/<code>` for attribute options (parent: the attribute) and family
 * variants (parent: the family), each segment `encodeURIComponent`-ed so a key always splits back unambiguously.
 */
import { hasDotSegment, InvalidEntityIdError, shownId } from './entity-code';

/**
 * Kinds of structure, named as the PIM's REST collections (`/api/rest/v1/<kind>`) and the destination's
 * `/structure/<kind>` paths; options are listed at `/attributes/{attribute}/options`, variants at
 * `/families/{family}/variants`.
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

/** Every kind, top-level kinds first (in the order a run lists them), then the nested ones. */
export const STRUCTURE_KINDS: readonly StructureKind[] = [
  'channels',
  'locales',
  'currencies',
  'measurement-families',
  'attribute-groups',
  'attributes',
  'families',
  'categories',
  'association-types',
  'attribute-options',
  'family-variants',
];

/** Kinds listed under a parent. */
export const NESTED_STRUCTURE_KINDS: readonly StructureKind[] = ['attribute-options', 'family-variants'];

/**
 * Attribute types that have options: akeneo/pim-api-docs content/rest-api/resources (attribute option: "only for
 * attributes of type pim_catalog_simpleselect or pim_catalog_multiselect").
 */
export const OPTION_ATTRIBUTE_TYPES: readonly string[] = ['pim_catalog_simpleselect', 'pim_catalog_multiselect'];

/** Whether `value` is a kind. */
export function isStructureKind(value: unknown): value is StructureKind {
  return typeof value === 'string' && (STRUCTURE_KINDS as readonly string[]).includes(value);
}

/** One structure item's identity. */
export interface StructureRef {
  kind: StructureKind;
  code: string;
  /** The attribute of an option, the family of a variant. */
  parent?: string;
}

/** The key of an item. */
export function structureKey(ref: StructureRef): string {
  const segments = ref.parent !== undefined ? [ref.kind, ref.parent, ref.code] : [ref.kind, ref.code];
  return segments.map(encodeURIComponent).join('/');
}

/** The item a key names; throws {@link InvalidEntityIdError} for a malformed key. */
export function parseStructureKey(key: string): StructureRef {
  const parts = key.split('/');
  const kind = parts[0];
  if (!isStructureKind(kind)) throw new InvalidEntityIdError(`not a structure key: ${shownId(key)}`);
  const nested = NESTED_STRUCTURE_KINDS.includes(kind);
  if (parts.length !== (nested ? 3 : 2)) throw new InvalidEntityIdError(`not a structure key: ${shownId(key)}`);
  const decoded = parts.slice(1).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new InvalidEntityIdError(`not a structure key: ${shownId(key)}`);
    }
  });
  return nested ? { kind, parent: decoded[0], code: decoded[1] } : { kind, code: decoded[0] };
}

/** The kind of a key (its first segment). */
export function kindOfKey(key: string): StructureKind {
  return parseStructureKey(key).kind;
}

/**
 * The destination path of a key, `/structure/<kind>/[<parent>/]<code>`, every segment percent-encoded. Throws
 * {@link InvalidEntityIdError} for an empty code or one holding a `.`/`..` segment (URL resolution would collapse it).
 */
export function structurePath(key: string): string {
  const ref = parseStructureKey(key);
  for (const s of ref.parent !== undefined ? [ref.parent, ref.code] : [ref.code]) {
    if (s === '' || hasDotSegment(s)) throw new InvalidEntityIdError(`refusing to put ${shownId(s)} in a URL path: empty or a dot segment`);
  }
  return `/structure/${structureKey(ref)}`;
}
