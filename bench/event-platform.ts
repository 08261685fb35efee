/**
 * Event-platform benchmark (issue 15): N new products in the simulated PIM, one Event Platform delivery each, sent to
 * the API process's `POST /akeneo/event-platform` by senders that behave like the platform (bench/platform-sender.ts),
 * with the worker process syncing and scheduled reconciliation off; timed until every product is at the third party.
 */
import { EVENT_PLATFORM_PATH } from '../src/api/routes/event-platform';
import { WebhookRoute } from '../src/metrics/names';
import { eventsByOutcome } from './api-intake-metrics';
import { awaitArrivals } from './arrivals';
import type { BurstCommand, BurstReply } from './burst-load';
import type { EventPlatformFigures } from './event-platform-report';
import { LoadGenerator } from './ingest-driver';
import type { BenchSizes, WorkerSetup } from './options';
import { startRunStack, type RunStack } from './run-stack';
import { startBenchTemporal } from './temporal';
import { onAbort, progress, round, summarize } from './util';

/** The wait for arrivals ends after this long without a PIM request or a write. */
const QUIET_MS = 15_000;

/** Runs the benchmark with `sizes.eventPlatform` on a fresh Temporal of the chosen kind. */
export async function benchEventPlatform(sizes: BenchSizes, setup: WorkerSetup): Promise<EventPlatformFigures> {
  const { events: n, senders } = sizes.eventPlatform;
  const server = await startBenchTemporal();
  let load: LoadGenerator<BurstCommand, BurstReply> | undefined;
  let stack: RunStack | undefined;
  const close = async (): Promise<void> => {
    unregister();
    await stack?.close();
    await load?.close();
    await server.stop();
  };
  const unregister = onAbort(close);
  try {
    load = await LoadGenerator.start<BurstCommand, BurstReply>(server.address, 60_000, 'burst-load.ts');
    stack = await startRunStack(server, { taskQueue: 'bench-event-platform', api: true, setup });
    const api = stack.api as NonNullable<RunStack['api']>;
    const from = stack.catalog.lastSeq;
    stack.catalog.seed(n);
    const changes = stack.catalog.changes(from);
    const pim0 = stack.pim.requestCount;
    const t0 = performance.now();
    // The platform sends at most 100 events/s: the sender gets that time twice over, and a minute for retries.
    const deadlineMs = 60_000 + n * 20;
    const reply = await load.ask({ type: 'platform', changes, url: `${api.url}${EVENT_PLATFORM_PATH}`, senders, deadlineMs }, deadlineMs + 60_000, 'event-platform deliveries');
    if (reply.type !== 'platform') throw new Error(`event platform: unexpected ${reply.type} reply`);
    const { deliveredMs, ...send } = reply.result;
    const sendS = round((performance.now() - t0) / 1000);
    progress(`event platform: ${send.delivered}/${n} delivered in ${sendS} s, ${send.throttled} × 429, ${send.retries} retries, ${send.dropped} dropped`);
    const thirdParty = stack.thirdParty;
    const pim = stack.pim;
    const arrivals = await awaitArrivals({
      reached: () => thirdParty.products().size,
      expected: n,
      activity: () => pim.requestCount + thirdParty.writes,
      startedAt: t0,
      quietMs: QUIET_MS,
      deadlineMs: 60_000 + n * 150,
      what: 'event platform',
    });
    return {
      events: n,
      senders,
      send,
      deliveredP99Ms: deliveredMs.length ? summarize(deliveredMs).p99Ms : null,
      sendS,
      reached: arrivals.reached,
      arrivalsEndedBy: arrivals.endedBy,
      syncS: arrivals.lastArrivalS,
      eventsByOutcome: eventsByOutcome(await api.metrics(), WebhookRoute.EVENT_PLATFORM),
      pimRequests: stack.pim.requestCount - pim0,
    };
  } finally {
    await close();
  }
}
