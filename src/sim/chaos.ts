/** Delivery chaos the docs allow: lost events, duplicates (same event id twice), and reordering. */

/** Chaos settings; every rate is a probability per event in [0, 1]. */
export interface ChaosOptions {
  /** Fraction of events never sent (for reconciliation tests). */
  dropRate?: number;
  /** Fraction of events sent a second time, later, with the same event id. */
  duplicateRate?: number;
  /** Shuffles the events (duplicates included) before batching. */
  shuffle?: boolean;
}

/** Applies `chaos` to `items`: duplicates go after the originals unless shuffled; dropped ones are returned apart. */
export function applyChaos<T>(items: readonly T[], chaos: ChaosOptions, random: () => number): { items: T[]; dropped: T[] } {
  const kept: T[] = [];
  const again: T[] = [];
  const dropped: T[] = [];
  for (const item of items) {
    if (chaos.dropRate && random() < chaos.dropRate) {
      dropped.push(item);
      continue;
    }
    kept.push(item);
    if (chaos.duplicateRate && random() < chaos.duplicateRate) again.push(item);
  }
  const out = [...kept, ...again];
  if (chaos.shuffle) {
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
  }
  return { items: out, dropped };
}
