/** Waits until a Temporal server has worked off what the previous phase left it: single signals are fast again. */
import type { Client } from '@temporalio/client';
import { until } from './util';

/** A probe that no worker runs: its signals only cost the server what an ingest signal costs. */
const PROBE = { workflowId: 'bench-ingest-probe', taskQueue: 'bench-ingest-probe', signal: 'probe', signalArgs: [] as unknown[] };
/** The server is idle again once this many probes in a row took less than {@link PROBE_IDLE_MS}. */
const PROBE_STREAK = 5;
const PROBE_IDLE_MS = 50;

/** Signals a probe workflow until {@link PROBE_STREAK} signals in a row took under {@link PROBE_IDLE_MS}; `what` names the wait in errors. */
export async function awaitTemporalIdle(client: Client, what: string, timeoutMs = 120_000): Promise<void> {
  let streak = 0;
  await until(
    async () => {
      const t = performance.now();
      await client.workflow.signalWithStart('benchIngestProbe', PROBE);
      streak = performance.now() - t < PROBE_IDLE_MS ? streak + 1 : 0;
      return streak >= PROBE_STREAK;
    },
    timeoutMs,
    what,
    100,
  );
}
