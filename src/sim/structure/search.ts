/**
 * The `search` parameter of the structure lists, with Akeneo's filters and its 400s. Documented filters
 * (https://api.akeneo.com/documentation/filter.html, akeneo/pim-api-docs content/rest-api/filter.md): attributes
 * `code` IN, `updated` >, `type` IN, `is_main_identifier` =; attribute groups and families `code` IN, `updated` >;
 * categories `code` IN, `parent` =, `is_root` =, `updated` >; locales and currencies `enabled` =. Validation and
 * messages follow the ExternalApi repositories (akeneo/pim-community-dev src/Akeneo/Pim/Structure/Bundle/Doctrine/
 * ORM/Repository/ExternalApi/AttributeRepository.php, FamilyRepository.php; src/Akeneo/Category/back/
 * Infrastructure/Validation/ExternalApiSearchFiltersValidator.php): an unknown filter, a wrong operator or value is
 * an `\InvalidArgumentException`, which the controllers turn into a 400. `updated >` is strict and compares whole
 * seconds, in ISO 8601 (`2020-07-04T10:00:00Z` or `+00:00`). Families' `has_products` is not simulated.
 */
import { akeneoError, type SimResponse } from '../http-server';
import type { StructureKind } from './types';

/** What a structure filter reads of an item. */
export interface StructureDoc {
  code: string;
  updatedMs?: number;
  type?: string;
  isMainIdentifier?: boolean;
  parent?: string | null;
  enabled?: boolean;
}

/** A parsed `search`: a predicate, or Akeneo's 400. */
export type StructureSearch = { matches: (doc: StructureDoc) => boolean } | { error: SimResponse };

type Check = (op: unknown, value: unknown) => { test?: (doc: StructureDoc) => boolean; message?: string };

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$/;

const codeIn = (what: string): Check => (op, value) => {
  if (op !== 'IN') return { message: `In order to search on ${what} codes you must use "IN" operator, ${shown(op)} given.` };
  const list = phpList(value);
  if (!list) return { message: `In order to search on ${what} codes you must send an array of ${what} codes as value, ${phpType(value)} given.` };
  const wanted = new Set(list.map(String));
  return { test: (d) => wanted.has(d.code) };
};

const updatedAfter = (badDate: string): Check => (op, value) => {
  if (op !== '>') return { message: `Searching on the "updated" property require the ">" (greater than) operator, ${shown(op)} given.` };
  const ms = typeof value === 'string' && ISO_8601.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) return { message: badDate };
  return { test: (d) => d.updatedMs !== undefined && d.updatedMs > ms };
};

const typeIn: Check = (op, value) => {
  if (op !== 'IN') return { message: `In order to search on attribute types you must use "IN" operator, ${shown(op)} given.` };
  const list = phpList(value);
  if (!list) return { message: `In order to search on attribute types you must send an array of attribute types as value, ${phpType(value)} given.` };
  const wanted = new Set(list.map(String));
  return { test: (d) => d.type !== undefined && wanted.has(d.type) };
};

const boolEquals = (property: string, read: (d: StructureDoc) => boolean | undefined): Check => (op, value) => {
  if (op !== '=') return { message: `In order to search on ${property} you must use "=" operator, ${shown(op)} given.` };
  if (typeof value !== 'boolean') return { message: `In order to search on ${property} you must send a bool value, ${shown(value)} given.` };
  return { test: (d) => read(d) === value };
};

const parentEquals: Check = (op, value) => {
  if (op !== '=') return { message: `In order to search on category parent you must use "=" operator, ${shown(op)} given.` };
  if (typeof value !== 'string') return { message: `In order to search on category parent you must send a parent code category as value, ${phpType(value)} given.` };
  return { test: (d) => d.parent === value };
};

const DATETIME = 'This value is not a valid datetime.';
const FILTERS: Partial<Record<StructureKind, Record<string, Check>>> = {
  attributes: { code: codeIn('attribute'), updated: updatedAfter(DATETIME), type: typeIn, is_main_identifier: boolEquals('is_main_identifier', (d) => d.isMainIdentifier) },
  'attribute-groups': { code: codeIn('attribute group'), updated: updatedAfter(DATETIME) },
  families: { code: codeIn('family'), updated: updatedAfter(DATETIME) },
  categories: {
    code: codeIn('category'),
    parent: parentEquals,
    is_root: boolEquals('category is_root', (d) => d.parent === null),
    updated: updatedAfter('This value is not in a valid ISO 8601 standard datetime format'),
  },
  locales: { enabled: boolEquals('locale enabled', (d) => d.enabled) },
  currencies: { enabled: boolEquals('currency enabled', (d) => d.enabled) },
};

/** Parses the `search` of a `kind` list; `null` or empty matches everything. */
export function parseStructureSearch(kind: StructureKind, raw: string | null): StructureSearch {
  const filters = FILTERS[kind];
  if (!filters || raw === null || raw === '') return { matches: () => true };
  let search: unknown;
  try {
    search = JSON.parse(raw);
  } catch {
    return { error: akeneoError(400, 'The search query parameter must be a valid JSON.') };
  }
  if (search === null || typeof search !== 'object') return { error: akeneoError(400, 'The search query parameter must be a valid JSON.') };
  const tests: Array<(doc: StructureDoc) => boolean> = [];
  const messages: string[] = [];
  for (const [property, criteria] of Object.entries(search)) {
    const check = filters[property];
    if (!check) {
      const available = Object.keys(filters).join(', ');
      return { error: akeneoError(400, `Available search filters are "${available}" and you tried to search on unavailable filter "${property}"`) };
    }
    if (!Array.isArray(criteria)) {
      messages.push('This value should be of type iterable.');
      continue;
    }
    for (const criterion of criteria as unknown[]) {
      const c = (criterion ?? {}) as Record<string, unknown>;
      if (!('operator' in c) || !('value' in c)) {
        messages.push('This field is missing.');
        continue;
      }
      const { test, message } = check(c.operator, c.value);
      if (message) messages.push(message);
      if (test) tests.push(test);
    }
  }
  if (messages.length > 0) return { error: akeneoError(400, messages.join(' ')) };
  return { matches: (doc) => tests.every((t) => t(doc)) };
}

/** A value as Symfony's violation messages print it: strings in double quotes. */
function shown(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? 'null';
}

/** The values of a JSON array or object (PHP decodes both to arrays), else `undefined`. */
function phpList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value as unknown[];
  return value !== null && typeof value === 'object' ? Object.values(value as Record<string, unknown>) : undefined;
}

/** PHP's `gettype` of a JSON value. */
function phpType(value: unknown): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value) || typeof value === 'object') return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'double';
  return typeof value === 'boolean' ? 'boolean' : 'string';
}
