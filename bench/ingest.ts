/**
 * Ingest benchmark: legacy requests of 10 signed events from N concurrent senders against the real API
 * on a dev server, beside a raw baseline of `signalWithStart` calls from a plain client for the same
 * events and concurrency. Both run from one load-generator process, alternating within each round, first
 * with the in-process worker pair running, then with it stopped; each time as a closed loop (every sender
 * sends again as soon as it is answered: the saturation rate) and then paced at a quarter of the raw saturation
 * rate (latency below saturation).
 */
import { LOCAL_SECRETS } from '../src/dev/local-stack';
import type { BenchSizes } from './options';
import { LoadGenerator } from './ingest-driver';
import type { LoadReply, LoadResult } from './ingest-load';
import { startBenchStack, type BenchStack } from './stack';
import { progress, round, seededRandom, summarize, until, uuidFrom, type LatencySummary } from './util';

/** Akeneo's legacy sender gives up after this long. */
const AKENEO_TIMEOUT_MS = 500;

/** One side (API or raw) of one worker setting, over every round. */
export interface IngestSideFigures extends LatencySummary {
  eventsPerS: number;
  /** Answers by status (`raw`: ok/error). */
  statuses: Record<string, number>;
  /** Requests answered after Akeneo's 0.5 s timeout. */
  over500ms: number;
  /** The senders used every generated request (the rate is then a lower bound). */
  exhausted: boolean;
}

/** Share of the raw saturation rate the paced load offers: well below saturation, where latency is not queueing. */
export const PACED_SHARE = 0.25;

/** API and raw baseline with the workers running or stopped, under one load shape. */
export interface IngestModeFigures {
  workers: 'running' | 'stopped';
  /** `closed`: no pause between requests (saturation). `paced`: `requestsPerS` in all, spread over the senders. */
  load: 'closed' | 'paced';
  requestsPerS?: number;
  api: IngestSideFigures;
  raw: IngestSideFigures;
  /** API p99 / raw p99 (goal ≤ 1.2). */
  p99Ratio: number;
  /** API events/s / raw events/s (goal ≥ 0.8). */
  throughputRatio: number;
}

/** Figures of the ingest benchmark. */
export interface IngestFigures {
  senders: number;
  eventsPerRequest: number;
  poolSize: number;
  rounds: number;
  phaseS: number;
  pacedPhaseS: number;
  modes: IngestModeFigures[];
}

function side(results: LoadResult[]): IngestSideFigures {
  const latencies = results.flatMap((r) => r.latenciesMs);
  const statuses: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const events = results.reduce((n, r) => n + r.eventsAcknowledged, 0);
  const seconds = results.reduce((n, r) => n + r.elapsedMs, 0) / 1000;
  return {
    ...summarize(latencies),
    eventsPerS: round(events / seconds, 0),
    statuses,
    over500ms: latencies.filter((ms) => ms > AKENEO_TIMEOUT_MS).length,
    exhausted: results.some((r) => r.exhausted),
  };
}

/** A probe that no worker runs: its signals only cost the server what an ingest signal costs. */
const PROBE = { workflowId: 'bench-ingest-probe', taskQueue: 'bench-ingest-probe', signal: 'probe', signalArgs: [] as unknown[] };
/** The server is idle again once this many probes in a row took less than {@link PROBE_IDLE_MS}. */
const PROBE_STREAK = 5;
const PROBE_IDLE_MS = 50;

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
  let streak = 0;
  await until(
    async () => {
      const t = performance.now();
      await b.server.env.client.workflow.signalWithStart('benchIngestProbe', PROBE);
      streak = performance.now() - t < PROBE_IDLE_MS ? streak + 1 : 0;
      return streak >= PROBE_STREAK;
    },
    120_000,
    'Temporal idle after an ingest phase',
    100,
  );
}

/** Runs the benchmark with `sizes.ingest`. */
export async function benchIngest(sizes: BenchSizes): Promise<IngestFigures> {
  const o = sizes.ingest;
  const b = await startBenchStack('bench-ingest');
  let load: LoadGenerator | undefined;
  try {
    const random = seededRandom(6);
    const pools = { api: Array.from({ length: o.poolSize }, () => uuidFrom(random)), raw: Array.from({ length: o.poolSize }, () => uuidFrom(random)) };
    for (const uuid of [...pools.api, ...pools.raw]) b.stack.catalog.createProduct({ uuid }, { silent: true });
    load = await LoadGenerator.start(b.server.address);
    const generator = load;
    const phase = async (kind: 'api' | 'raw', seed: number, durationMs: number, ratePerS?: number): Promise<LoadResult> => {
      const spec = { pool: pools[kind], seed, secret: LOCAL_SECRETS.events };
      const cmd = { type: 'run', kind, durationMs, senders: o.senders, ratePerS, spec, apiUrl: b.stack.api.url, taskQueue: b.taskQueue } as const;
      const reply = (await generator.ask(cmd, durationMs + 120_000, `ingest ${kind} phase`)) as Extract<LoadReply, { type: 'result' }>;
      return reply.result;
    };

    progress(`ingest: warm-up: starting ${2 * o.poolSize} entity workflows and syncing them`);
    const eventDate = new Date(Date.now() - 60_000).toISOString();
    await load.ask({ type: 'touch', pool: [...pools.api, ...pools.raw], taskQueue: b.taskQueue, senders: o.senders, eventDate }, 180_000, 'ingest warm-up');
    await until(() => b.stack.thirdParty.writes >= 2 * o.poolSize, 180_000, 'ingest warm-up syncs', 250);
    await phase('api', 1, 1_500);
    await phase('raw', 1, 1_500);

    const modes: IngestModeFigures[] = [];
    let seed = 100;
    for (const workers of ['running', 'stopped'] as const) {
      if (workers === 'stopped') {
        b.stack.workers.shutdown();
        await until(() => b.stack.workers.main.getState() === 'STOPPED' && b.stack.workers.pim.getState() === 'STOPPED', 60_000, 'worker shutdown');
      }
      let requestsPerS: number | undefined;
      for (const shape of ['closed', 'paced'] as const) {
        const results: Record<'api' | 'raw', LoadResult[]> = { api: [], raw: [] };
        for (let r = 0; r < o.rounds; r++) {
          seed += 1;
          for (const kind of r % 2 === 0 ? (['api', 'raw'] as const) : (['raw', 'api'] as const)) {
            await settle(b);
            const result = await phase(kind, seed, shape === 'paced' ? o.pacedPhaseMs : o.phaseMs, requestsPerS);
            results[kind].push(result);
            const s = summarize(result.latenciesMs);
            progress(
              `ingest: workers ${workers}, ${shape}${requestsPerS ? ` ${requestsPerS} req/s` : ''}, round ${r + 1}/${o.rounds}, ${kind.padEnd(3)}: ` +
                `p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms, ${round(result.eventsAcknowledged / (result.elapsedMs / 1000), 0)} events/s, ${JSON.stringify(result.statuses)}`,
            );
          }
        }
        const api = side(results.api);
        const raw = side(results.raw);
        modes.push({ workers, load: shape, ...(requestsPerS && { requestsPerS }), api, raw, p99Ratio: round(api.p99Ms / raw.p99Ms, 2), throughputRatio: round(api.eventsPerS / raw.eventsPerS, 2) });
        requestsPerS = Math.max(1, round((raw.eventsPerS * PACED_SHARE) / 10, 0));
      }
    }
    return { senders: o.senders, eventsPerRequest: 10, poolSize: o.poolSize, rounds: o.rounds, phaseS: o.phaseMs / 1000, pacedPhaseS: o.pacedPhaseMs / 1000, modes };
  } finally {
    await load?.close();
    await b.close();
  }
}
