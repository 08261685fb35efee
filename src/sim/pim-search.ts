/**
 * The `search` query parameter of the simulated PIM's list endpoints. Products: `uuid`, `identifier`, `enabled`,
 * `parent`, `created`, `updated`; product models: `code`, `identifier`, `parent`, `created`, `updated`. Anything
 * else is a 422, as Akeneo answers an unsupported filter or operator.
 */
import { akeneoError, type SimResponse } from './http-server';
import { dateCondition } from './pim-search-dates';
import { enabledCondition, identifierCondition, parentCondition, primaryKeyCondition } from './pim-search-fields';

export { formatSearchDate, parseSearchDate } from './pim-search-dates';

/** An entity's search-index document: the fields the filters read. */
export interface Searchable {
  created: string;
  /** As indexed: for variants and sub-models, the newest `updated` of the entity and its ancestors. */
  updated: string;
  enabled?: boolean;
  uuid?: string;
  code?: string;
  /** A product's identifier (its SKU). */
  identifier?: string;
  /** Code of the parent product model, or null. */
  parent?: string | null;
  /** Codes of every ancestor product model, parent first. */
  ancestors?: readonly string[];
}

/** A parsed `search`: a predicate, or the 400/422 answer Akeneo gives for a bad one. */
export type ParsedSearch = { matches: (entity: Searchable) => boolean } | { error: SimResponse };

/** One parsed condition: a predicate, or the error answer. */
export type Condition = { predicate: (entity: Searchable) => boolean } | { error: SimResponse };

/** Parses `search` (JSON); `idProperty` is the entity's primary key (`uuid`: products). `nowMs` drives `SINCE LAST N DAYS`. */
export function parseSearch(raw: string | null, idProperty: 'uuid' | 'code', nowMs: number): ParsedSearch {
  if (raw === null || raw === '') return { matches: () => true };
  let search: unknown;
  try {
    search = JSON.parse(raw);
  } catch {
    return { error: akeneoError(400, 'Search query parameter should be valid JSON.') };
  }
  if (!search || typeof search !== 'object' || Array.isArray(search)) {
    return { error: akeneoError(422, 'Search query parameter has to be an array.') };
  }
  const predicates: Array<(entity: Searchable) => boolean> = [];
  for (const [property, conditions] of Object.entries(search as Record<string, unknown>)) {
    if (!Array.isArray(conditions)) return { error: structureError(property) };
    for (const condition of conditions as unknown[]) {
      if (!condition || typeof condition !== 'object' || !('operator' in condition)) return { error: structureError(property) };
      const { operator, value } = condition as { operator: unknown; value?: unknown };
      const op = String(operator);
      const parsed =
        conditionOf(property, op, value, idProperty, nowMs) ??
        { error: akeneoError(422, `Filter on property "${property}" is not supported or does not support operator "${op}"`) };
      if ('error' in parsed) return parsed;
      predicates.push(parsed.predicate);
    }
  }
  return { matches: (entity) => predicates.every((p) => p(entity)) };
}

function conditionOf(property: string, op: string, value: unknown, idProperty: 'uuid' | 'code', nowMs: number): Condition | undefined {
  const forProducts = idProperty === 'uuid';
  switch (property) {
    case 'created':
    case 'updated':
      return dateCondition(property, op, value, nowMs);
    case 'identifier':
      return identifierCondition(forProducts, op, value);
    case 'parent':
      return parentCondition(forProducts, op, value);
    case 'enabled':
      return forProducts ? enabledCondition(op, value) : undefined;
    default:
      return property === idProperty ? primaryKeyCondition(idProperty, op, value) : undefined;
  }
}

function structureError(property: string): SimResponse {
  return akeneoError(
    422,
    `Structure of filter "${property}" should respect this structure: {"${property}":[{"operator": "my_operator", "value": "my_value"}]}`,
  );
}
