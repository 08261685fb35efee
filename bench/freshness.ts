/**
 * Freshness benchmark: with no other load, one product update at a time is sent through the API; the
 * latency runs from the moment the PIM sends the webhook to the moment the third party receives the write.
 */
import { sendChanges, settled, syncedProducts, writesOf } from './latency-probes';
import type { BenchSizes } from './options';
import type { BenchStack } from './stack';
import { progress, summarize, until, type LatencySummary } from './util';

/** Figures of the freshness benchmark. */
export interface FreshnessFigures {
  samples: number;
  /** Event sent → third-party write received. */
  eventToWrite: LatencySummary;
  /** Event sent → API answered (the webhook's acknowledgement, for comparison). */
  ack: LatencySummary;
}

/** Runs `sizes.freshness.samples` updates, each on its own already-synced product, one after the other. */
export async function benchFreshness(b: BenchStack, sizes: BenchSizes): Promise<FreshnessFigures> {
  const uuids = await syncedProducts(b, sizes.freshness.samples);
  const latencies: number[] = [];
  const acks: number[] = [];
  for (const uuid of uuids) {
    const before = writesOf(b, uuid).length;
    const seq = b.stack.catalog.lastSeq;
    b.stack.catalog.updateProduct(uuid);
    const t0 = Date.now();
    const [record] = await sendChanges(b, seq);
    if (record?.status !== 200) throw new Error(`freshness: the API answered ${record?.status}`);
    acks.push(record.ms);
    await until(() => writesOf(b, uuid).length > before, 30_000, `write of ${uuid}`, 5);
    latencies.push(writesOf(b, uuid)[before] - t0);
    // Let this product's workflow finish (memo, search attributes) so the next sample runs on an idle system.
    await settled(b, uuid, 30_000, 300);
  }
  const figures = { samples: latencies.length, eventToWrite: summarize(latencies), ack: summarize(acks) };
  progress(`freshness: ${figures.samples} updates: event → write p50 ${figures.eventToWrite.p50Ms} ms, p99 ${figures.eventToWrite.p99Ms} ms; ack p50 ${figures.ack.p50Ms} ms`);
  return figures;
}
