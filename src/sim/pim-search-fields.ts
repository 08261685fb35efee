/** The property filters of the simulated PIM's `search` besides dates: primary keys, `identifier`, `enabled`, `parent`. */
import { akeneoError } from './http-server';
import type { Condition, Searchable } from './pim-search';

/** Most distinct identifiers one `identifier IN` filter may hold. */
export const MAX_IDENTIFIERS_IN_FILTER = 100;

/** `uuid` (products) or `code` (product models) with `IN` / `NOT IN`; uuids compare case-insensitively. */
export function primaryKeyCondition(property: 'uuid' | 'code', op: string, value: unknown): Condition | undefined {
  if (op !== 'IN' && op !== 'NOT IN') return undefined;
  const list = stringList(property, value);
  if ('error' in list) return list;
  const wanted = new Set(property === 'uuid' ? list.map((v) => v.toLowerCase()) : list);
  return { predicate: (e) => wanted.has(String(e[property])) === (op === 'IN') };
}

/**
 * `identifier`: a product's identifier (products) or a product model's code (product models), as documented in
 * https://api.akeneo.com/documentation/filter.html ("pim_catalog_identifier" operators; product models: IN, NOT IN).
 * Akeneo indexes identifiers through a lowercase normalizer, so matches ignore case (akeneo/pim-community-dev
 * src/Akeneo/Pim/Enrichment/Bundle/Resources/elasticsearch/product_mapping.yml and settings.yml,
 * `identifier_normalizer`); operators as in .../Elasticsearch/Filter/Field/IdentifierFilter.php. More than 100
 * distinct identifiers in `IN` is a 400 (.../Connector/UseCase/Validator/ValidateIdentifiersLimit.php).
 */
export function identifierCondition(forProducts: boolean, op: string, value: unknown): Condition | undefined {
  const id = (e: Searchable) => (forProducts ? e.identifier : e.code)?.toLowerCase();
  if (op === 'IN' || op === 'NOT IN') {
    const list = stringList('identifier', value);
    if ('error' in list) return list;
    const wanted = new Set(list.map((v) => v.toLowerCase()));
    if (forProducts && op === 'IN' && wanted.size > MAX_IDENTIFIERS_IN_FILTER) {
      return { error: akeneoError(400, `The identifier filter can't contain more than ${MAX_IDENTIFIERS_IN_FILTER} product identifiers.`) };
    }
    return { predicate: (e) => (id(e) !== undefined && wanted.has(id(e)!)) === (op === 'IN') };
  }
  if (!forProducts) return undefined;
  if (op === 'EMPTY' || op === 'NOT EMPTY') return { predicate: (e) => (id(e) === undefined) === (op === 'EMPTY') };
  const tests: Record<string, (have: string, v: string) => boolean> = {
    '=': (have, v) => have === v,
    '!=': (have, v) => have !== v,
    'STARTS WITH': (have, v) => have.startsWith(v),
    CONTAINS: (have, v) => have.includes(v),
    'DOES NOT CONTAIN': (have, v) => !have.includes(v),
  };
  const test = tests[op];
  if (!test) return undefined;
  if (typeof value !== 'string') return { error: akeneoError(422, `Property "identifier" expects a string as data, "${String(value)}" given.`) };
  const v = value.toLowerCase();
  // `!=` and `DOES NOT CONTAIN` also require the field to exist (IdentifierFilter adds an `exists` clause).
  return { predicate: (e) => id(e) !== undefined && test(id(e)!, v) };
}

/** `enabled` on products, `=` or `!=` a boolean. */
export function enabledCondition(op: string, value: unknown): Condition | undefined {
  if (op !== '=' && op !== '!=') return undefined;
  if (typeof value !== 'boolean') return { error: akeneoError(422, 'Property "enabled" expects a boolean as data.') };
  return { predicate: (e) => (e.enabled === value) === (op === '=') };
}

/**
 * `parent`, as documented in https://api.akeneo.com/documentation/filter.html ("On their parent"). Products:
 * `=` a model code matches every descendant (a variant of that root or sub-model), `IN` matches only direct
 * children, `EMPTY` the simple products, `NOT EMPTY` the variants. Product models: `IN` matches the sub-models of
 * the given root models, `EMPTY` the roots, `NOT EMPTY` the sub-models. Codes compare case-insensitively (the
 * index normalizes `parent` and `ancestors.codes` to lowercase: product_mapping.yml).
 */
export function parentCondition(forProducts: boolean, op: string, value: unknown): Condition | undefined {
  const parent = (e: Searchable) => e.parent?.toLowerCase() ?? null;
  if (op === 'EMPTY' || op === 'NOT EMPTY') return { predicate: (e) => (parent(e) === null) === (op === 'EMPTY') };
  if (op === 'IN') {
    const list = stringList('parent', value);
    if ('error' in list) return list;
    const wanted = new Set(list.map((v) => v.toLowerCase()));
    return { predicate: (e) => parent(e) !== null && wanted.has(parent(e)!) };
  }
  if (op === '=' && forProducts) {
    if (typeof value !== 'string') return { error: akeneoError(422, `Property "parent" expects a string as data, "${String(value)}" given.`) };
    const code = value.toLowerCase();
    return { predicate: (e) => (e.ancestors ?? []).some((a) => a.toLowerCase() === code) };
  }
  return undefined;
}

function stringList(property: string, value: unknown): string[] | { error: ReturnType<typeof akeneoError> } {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    return { error: akeneoError(422, `Property "${property}" expects an array of strings as data.`) };
  }
  return value;
}
