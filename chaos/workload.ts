/** The event burst every scenario sends: catalog changes in rounds, each round sent through one webhook format. */
import { SendChannel } from '../src/sim/event-sender';
import type { ChaosStack } from './stack';

/** Options of {@link runBurst}. */
export interface BurstOptions {
  products: number;
  models: number;
  /** Rounds of changes after the initial creation round. */
  rounds: number;
  /** Changes to each picked entity per round (default 1); with more, a shuffle delivers one entity's events out of order. */
  changesPerRound?: number;
  /** Runs after round `round` (0: the creations) was sent: where scenarios inject their fault. */
  after?: (round: number) => Promise<void>;
}

/** What was sent. */
export interface BurstFigures {
  changes: number;
  requests: number;
  /** Requests answered 200. */
  ok: number;
  /** Requests answered otherwise, or not at all. */
  failed: number;
  /** The failed requests by answer, e.g. `503 ×4, no answer ×2` (empty when none failed). */
  failures: string;
}

function pick<T>(items: readonly T[], fraction: number, random: () => number): T[] {
  return items.filter(() => random() < fraction);
}

/** Variant products created under each product model in round 0 (they inherit the model's values). */
export const VARIANTS_PER_MODEL = 2;

/**
 * Round 0 creates the products and models, each model with {@link VARIANTS_PER_MODEL} variants; every later round updates about half of
 * them (`changesPerRound` times; a model's update changes what its variants show, with one event for the model), removes one product and
 * one model without variants (the PIM refuses to remove a model with children here), and creates one product. Even rounds go out as
 * legacy bulks, odd ones as Event Platform events.
 */
export async function runBurst(stack: ChaosStack, o: BurstOptions): Promise<BurstFigures> {
  const { catalog, sender, random } = stack;
  const firstRecord = sender.records.length;
  for (let round = 0; round <= o.rounds; round++) {
    if (round === 0) {
      catalog.seed(o.products);
      for (let i = 0; i < o.models; i++) {
        const { code } = catalog.createProductModel();
        for (let v = 0; v < VARIANTS_PER_MODEL; v++) catalog.createProduct({ parent: code });
      }
    } else {
      for (let n = 0; n < (o.changesPerRound ?? 1); n++) {
        // The PIM's `updated` has whole seconds: a second passes between two changes of one entity, so a shuffle
        // can deliver an older event after a newer one (changes within one second share their date).
        stack.pimClock.aheadMs += 1000;
        for (const p of pick(catalog.list(), 0.5, random)) catalog.updateProduct(p.uuid);
        for (const m of pick(catalog.listProductModels(), 0.5, random)) catalog.updateProductModel(m.code);
      }
      const products = catalog.list();
      if (products.length > 1) catalog.removeProduct(products[Math.floor(random() * products.length)].uuid);
      const parents = new Set(catalog.list().map((p) => p.parent));
      const childless = catalog.listProductModels().filter((m) => !parents.has(m.code));
      if (childless.length > 0) catalog.removeProductModel(childless[Math.floor(random() * childless.length)].code);
      catalog.createProduct();
    }
    await sender.flush(round % 2 === 0 ? SendChannel.EVENTS_API : SendChannel.EVENT_PLATFORM);
    await o.after?.(round);
  }
  const records = sender.records.slice(firstRecord);
  const ok = records.filter((r) => r.status === 200).length;
  const by = new Map<string, number>();
  for (const r of records) if (r.status !== 200) by.set(r.status ? String(r.status) : 'no answer', (by.get(r.status ? String(r.status) : 'no answer') ?? 0) + 1);
  const failures = [...by].map(([answer, n]) => `${answer} ×${n}`).join(', ');
  return { changes: catalog.lastSeq, requests: records.length, ok, failed: records.length - ok, failures };
}
