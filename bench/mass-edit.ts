/**
 * Mass-edit benchmark (issue 15): N new products in the simulated PIM, sent as Akeneo's legacy sender sends a mass
 * edit (signed requests of 10 events, a pool of C concurrent senders, 0.5 s timeout, no retry) to the API process,
 * with the worker process syncing and scheduled reconciliation off; then the same load signalled raw to Temporal.
 * One run per C, each side on its own task queue and product set; the order of the sides alternates per run.
 */
import type { Client } from '@temporalio/client';
import { PRODUCT_SYNC_WORKFLOW } from '../src/signal-entity';
import type { CatalogChange } from '../src/sim/catalog-types';
import { EVENTS_API_MAX_BULK } from '../src/sim/events-api-request';
import { SEND_TIMEOUT_MS } from '../src/sim/event-sender';
import { WebhookRoute } from '../src/metrics/names';
import { quoted } from '../src/visibility-query';
import type { DevServer } from '../src/dev/temporal-dev-server';
import { ackQuantile, eventsByOutcome, eventsTaken } from './api-intake-metrics';
import { awaitArrivals } from './arrivals';
import type { BurstCommand, BurstReply } from './burst-load';
import { LoadGenerator } from './ingest-driver';
import { ackOfAnswers200, massEditRun, type MassEditApiSide, type MassEditFigures, type MassEditRawSide } from './mass-edit-figures';
import type { BenchSizes, WorkerSetup } from './options';
import { startRunStack, type RunStack } from './run-stack';
import { startBenchTemporal } from './temporal';
import { awaitTemporalIdle } from './temporal-idle';
import { onAbort, progress, round, summarize } from './util';

type Burst = LoadGenerator<BurstCommand, BurstReply>;

/** A run's wait for arrivals ends after this long without a PIM request or a write. */
const QUIET_MS = 15_000;
/** Most time a run's products get to arrive: the first load's allowance of 150 ms per product, and a minute. */
const arrivalDeadlineMs = (n: number) => 60_000 + n * 150;

/** Entity workflows on `taskQueue` by visibility; null when the server cannot count. */
async function entityWorkflows(client: Client, taskQueue: string): Promise<number | null> {
  return client.workflow
    .count(`WorkflowType = ${quoted(PRODUCT_SYNC_WORKFLOW)} AND TaskQueue = ${quoted(taskQueue)}`)
    .then((r) => r.count)
    .catch(() => null);
}

/** The products of a run, created (not silent) in its simulated PIM: the changes the sender sends. */
function massEdit(stack: RunStack, n: number): CatalogChange[] {
  const from = stack.catalog.lastSeq;
  stack.catalog.seed(n);
  return stack.catalog.changes(from);
}

async function apiSide(server: DevServer, load: Burst, c: number, n: number, setup: WorkerSetup): Promise<MassEditApiSide> {
  const stack = await startRunStack(server, { taskQueue: `bench-mass-edit-c${c}-api`, api: true, setup });
  try {
    const api = stack.api as NonNullable<RunStack['api']>;
    const changes = massEdit(stack, n);
    const pim0 = stack.pim.requestCount;
    const t0 = performance.now();
    const reply = await load.ask({ type: 'legacy', changes, url: `${api.url}/akeneo/events`, concurrency: c }, 120_000 + n * 20, `mass edit, ${c} senders`);
    if (reply.type !== 'legacy') throw new Error(`mass edit: unexpected ${reply.type} reply`);
    const sendS = round((performance.now() - t0) / 1000);
    const answers: Record<string, number> = {};
    for (const a of reply.answers) answers[a.status] = (answers[a.status] ?? 0) + 1;
    progress(`mass edit, ${c} senders: ${reply.answers.length} requests sent in ${sendS} s, answers ${JSON.stringify(answers)}`);
    const arrivals = await awaitArrivals({
      reached: () => stack.thirdParty.products().size,
      expected: n,
      activity: () => stack.pim.requestCount + stack.thirdParty.writes,
      startedAt: t0,
      quietMs: QUIET_MS,
      deadlineMs: arrivalDeadlineMs(n),
      what: `mass edit, ${c} senders`,
    });
    const samples = await api.metrics();
    const byOutcome = eventsByOutcome(samples, WebhookRoute.EVENTS_API);
    const okMs = reply.answers.filter((a) => a.status === 200).map((a) => a.ms);
    const ok = summarize(okMs);
    const apiP99 = ackQuantile(samples, WebhookRoute.EVENTS_API, '200', 0.99);
    return {
      answers,
      senderTimeouts: reply.answers.filter((a) => a.timeout).length,
      clientAck: { count: ok.count, p50Ms: ok.p50Ms, p99Ms: ok.p99Ms },
      apiAck: { count: apiP99.count, p99Ms: round(apiP99.ms), beyondLastBucket: apiP99.beyondLastBucket },
      ack200: ackOfAnswers200(okMs, apiP99.count, SEND_TIMEOUT_MS['events-api']),
      eventsByOutcome: byOutcome,
      eventsTaken: eventsTaken(byOutcome),
      entityWorkflows: await entityWorkflows(server.env.client, stack.taskQueue),
      reached: arrivals.reached,
      arrivalsEndedBy: arrivals.endedBy,
      pimRequests: stack.pim.requestCount - pim0,
      sendS,
      syncS: arrivals.lastArrivalS,
      wallS: arrivals.waitedS,
    };
  } finally {
    await stack.close();
  }
}

async function rawSide(server: DevServer, load: Burst, c: number, n: number, setup: WorkerSetup): Promise<MassEditRawSide> {
  const stack = await startRunStack(server, { taskQueue: `bench-mass-edit-c${c}-raw`, api: false, setup });
  try {
    const changes = massEdit(stack, n);
    const reply = await load.ask({ type: 'raw', changes, taskQueue: stack.taskQueue, concurrency: c, settleTimeoutMs: 120_000 }, 240_000 + n * 20, `raw burst, ${c} senders`);
    if (reply.type !== 'raw') throw new Error(`raw burst: unexpected ${reply.type} reply`);
    const r = reply.result;
    return { taken: r.taken, failed: r.failed, unsettled: r.unsettled, timeouts: r.timeouts, p99Ms: r.okLatenciesMs.length ? summarize(r.okLatenciesMs).p99Ms : null, sendS: round(r.sendMs / 1000), settleS: round(r.settleMs / 1000) };
  } finally {
    await stack.close();
  }
}

/** Runs the benchmark with `sizes.massEdit` on a fresh Temporal of the chosen kind. */
export async function benchMassEdit(sizes: BenchSizes, setup: WorkerSetup): Promise<MassEditFigures> {
  const { products: n, concurrencies } = sizes.massEdit;
  const server = await startBenchTemporal();
  let load: Burst | undefined;
  const close = async (): Promise<void> => {
    unregister();
    await load?.close();
    await server.stop();
  };
  const unregister = onAbort(close);
  try {
    load = await LoadGenerator.start<BurstCommand, BurstReply>(server.address, 60_000, 'burst-load.ts');
    const runs = [];
    for (const [k, c] of concurrencies.entries()) {
      let api: MassEditApiSide | undefined;
      let raw: MassEditRawSide | undefined;
      for (const side of k % 2 === 0 ? (['api', 'raw'] as const) : (['raw', 'api'] as const)) {
        await awaitTemporalIdle(server.env.client, 'Temporal idle before a mass-edit side');
        if (side === 'api') api = await apiSide(server, load, c, n, setup);
        else raw = await rawSide(server, load, c, n, setup);
      }
      const run = massEditRun(c, n, Math.ceil(n / EVENTS_API_MAX_BULK), api as MassEditApiSide, raw as MassEditRawSide);
      progress(
        `mass edit, ${c} senders: ${run.api.reached}/${n} reached (${run.api.arrivalsEndedBy}), API took ${run.api.eventsTaken} vs raw ${run.raw.taken} ` +
          `(× ${run.takenRatio}), ack p99 ${run.ackP99AtLeast ? '≥ ' : ''}${run.ackP99Ms} ms, ${run.pimCallsPerProduct} PIM calls per product`,
      );
      runs.push(run);
    }
    return { products: n, eventsPerRequest: EVENTS_API_MAX_BULK, senderTimeoutMs: SEND_TIMEOUT_MS['events-api'], runs };
  } finally {
    await close();
  }
}
