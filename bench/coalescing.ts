/**
 * Coalescing benchmark: a burst of N updates to one product within a window, sent through the API as
 * the PIM would; counts the PIM fetches and third-party writes it caused once everything settled.
 * `spread`: one update and one request every window/N ms; `instant`: N updates, then requests of 10 at once.
 */
import type { SendRecord } from '../src/sim/event-sender';
import { non200, sendChanges, settled, syncedProducts, writesOf } from './latency-probes';
import type { BenchSizes } from './options';
import type { BenchStack } from './stack';
import { pause, progress } from './util';

/** Figures of one burst. */
export interface CoalescingRun {
  pattern: 'spread' | 'instant';
  updates: number;
  windowMs: number;
  requests: number;
  non200: number;
  pimFetches: number;
  writes: number;
  /** From the first event sent to the last write. */
  lastWriteAfterMs: number;
}

/** Figures of the coalescing benchmark. */
export interface CoalescingFigures {
  runs: CoalescingRun[];
}

async function burst(b: BenchStack, uuid: string, pattern: CoalescingRun['pattern'], updates: number, windowMs: number): Promise<CoalescingRun> {
  const fetches0 = b.stack.pim.fetchCount(uuid);
  const writes0 = writesOf(b, uuid).length;
  const t0 = Date.now();
  let records: SendRecord[];
  if (pattern === 'instant') {
    const seq = b.stack.catalog.lastSeq;
    for (let i = 0; i < updates; i++) b.stack.catalog.updateProduct(uuid);
    records = await sendChanges(b, seq, 10);
  } else {
    const sends: Array<Promise<SendRecord[]>> = [];
    for (let i = 0; i < updates; i++) {
      await pause(t0 + (i * windowMs) / updates - Date.now());
      const seq = b.stack.catalog.lastSeq;
      b.stack.catalog.updateProduct(uuid);
      sends.push(sendChanges(b, seq));
    }
    records = (await Promise.all(sends)).flat();
  }
  await settled(b, uuid);
  const writes = writesOf(b, uuid);
  return {
    pattern,
    updates,
    windowMs: pattern === 'instant' ? 0 : windowMs,
    requests: records.length,
    non200: non200(records),
    pimFetches: b.stack.pim.fetchCount(uuid) - fetches0,
    writes: writes.length - writes0,
    lastWriteAfterMs: writes.length > writes0 ? writes[writes.length - 1] - t0 : NaN,
  };
}

/** Runs both burst patterns, each on its own already-synced product. */
export async function benchCoalescing(b: BenchStack, sizes: BenchSizes): Promise<CoalescingFigures> {
  const { updates, windowMs } = sizes.coalescing;
  const [spreadUuid, instantUuid] = await syncedProducts(b, 2);
  const runs: CoalescingRun[] = [];
  for (const [pattern, uuid] of [['spread', spreadUuid], ['instant', instantUuid]] as const) {
    const run = await burst(b, uuid, pattern, updates, windowMs);
    runs.push(run);
    progress(`coalescing (${pattern}): ${updates} updates in ${run.requests} requests → ${run.pimFetches} PIM fetches, ${run.writes} writes; last write after ${run.lastWriteAfterMs} ms`);
  }
  return { runs };
}
