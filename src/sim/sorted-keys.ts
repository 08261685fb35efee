/** The keys of a map in Akeneo's primary-key order, kept up to date without a full sort per change. */

/** Keys sorted by UTF-16 code units; changes are folded in lazily, once per batch of changes, by a merge. */
export class SortedKeys {
  private sorted: string[] = [];
  private added: string[] = [];
  private removals = false;

  /** `has` tells whether a key is still present in the owning map (the source of truth). */
  constructor(private readonly has: (key: string) => boolean) {}

  /** Records that `key` was added to the map. */
  add(key: string): void {
    this.added.push(key);
  }

  /** Records that a key was removed from the map. */
  remove(): void {
    this.removals = true;
  }

  /** The present keys in order: O(1) when nothing changed, else one filter and merge. Do not mutate. */
  get keys(): readonly string[] {
    if (this.removals || this.added.length > 0) {
      const kept = this.removals ? this.sorted.filter(this.has) : this.sorted;
      const fresh = this.added.filter(this.has).sort();
      this.sorted = mergeDistinct(kept, fresh);
      this.added = [];
      this.removals = false;
    }
    return this.sorted;
  }
}

/** Merges two sorted arrays, keeping one of each key (a key removed and added again is in both). */
function mergeDistinct(a: readonly string[], b: readonly string[]): string[] {
  if (b.length === 0) return a.slice();
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    if (out.length === 0 || out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

/** Index of the first key strictly greater than `key` in `sorted`. */
export function upperBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
