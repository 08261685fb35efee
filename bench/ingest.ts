/**
 * Ingest benchmark: legacy requests of 10 signed events from N concurrent senders against the real API
 * on a dev server, beside a raw baseline of `signalWithStart` calls from a plain client for the same
 * events and concurrency. Both run from one load-generator process, alternating within each round, first
 * with the in-process worker pair running, then with it stopped; each time as a closed loop (every sender
 * sends again as soon as it is answered: the saturation rate) and then paced at a quarter of the raw saturation
 * rate (latency below saturation). The API's events per second are those it durably took: `accepted` and
 * `accepted_late` in its own metrics, counted once its late hand-overs of the phase have settled.
 */
import { LOCAL_SECRETS } from '../src/dev/local-stack';
import { LoadGenerator } from './ingest-driver';
import { side, type IngestFigures, type IngestModeFigures } from './ingest-figures';
import type { LoadReply, LoadResult } from './ingest-load';
import type { BenchSizes } from './options';
import { startBenchStack, type BenchStack } from './stack';
import { awaitTemporalIdle } from './temporal-idle';
import { eventsByOutcome, eventsTaken } from './api-intake-metrics';
import { parsePromText, sumSamples } from '../src/metrics/prom-text';
import { MetricName } from '../src/metrics/names';
import { progress, round, seededRandom, summarize, until, uuidFrom } from './util';

/** Share of the raw saturation rate the paced load offers: well below saturation, where latency is not queueing. */
export const PACED_SHARE = 0.25;
/** The sides of a comparison: the API and the raw baseline. */
type Side = 'api' | 'raw';

/** The API's events durably taken so far on the legacy route, once nothing is in flight to Temporal any more. */
async function apiEventsTaken(apiUrl: string): Promise<number> {
  const scrape = async () => parsePromText(await (await fetch(`${apiUrl}/metrics`)).text());
  await until(async () => sumSamples(await scrape(), MetricName.INTAKE_EVENTS, { state: 'in_flight' }) === 0, 60_000, 'the API\'s late hand-overs', 50);
  return eventsTaken(eventsByOutcome(await scrape(), 'events-api'));
}

/**
 * Waits until the previous phase's backlog is gone: the PIM saw no request for 1 s (the syncs it caused
 * are done) and single signals are fast again (the server has worked off queued or abandoned calls).
 */
async function settle(b: BenchStack): Promise<void> {
  let last = -1;
  await until(
    () => {
      const now = b.stack.pim.requestCount;
      const quiet = now === last;
      last = now;
      return quiet;
    },
    120_000,
    'syncs after an ingest phase',
    1_000,
  );
  await awaitTemporalIdle(b.server.env.client, 'Temporal idle after an ingest phase');
}

/** Runs the benchmark with `sizes.ingest`. */
export async function benchIngest(sizes: BenchSizes): Promise<IngestFigures> {
  const o = sizes.ingest;
  const b = await startBenchStack('bench-ingest');
  let load: LoadGenerator | undefined;
  try {
    const random = seededRandom(6);
    const pool = () => Array.from({ length: o.poolSize }, () => uuidFrom(random));
    const pools: Record<Side, string[]> = { api: pool(), raw: pool() };
    const all = Object.values(pools).flat();
    for (const uuid of all) b.stack.catalog.createProduct({ uuid }, { silent: true });
    load = await LoadGenerator.start(b.server.address);
    const generator = load;
    const phase = async (s: Side, seed: number, durationMs: number, ratePerS?: number): Promise<LoadResult> => {
      const spec = { pool: pools[s], seed, secret: LOCAL_SECRETS.events };
      const apiUrl = b.stack.api.url;
      const cmd = { type: 'run', kind: s, durationMs, senders: o.senders, ratePerS, spec, apiUrl, taskQueue: b.taskQueue } as const;
      const takenBefore = s === 'api' ? await apiEventsTaken(apiUrl) : 0;
      const started = performance.now();
      const reply = (await generator.ask(cmd, durationMs + 120_000, `ingest ${s} phase`)) as Extract<LoadReply, { type: 'result' }>;
      if (s === 'raw') return reply.result;
      // Late hand-overs count too, over the time they took to settle.
      const taken = (await apiEventsTaken(apiUrl)) - takenBefore;
      return { ...reply.result, eventsAcknowledged: taken, elapsedMs: Math.max(reply.result.elapsedMs, performance.now() - started) };
    };

    progress(`ingest: warm-up: starting ${all.length} entity workflows and syncing them`);
    const eventDate = new Date(Date.now() - 60_000).toISOString();
    await load.ask({ type: 'touch', pool: all, taskQueue: b.taskQueue, senders: o.senders, eventDate }, 180_000, 'ingest warm-up');
    await until(() => b.stack.thirdParty.writes >= all.length, 180_000, 'ingest warm-up syncs', 250);
    for (const s of ['api', 'raw'] as const) await phase(s, 1, 1_500);

    const modes: IngestModeFigures[] = [];
    let seed = 100;
    for (const workers of ['running', 'stopped'] as const) {
      if (workers === 'stopped') {
        b.stack.workers.shutdown();
        await until(() => b.stack.workers.main.getState() === 'STOPPED' && b.stack.workers.pim.getState() === 'STOPPED', 60_000, 'worker shutdown');
      }
      let requestsPerS: number | undefined;
      for (const shape of ['closed', 'paced'] as const) {
        const sides: Side[] = ['api', 'raw'];
        const results: Record<Side, LoadResult[]> = { api: [], raw: [] };
        for (let r = 0; r < o.rounds; r++) {
          seed += 1;
          // Rotate the order each round, so no side always runs first or after the same one.
          for (const s of [...sides.slice(r % sides.length), ...sides.slice(0, r % sides.length)]) {
            await settle(b);
            const result = await phase(s, seed, shape === 'paced' ? o.pacedPhaseMs : o.phaseMs, requestsPerS);
            results[s].push(result);
            const l = summarize(result.latenciesMs);
            progress(
              `ingest: workers ${workers}, ${shape}${requestsPerS ? ` ${requestsPerS} req/s` : ''}, round ${r + 1}/${o.rounds}, ${s.padEnd(6)}: ` +
                `p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, ${round(result.eventsAcknowledged / (result.elapsedMs / 1000), 0)} events/s, ${JSON.stringify(result.statuses)}`,
            );
          }
        }
        const [api, raw] = [side(results.api), side(results.raw)];
        modes.push({
          workers,
          load: shape,
          ...(requestsPerS && { requestsPerS }),
          api,
          raw,
          p99Ratio: round(api.p99Ms / raw.p99Ms, 2),
          throughputRatio: round(api.eventsPerS / raw.eventsPerS, 2),
        });
        requestsPerS = Math.max(1, round((raw.eventsPerS * PACED_SHARE) / 10, 0));
      }
    }
    return { senders: o.senders, eventsPerRequest: 10, poolSize: o.poolSize, rounds: o.rounds, phaseS: o.phaseMs / 1000, pacedPhaseS: o.pacedPhaseMs / 1000, modes };
  } finally {
    await load?.close();
    await b.close();
  }
}
