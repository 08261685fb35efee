/*
 * First contact: `npm run worker` against a dev server nobody prepared (no search attributes registered),
 * as a user's first `temporal server start-dev` is. The real worker process registers them and syncs.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SIM_CREDENTIALS } from '../../src/dev/local-stack';
import { workerEnv } from '../../src/dev/processes';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { missingSearchAttributes } from '../../src/search-attributes-setup';
import { Catalog } from '../../src/sim/catalog';
import { PimSimulator } from '../../src/sim/pim-server';
import { ThirdPartySimulator } from '../../src/sim/third-party-server';
import { productSyncWorkflow } from '../../src/workflows';
import { entityEventSignal, type EntityRef } from '../../src/workflows/definitions';
import { entityWorkflowId } from '../../src/workflows/ids';
import { SearchAttr, SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';
import { eventually, startTemporal, uniqueTaskQueue } from '../helpers/temporal';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process';

describe('first contact: the worker on a bare dev server', function () {
  this.timeout(180_000);
  let server: DevServer;
  let pim: PimSimulator;
  let thirdParty: ThirdPartySimulator;
  let worker: WorkerProcess | undefined;
  const catalog = new Catalog({ modelCodePrefix: `first_${randomUUID().slice(0, 8)}` });

  before(async () => {
    server = await startTemporal({ registerSearchAttributes: false });
    pim = new PimSimulator({ catalog, ...SIM_CREDENTIALS });
    thirdParty = new ThirdPartySimulator({ refuseStale: true });
    await Promise.all([pim.start(), thirdParty.start()]);
  });
  after(async () => {
    await worker?.stop();
    await Promise.all([pim?.close(), thirdParty?.close()]);
    await server?.stop();
  });

  it('registers the search attributes itself, then syncs a product and sets them', async () => {
    const { connection } = server.env.client;
    const expected = SEARCH_ATTRIBUTES.map((k) => `${k.name} (${k.type})`);
    assert.deepEqual(await missingSearchAttributes(connection, 'default'), expected, 'the server starts without them');

    const taskQueue = uniqueTaskQueue('first');
    const env = workerEnv({ temporalAddress: server.address, taskQueue, pimUrl: pim.url, pimCredentials: SIM_CREDENTIALS, destinationUrl: thirdParty.url });
    const started = startWorkerProcess(env);
    worker = started;
    await eventually(() => started.output().includes('"msg":"worker started"') || started.child.exitCode !== null, 'the worker to start', 90_000);
    assert.equal(started.child.exitCode, null, `the worker runs (output: ${started.output().slice(-800)})`);
    assert.match(started.output(), /"msg":"search attributes registered"/);
    assert.deepEqual(await missingSearchAttributes(connection, 'default'), []);

    const product = catalog.createProduct();
    const ref: EntityRef = { kind: 'product', id: product.uuid };
    await server.env.client.workflow.signalWithStart(productSyncWorkflow, {
      workflowId: entityWorkflowId(ref),
      taskQueue,
      args: [{ ref, options: { coalesceMs: 0 } }],
      signal: entityEventSignal,
      signalArgs: [{ ref, eventId: randomUUID(), action: 'created', eventDate: new Date().toISOString(), source: 'events-api' }],
    });
    const stored = await eventually(() => thirdParty.storedProduct(product.uuid), 'the product written to the third party', 60_000);
    assert.equal(stored.headers['x-akeneo-updated'], product.updated, 'the write carries the PIM updated');
    const handle = server.env.client.workflow.getHandle(entityWorkflowId(ref));
    await eventually(async () => (await handle.describe()).typedSearchAttributes.get(SearchAttr.SYNC_STATUS) === 'synced', 'SyncStatus = synced');

    assert.equal(await started.stop(), 0, `clean exit (output: ${started.output().slice(-500)})`);
  });

  it('stops with one line when an attribute exists with another type', async () => {
    const clashing = await startTemporal({ registerSearchAttributes: false, extraArgs: ['--search-attribute', 'SyncStatus=Int'] });
    try {
      const env = workerEnv({
        temporalAddress: clashing.address,
        taskQueue: uniqueTaskQueue('clash'),
        pimUrl: pim.url,
        pimCredentials: SIM_CREDENTIALS,
        destinationUrl: thirdParty.url,
      });
      const stopped = startWorkerProcess(env);
      await eventually(() => stopped.child.exitCode !== null, 'the worker to exit', 90_000);
      const code = await stopped.stop();
      const failures = stopped.output().split('\n').filter((line) => line.startsWith('worker failed:'));
      assert.equal(code, 1, stopped.output().slice(-800));
      assert.equal(failures.length, 1, stopped.output().slice(-800));
      assert.match(failures[0], /SyncStatus is Int but must be Keyword; a type clash cannot be fixed automatically/);
      const untouched = SEARCH_ATTRIBUTES.map((k) => `${k.name} (${k.type})`);
      assert.deepEqual(await missingSearchAttributes(clashing.env.client.connection, 'default'), untouched, 'nothing registered');
    } finally {
      await clashing.stop();
    }
  });
});
