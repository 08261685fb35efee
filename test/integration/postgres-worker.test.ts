import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { AkeneoRestClient } from '../../src/akeneo/rest-client';
import { PostgresDestination } from '../../src/destination/postgres-destination';
import { SIM_CREDENTIALS } from '../../src/dev/local-stack';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { Catalog } from '../../src/sim/catalog';
import { PimSimulator } from '../../src/sim/pim-server';
import { productSyncWorkflow } from '../../src/workflows';
import { entityEventSignal, syncHistoryQuery, type EntityEvent, type EntityRef } from '../../src/workflows/definitions';
import { entityWorkflowId } from '../../src/workflows/ids';
import { createWorkers, type Workers } from '../../src/workers';
import { startPostgres, type TestPostgres } from '../../src/dev/postgres';
import { eventually, startTemporal, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

describe('worker writing to PostgreSQL (DESTINATION=postgres)', function () {
  this.timeout(120_000);
  let server: DevServer;
  let pg: TestPostgres;
  let pim: PimSimulator;
  let pimClient: AkeneoRestClient;
  let destination: PostgresDestination;
  let db: Pool;
  let workers: Workers;
  let running: Promise<void>;
  let taskQueue: string;
  const catalog = new Catalog({ modelCodePrefix: `pgmodel_${randomUUID().slice(0, 8)}` });

  before(async () => {
    [server, pg] = await Promise.all([startTemporal(), startPostgres()]);
    const url = await pg.createDatabase('worker');
    destination = new PostgresDestination({ connectionString: url });
    await destination.migrate();
    db = new Pool({ connectionString: url, max: 1 });
    pim = new PimSimulator({ catalog, ...SIM_CREDENTIALS });
    await pim.start();
    pimClient = new AkeneoRestClient({ baseUrl: pim.url, ...SIM_CREDENTIALS });
    taskQueue = uniqueTaskQueue('pg');
    workers = await createWorkers({
      connection: server.env.nativeConnection,
      namespace: 'default',
      taskQueue,
      shutdownGraceTime: '2s',
      deps: { pim: pimClient, destination, client: server.env.client },
      workflows: { workflowBundle: await workflowBundle() },
    });
    running = workers.run();
  });

  after(async () => {
    workers?.shutdown();
    await running;
    await db?.end();
    await destination?.close();
    await pim?.close();
    await pg?.stop();
    await server?.stop();
  });

  async function send(ref: EntityRef, action: EntityEvent['action']): Promise<void> {
    const event: EntityEvent = { ref, eventId: randomUUID(), action, eventDate: new Date().toISOString(), source: 'events-api' };
    await server.env.client.workflow.signalWithStart(productSyncWorkflow, {
      workflowId: entityWorkflowId(ref),
      taskQueue,
      args: [{ ref, options: { coalesceMs: 0 } }],
      signal: entityEventSignal,
      signalArgs: [event],
    });
  }

  async function row(uuid: string) {
    const { rows } = await db.query<{ identifier: string | null; data: unknown; updated: Date }>(
      'SELECT identifier, data, updated FROM products WHERE uuid = $1',
      [uuid],
    );
    return rows[0];
  }

  it('creates, updates and deletes the product row as the PIM changes', async () => {
    const created = catalog.createProduct();
    const ref: EntityRef = { kind: 'product', id: created.uuid };
    await send(ref, 'created');
    const first = await eventually(() => row(created.uuid), 'the product row');
    assert.deepEqual(first.data, await pimClient.getProduct(created.uuid), 'the PIM JSON, unchanged');
    assert.equal(first.identifier, created.values.sku?.[0]?.data);
    assert.equal(first.updated.getTime(), Date.parse(created.updated));

    // Often within the same second: the PIM's `updated` does not move, the content does.
    const updated = catalog.updateProduct(created.uuid);
    await send(ref, 'updated');
    const second = await eventually(async () => {
      const r = await row(created.uuid);
      return r && r.updated.getTime() === Date.parse(updated.updated) && isDeepStrictEqual(r.data, catalog.get(created.uuid)) && r;
    }, 'the updated row');
    assert.deepEqual(second.data, await pimClient.getProduct(created.uuid));

    catalog.removeProduct(created.uuid);
    await send(ref, 'removed');
    await eventually(async () => (await row(created.uuid)) === undefined, 'the row deleted');
    // The row goes before the workflow records the activity's result: poll the query, as an operator would.
    const handle = server.env.client.workflow.getHandle(entityWorkflowId(ref));
    const history = await eventually(async () => {
      const h = await handle.query(syncHistoryQuery);
      return h.status !== 'pending' && h;
    }, 'the removal recorded');
    assert.equal(history.status, 'deleted');
  });
});
