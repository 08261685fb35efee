import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SIM_CREDENTIALS } from '../../src/dev/local-stack';
import { workerEnv } from '../../src/dev/processes';
import { diffWithPim, inSync } from '../../src/dev/compare';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { entityEventSignal, syncHistoryQuery } from '../../src/workflows/definitions';
import { entityWorkflowId } from '../../src/workflows/ids';
import { startTestStack, type TestStack } from '../helpers/stack';
import { eventually, startTemporal } from '../helpers/temporal';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process';

describe('graceful shutdown', function () {
  this.timeout(180_000);
  let server: DevServer;
  let stack: TestStack;
  const workers: WorkerProcess[] = [];

  before(async () => {
    server = await startTemporal();
    stack = await startTestStack(server);
  });
  after(async () => {
    for (const w of workers) await w.stop();
    await stack?.close();
    await server?.stop();
  });

  it('worker: SIGTERM lets in-flight activities finish, and a restarted worker completes the rest', async () => {
    const taskQueue = `${stack.taskQueue}-shutdown`;
    const env = workerEnv({
      temporalAddress: server.address,
      taskQueue,
      pimUrl: stack.pim.url,
      pimCredentials: SIM_CREDENTIALS,
      destinationUrl: stack.thirdParty.url,
      extra: { SHUTDOWN_GRACE_TIME: '20s' },
    });
    const first = startWorkerProcess(env);
    workers.push(first);
    const products = stack.catalog.seed(6, { silent: true });
    stack.thirdParty.latencyMs = 2000; // every write takes 2 s: they are in flight when SIGTERM arrives
    for (const p of products) {
      const ref = { kind: 'product' as const, id: p.uuid };
      await server.env.client.workflow.signalWithStart('productSyncWorkflow', {
        workflowId: entityWorkflowId(ref),
        taskQueue,
        args: [{ ref }],
        signal: entityEventSignal,
        signalArgs: [{ ref, eventId: randomUUID(), action: 'created', eventDate: new Date().toISOString(), source: 'events-api' }],
      });
    }
    await eventually(() => stack.thirdParty.inFlightRequests > 0, `writes in flight (worker output: ${first.output().slice(-300)})`, 60_000);
    const inFlightAtSigterm = stack.thirdParty.inFlightRequests;
    const code = await first.stop();
    assert.equal(code, 0, `worker exit code (output: ${first.output().slice(-500)})`);
    const completed = stack.thirdParty.requests.filter((r) => r.method === 'PUT' && r.status < 300).length;
    assert.ok(completed >= inFlightAtSigterm, `writes in flight at SIGTERM (${inFlightAtSigterm}) completed (${completed})`);
    assert.equal(stack.thirdParty.inFlightRequests, 0, 'nothing left hanging');

    stack.thirdParty.latencyMs = 0;
    const second = startWorkerProcess(env);
    workers.push(second);
    await eventually(() => inSync(diffWithPim(stack.catalog, stack.thirdParty)), 'the restarted worker to finish the rest', 90_000);
    for (const p of products) {
      const h = await server.env.client.workflow.getHandle(entityWorkflowId({ kind: 'product', id: p.uuid })).query(syncHistoryQuery);
      assert.equal(h.status, 'synced');
    }
  });
});
