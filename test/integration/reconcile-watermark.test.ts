/**
 * The reconcile workflow's watermark with activities that report a failed signal: the run must not move the
 * watermark past it, so the next delta lists that entity again.
 */
import assert from 'node:assert/strict';
import { Worker } from '@temporalio/worker';
import type { SignalCounts } from '../../src/activities/reconcile-signals';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { pimTaskQueue } from '../../src/workflows/ids';
import type { ReconcileResult } from '../../src/workflows/reconcile-definitions';
import { startTemporal, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

describe('reconcile watermark on a real Temporal dev server', function () {
  this.timeout(120_000);
  let server: DevServer;
  let taskQueue: string;
  let workers: Worker[];
  let running: Promise<void[]>;
  /** Signals the fake `signalEntities` reports as failed, per call. */
  let failing = 0;

  before(async () => {
    server = await startTemporal();
    taskQueue = uniqueTaskQueue('watermark');
    const common = { connection: server.env.nativeConnection, namespace: 'default' };
    const signalEntities = (input: { items: unknown[] }): Promise<SignalCounts> =>
      Promise.resolve({ signalled: input.items.length - failing, new: 0, changed: input.items.length - failing, unchanged: 0, failed: failing });
    workers = [
      await Worker.create({ ...common, taskQueue, workflowBundle: await workflowBundle(), activities: { signalEntities, listFailedEntities: () => Promise.resolve({ ids: { product: [], 'product-model': [] } }) } }),
      await Worker.create({
        ...common,
        taskQueue: pimTaskQueue(taskQueue),
        activities: { listPimPages: () => Promise.resolve({ items: [{ id: 'a1b2c3d4-0000-4000-8000-000000000001', updated: '2026-05-04T10:11:12+00:00', digest: 'x' }] }) },
      }),
    ];
    running = Promise.all(workers.map((w) => w.run()));
  });
  after(async () => {
    for (const w of workers ?? []) w.shutdown();
    await running;
    await server?.stop();
  });

  const run = async (id: string): Promise<ReconcileResult> =>
    (await server.env.client.workflow.execute('reconcileWorkflow', { taskQueue, workflowId: `${taskQueue}-${id}`, args: [{ mode: 'delta' }] })) as ReconcileResult;

  it('keeps the previous watermark (here: none, so the next run lists everything) when a signal failed', async () => {
    failing = 1;
    const result = await run('failed');
    assert.equal(result.counts.failed, 2, 'one per kind listed');
    assert.equal(result.watermark, new Date(0).toISOString());
  });

  it('moves the watermark to the run start when every signal was delivered', async () => {
    failing = 0;
    const before = Date.now();
    const result = await run('ok');
    assert.equal(result.counts.failed, 0);
    assert.ok(Date.parse(result.watermark) >= before - 1000, result.watermark);
  });
});
