/** The `created` and `updated` filters of the simulated PIM's `search`, with Akeneo's date operators and format. */
import { akeneoError } from './http-server';
import type { Condition, Searchable } from './pim-search';

const DAY_MS = 86_400_000;
const AKENEO_SEARCH_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * A date condition on `created` or `updated`, compared on full datetimes as Akeneo's Elasticsearch
 * DateTimeFilter does (akeneo/pim-community-dev src/Akeneo/Pim/Enrichment/Bundle/Elasticsearch/Filter/Field/DateTimeFilter.php).
 * The entity's search document carries the indexed date: for variants, the newest of its own and its ancestors'.
 */
export function dateCondition(property: 'created' | 'updated', op: string, value: unknown, nowMs: number): Condition {
  const at = (e: Searchable) => Date.parse(e[property]);
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
