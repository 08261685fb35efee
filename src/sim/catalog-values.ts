/** Small helpers of the simulated catalog: value entries, counters, Akeneo-style merges. */
import type { SimValue } from './catalog-types';

/** One attribute value entry `{locale, scope: null, data}`. */
export function value(data: unknown, locale: string | null = null): { locale: string | null; scope: null; data: unknown } {
  return { locale, scope: null, data };
}

/** A counter padded to four digits, for SKUs and codes. */
export function pad(n: number): string {
  return String(n).padStart(4, '0');
}

/** `current` with the defined fields of `changes`; `values` merged per attribute, as Akeneo's PATCH does. */
export function mergeEntity<T extends { values: Record<string, unknown>; updated: string }>(current: T, changes: Partial<T>, updated: string): T {
  const next = cloneEntity(current);
  for (const [key, v] of Object.entries(changes) as Array<[keyof T, T[keyof T] | undefined]>) {
    if (v === undefined) continue;
    next[key] = key === 'values' ? { ...next.values, ...cloneEntity(v) } : cloneEntity(v);
  }
  next.updated = updated;
  return next;
}

/** A deep copy of JSON-like data; much faster than `structuredClone` for the catalog's small plain objects. */
export function cloneEntity<T>(data: T): T {
  return copy(data) as T;
}

function copy(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return data;
  if (Array.isArray(data)) return data.map(copy);
  if (Object.getPrototypeOf(data) !== Object.prototype) return structuredClone(data);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(data)) out[key] = copy((data as Record<string, unknown>)[key]);
  return out;
}

/** Characters of the text of one {@link bulkyValues} entry: one long description, not one huge value. */
const BULKY_TEXT_CHARS = 60_000;

/**
 * Values of at least `bytes` bytes of JSON: a localizable, scopable `description` with one long text per locale
 * and channel, the way many locales and channels grow a product to megabytes (each value is one
 * `{locale, scope, data}` entry: https://api.akeneo.com/concepts/products.html#focus-on-the-product-values).
 */
export function bulkyValues(bytes: number): { description: SimValue[] } {
  const count = Math.max(1, Math.ceil(bytes / BULKY_TEXT_CHARS));
  const description = Array.from({ length: count }, (_, i) => ({
    locale: `l${pad(i)}_XX`,
    scope: i % 2 === 0 ? 'ecommerce' : 'print',
    data: `${pad(i)} `.repeat(BULKY_TEXT_CHARS / 5),
  }));
  return { description };
}
