/**
 * The `search` query parameter of the simulated PIM's list endpoints: `created`/`updated` with Akeneo's
 * date operators, `enabled`, and the primary key (`uuid` or `code`) with `IN`/`NOT IN`.
 */
import { akeneoError, type SimResponse } from './http-server';

/** The fields the filters read. */
export interface Searchable {
  created: string;
  updated: string;
  enabled?: boolean;
  uuid?: string;
  code?: string;
}

/** A parsed `search`: a predicate, or the 400/422 answer Akeneo gives for a bad one. */
export type ParsedSearch = { matches: (entity: Searchable) => boolean } | { error: SimResponse };

type Condition = { operator?: unknown; value?: unknown };
type Predicate = (entity: Searchable) => boolean;

const DAY_MS = 86_400_000;
const AKENEO_SEARCH_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Parses `search` (JSON); `idProperty` is the entity's primary key. `nowMs` drives `SINCE LAST N DAYS`. */
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
  const predicates: Predicate[] = [];
  for (const [property, conditions] of Object.entries(search as Record<string, unknown>)) {
    if (!Array.isArray(conditions)) return { error: structureError(property) };
    for (const condition of conditions as unknown[]) {
      if (!condition || typeof condition !== 'object' || !('operator' in condition)) return { error: structureError(property) };
      const parsed = parseCondition(property, condition, idProperty, nowMs);
      if ('error' in parsed) return parsed;
      predicates.push(parsed.predicate);
    }
  }
  return { matches: (entity) => predicates.every((p) => p(entity)) };
}

function parseCondition(
  property: string,
  { operator, value }: Condition,
  idProperty: 'uuid' | 'code',
  nowMs: number,
): { predicate: Predicate } | { error: SimResponse } {
  const op = String(operator);
  if (property === 'created' || property === 'updated') return dateCondition(property, op, value, nowMs);
  if (property === idProperty && (op === 'IN' || op === 'NOT IN')) {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      return { error: akeneoError(422, `Property "${property}" expects an array of strings as data.`) };
    }
    const wanted = new Set((value).map((v) => (idProperty === 'uuid' ? v.toLowerCase() : v)));
    return { predicate: (e) => wanted.has(String(e[idProperty])) === (op === 'IN') };
  }
  if (property === 'enabled' && idProperty === 'uuid' && (op === '=' || op === '!=')) {
    if (typeof value !== 'boolean') return { error: akeneoError(422, 'Property "enabled" expects a boolean as data.') };
    return { predicate: (e) => (e.enabled === value) === (op === '=') };
  }
  return { error: akeneoError(422, `Filter on property "${property}" is not supported or does not support operator "${op}"`) };
}

function dateCondition(property: string, op: string, value: unknown, nowMs: number): { predicate: Predicate } | { error: SimResponse } {
  const field = property as 'created' | 'updated';
  const at = (e: Searchable) => Date.parse(e[field]);
  if (op === 'SINCE LAST N DAYS') {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      return { error: akeneoError(422, `Property "${property}" expects an integer as data, "${String(value)}" given.`) };
    }
    const since = nowMs - value * DAY_MS;
    return { predicate: (e) => at(e) > since };
  }
  if (op === 'BETWEEN' || op === 'NOT BETWEEN') {
    const bounds = Array.isArray(value) && value.length === 2 ? value.map(parseSearchDate) : [];
    const [from, to] = bounds;
    if (from === undefined || to === undefined) {
      return { error: akeneoError(422, `Property "${property}" expects an array with valid data, should contain 2 strings with the format "yyyy-mm-dd H:i:s".`) };
    }
    const inside = (e: Searchable) => at(e) >= from && at(e) <= to;
    return { predicate: op === 'BETWEEN' ? inside : (e) => !inside(e) };
  }
  const compare: Record<string, (t: number, v: number) => boolean> = {
    '=': (t, v) => t === v,
    '!=': (t, v) => t !== v,
    '<': (t, v) => t < v,
    '>': (t, v) => t > v,
  };
  const test = compare[op];
  if (!test) return { error: akeneoError(422, `Filter on property "${property}" is not supported or does not support operator "${op}"`) };
  const v = parseSearchDate(value);
  if (v === undefined) {
    return { error: akeneoError(422, `Property "${property}" expects a string with the format "yyyy-mm-dd H:i:s" as data, "${String(value)}" given.`) };
  }
  return { predicate: (e) => test(at(e), v) };
}

/** Epoch ms of a search date `YYYY-MM-DD hh:mm:ss` (UTC), or `undefined` when malformed. */
export function parseSearchDate(value: unknown): number | undefined {
  const m = typeof value === 'string' ? AKENEO_SEARCH_DATE.exec(value) : null;
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? ms : undefined;
}

/** Formats epoch ms as a search date `YYYY-MM-DD hh:mm:ss` (UTC). */
export function formatSearchDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function structureError(property: string): SimResponse {
  return akeneoError(
    422,
    `Structure of filter "${property}" should respect this structure: {"${property}":[{"operator": "my_operator", "value": "my_value"}]}`,
  );
}
