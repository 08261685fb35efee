/**
 * `data.<entity>.changes` of `*.updated.delta` events, computed from two snapshots of the catalog. Shape: the
 * `com.akeneo.pim.v1.product.updated.delta` example of akeneo/pim-api-docs content/event-platform/available-events.md
 * (at 08e0ab98): `enabled`/`family`/`parent` as `{previous, new}`, `categories`/`groups` as `{added, removed}`,
 * `associations.<type>.{added,removed}.{products,product_models}`, `values.<attribute>[] {previous, new, type, locale, scope}`.
 * Quantified associations and table attributes are not simulated.
 */
import type { SimProduct, SimProductModel, SimValue } from '../catalog-types';
import type { EventPlatformUpdatedAt } from '../event-platform-request';

type Entity = SimProduct | SimProductModel;

/** One changed value, as the delta lists it. */
export interface ValueChange {
  previous: unknown;
  new: unknown;
  type: string;
  locale: string | null;
  scope: string | null;
}

/** What changed from `before` (undefined: nothing known) to `after`; `{}` when nothing did. */
export function deltaChanges(before: Entity | undefined, after: Entity): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const prev = (before ?? {}) as Partial<SimProduct & SimProductModel>;
  const next = after as Partial<SimProduct & SimProductModel>;
  for (const key of ['enabled', 'family', 'parent'] as const) {
    if (key in next && prev[key] !== next[key]) changes[key] = { previous: prev[key] ?? null, new: next[key] ?? null };
  }
  for (const key of ['categories', 'groups'] as const) {
    if (!(key in next)) continue;
    const diff = setDiff(prev[key] ?? [], next[key] ?? []);
    if (diff) changes[key] = diff;
  }
  const associations = associationChanges(prev.associations ?? {}, next.associations ?? {});
  if (associations) changes.associations = associations;
  const values = valueChanges(prev.values ?? {}, next.values ?? {});
  if (Object.keys(values).length > 0) changes.values = values;
  return changes;
}

/** Akeneo's date `2024-05-02T08:15:00+00:00` as the delta's `updated_at` (`{"date":"2024-05-02 08:15:00.000000","timezone":"UTC"}`). */
export function deltaUpdatedAt(akeneoDate: string): EventPlatformUpdatedAt {
  const iso = new Date(Date.parse(akeneoDate)).toISOString();
  return { date: `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}000`, timezone: 'UTC' };
}

/** The changed values, flattened for filters (`attribute`, `locale`, `scope`). */
export function changedValuesOf(changes: Record<string, unknown>): Array<{ attribute: string; locale: string | null; scope: string | null }> {
  const values = (changes.values ?? {}) as Record<string, ValueChange[]>;
  return Object.entries(values).flatMap(([attribute, list]) => list.map((v) => ({ attribute, locale: v.locale, scope: v.scope })));
}

function setDiff(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } | undefined {
  const added = after.filter((c) => !before.includes(c));
  const removed = before.filter((c) => !after.includes(c));
  return added.length || removed.length ? { added, removed } : undefined;
}

function associationChanges(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const type of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = (before[type] ?? {}) as Record<string, string[] | undefined>;
    const a = (after[type] ?? {}) as Record<string, string[] | undefined>;
    const added: Record<string, string[]> = {};
    const removed: Record<string, string[]> = {};
    for (const kind of ['products', 'product_models'] as const) {
      const diff = setDiff(b[kind] ?? [], a[kind] ?? []);
      if (diff?.added.length) added[kind] = diff.added;
      if (diff?.removed.length) removed[kind] = diff.removed;
    }
    if (Object.keys(added).length || Object.keys(removed).length) {
      out[type] = { ...(Object.keys(added).length ? { added } : {}), ...(Object.keys(removed).length ? { removed } : {}) };
    }
  }
  return Object.keys(out).length ? out : undefined;
}

function valueChanges(before: Record<string, SimValue[]>, after: Record<string, SimValue[]>): Record<string, ValueChange[]> {
  const out: Record<string, ValueChange[]> = {};
  for (const attribute of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const list: ValueChange[] = [];
    const slot = (v: SimValue): string => `${v.locale ?? ''}|${v.scope ?? ''}`;
    const prev = new Map((before[attribute] ?? []).map((v) => [slot(v), v]));
    const next = new Map((after[attribute] ?? []).map((v) => [slot(v), v]));
    for (const key of new Set([...prev.keys(), ...next.keys()])) {
      const p = prev.get(key);
      const n = next.get(key);
      if (JSON.stringify(p?.data) === JSON.stringify(n?.data)) continue;
      const where = (n ?? p) as SimValue;
      list.push({ previous: p?.data ?? null, new: n?.data ?? null, type: attributeType(n?.data ?? p?.data), locale: where.locale, scope: where.scope });
    }
    if (list.length) out[attribute] = list;
  }
  return out;
}

/** The catalog has no attribute types: guessed from the data (a simulator choice). */
function attributeType(data: unknown): string {
  if (typeof data === 'boolean') return 'pim_catalog_boolean';
  if (typeof data === 'number') return 'pim_catalog_number';
  if (Array.isArray(data)) return 'pim_catalog_multiselect';
  if (data !== null && typeof data === 'object') return 'pim_catalog_price_collection';
  return 'pim_catalog_text';
}
