/**
 * Reconcile benchmark: delta and full runs over N simulated products on the real dev server, with the
 * PIM simulator capped at 100 requests/s. Prints figures and returns them; `bench/main.ts` writes files.
 */
import { DefaultLogger, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { diffWithPim, inSync } from '../src/dev/compare';
import { startLocalStack } from '../src/dev/local-stack';
import { startDevServer } from '../src/dev/temporal-dev-server';
import type { ReconcileInput, ReconcileResult } from '../src/workflows/reconcile-definitions';
import { WORKFLOWS_PATH } from '../src/workers';

/** Figures of one reconcile benchmark. */
export interface ReconcileFigures {
  products: number;
  pimCapRps: number;
  initialDeltaRunS: number;
  initialConvergeS: number;
  unchangedDeltaRunS: number;
  unchangedDeltaPagesPerS: number;
  unchangedDeltaWrites: number;
  fullRunS: number;
  fullDeleted: number;
  peakPimConcurrency: number;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('did not converge in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs the benchmark for `n` products. */
export async function benchReconcile(n: number): Promise<ReconcileFigures> {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // installed by an earlier benchmark
  }
  const server = await startDevServer();
  const stack = await startLocalStack({
    temporalAddress: server.address,
    connection: server.env.nativeConnection,
    client: server.env.client,
    taskQueue: `bench-reconcile-${n}`,
    workflows: { workflowBundle: await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('ERROR') }) },
    pimMaxRps: 100,
  });
  stack.pim.maxRequestsPerSecond = 100;
  let runs = 0;
  const run = async (input: ReconcileInput): Promise<[ReconcileResult, number]> => {
    const t = Date.now();
    const r: unknown = await server.env.client.workflow.execute('reconcileWorkflow', {
      taskQueue: `bench-reconcile-${n}`,
      workflowId: `bench-reconcile-${n}-${++runs}`,
      args: [input],
    });
    return [r as ReconcileResult, Date.now() - t];
  };
  try {
    stack.catalog.seed(n, { silent: true });
    const t0 = Date.now();
    const [, initialMs] = await run({ mode: 'delta' });
    await until(() => inSync(diffWithPim(stack.catalog, stack.thirdParty)), 30 * 60_000);
    const convergeMs = Date.now() - t0;
    const writes = stack.thirdParty.writes;
    const [, unchangedMs] = await run({ mode: 'delta', since: new Date(0).toISOString() });
    const unchangedWrites = stack.thirdParty.writes - writes;
    for (const p of stack.catalog.list().slice(0, Math.ceil(n / 100))) stack.catalog.removeProduct(p.uuid, { silent: true });
    const [full, fullMs] = await run({ mode: 'full', deletePolicy: 'delete' });
    const figures: ReconcileFigures = {
      products: n,
      pimCapRps: 100,
      initialDeltaRunS: seconds(initialMs),
      initialConvergeS: seconds(convergeMs),
      unchangedDeltaRunS: seconds(unchangedMs),
      unchangedDeltaPagesPerS: Math.round((Math.ceil(n / 100) / (unchangedMs / 1000)) * 10) / 10,
      unchangedDeltaWrites: unchangedWrites,
      fullRunS: seconds(fullMs),
      fullDeleted: full.counts.deleted,
      peakPimConcurrency: stack.pim.peakConcurrency,
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return figures;
  } finally {
    await stack.close();
    await server.stop();
  }
}
