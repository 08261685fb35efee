/** The simulated PIM's search index (Elasticsearch), which can lag behind its database. */
import type { SimEntityKind } from './catalog-types';
import { seededRandom } from './faults';
import type { ListSource } from './pim-list';
import type { Searchable } from './pim-search';

/**
 * Which entities listings and searches see. Akeneo serves `GET /products-uuid?search=...` (and every list) from
 * Elasticsearch, which is only eventually consistent with the database that `GET /products-uuid/{uuid}` reads:
 * https://api.akeneo.com/documentation/troubleshooting.html ("Read after write eventual consistency"). By default
 * the index is complete; {@link SearchIndex.hide} and {@link SearchIndex.missRate} make it miss entities.
 */
export class SearchIndex {
  private readonly hidden: Record<SimEntityKind, Set<string>> = { product: new Set(), 'product-model': new Set() };
  private rate = 0;

  /** `random` drives {@link SearchIndex.missRate} (default: seeded, so runs repeat). */
  constructor(private readonly random: () => number = seededRandom(0x5eed)) {}

  /** Probability in [0, 1] that a listing or search misses a given entity, drawn anew for every entity it looks at. */
  get missRate(): number {
    return this.rate;
  }

  set missRate(value: number) {
    if (!(value >= 0 && value <= 1)) throw new RangeError(`missRate must be within [0, 1], got ${value}`);
    this.rate = value;
  }

  /** Makes listings and searches miss these entities (product uuids or product-model codes) until unhidden. */
  hide(kind: SimEntityKind, ids: string | Iterable<string>): void {
    for (const id of typeof ids === 'string' ? [ids] : ids) this.hidden[kind].add(normalize(kind, id));
  }

  /** Indexes these entities again; without `ids`, every hidden entity of `kind`. */
  unhide(kind: SimEntityKind, ids?: string | Iterable<string>): void {
    if (ids === undefined) this.hidden[kind].clear();
    else for (const id of typeof ids === 'string' ? [ids] : ids) this.hidden[kind].delete(normalize(kind, id));
  }

  /** The entities of `kind` hidden now. */
  hiddenIds(kind: SimEntityKind): string[] {
    return [...this.hidden[kind]];
  }

  /** Whether a listing looking at `kind:id` now sees it. */
  sees(kind: SimEntityKind, id: string): boolean {
    if (this.hidden[kind].has(normalize(kind, id))) return false;
    return this.rate === 0 || this.random() >= this.rate;
  }

  /** `source` as the index shows it: documents of missed entities are absent. */
  view<T extends Searchable>(kind: SimEntityKind, source: ListSource<T>): ListSource<T> {
    const doc = source.doc ? source.doc.bind(source) : (id: string) => source.get(id);
    return { ids: source.ids, get: (id) => source.get(id), doc: (id) => (this.sees(kind, id) ? doc(id) : undefined) };
  }
}

function normalize(kind: SimEntityKind, id: string): string {
  return kind === 'product' ? id.toLowerCase() : id;
}
