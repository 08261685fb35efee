/*
 * Search attributes and worker metrics on a real Temporal dev server.
 *
 * The worker's Prometheus endpoint needs its own Runtime (one per process, and this process already has
 * a quiet one), so that part runs this same file as a child worker process: with OBS_WORKER_CHILD set it
 * installs the runtime with `installWorkerRuntime` and runs the real workers instead of defining tests.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, defineSearchAttributeKey } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { AkeneoRestClient } from '../../src/akeneo/rest-client';
import { HttpDestination } from '../../src/destination/http-destination';
import { SIM_CREDENTIALS } from '../../src/dev/local-stack';
import { freePort, type DevServer } from '../../src/dev/temporal-dev-server';
import { MetricName } from '../../src/metrics/names';
import { parsePromText, sumSamples, type PromSample } from '../../src/metrics/prom-text';
import { countPimRequests } from '../../src/metrics/pim-requests';
import { installWorkerRuntime } from '../../src/metrics/worker-runtime';
import { missingSearchAttributes } from '../../src/search-attributes-setup';
import { signalSubscription } from '../../src/signal-subscription';
import { createWorkers } from '../../src/workers';
import { productSyncWorkflow } from '../../src/workflows';
import { entityEventSignal, type EntityRef } from '../../src/workflows/definitions';
import { NotificationType } from '../../src/workflows/event-platform-subscription-definitions';
import { quoted } from '../../src/visibility-query';
import { entityWorkflowId } from '../../src/workflows/ids';
import { MASS_DELETE_REFUSED } from '../../src/workflows/reconcile-definitions';
import { SearchAttr } from '../../src/workflows/search-attributes';
import { startTestStack, type TestStack } from '../helpers/stack';
import { eventually, startTemporal, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

const CHILD_ENV = 'OBS_WORKER_CHILD';
const ROOT = path.resolve(__dirname, '../..');

interface ChildConfig {
  address: string;
  taskQueue: string;
  pimUrl: string;
  thirdPartyUrl: string;
  metricsPort: number;
  bundlePath: string;
}

/** The child worker process: the real workers under the production runtime, until SIGTERM. */
async function runChildWorker(c: ChildConfig): Promise<void> {
  installWorkerRuntime({ metricsPort: c.metricsPort, metricsHost: '127.0.0.1' });
  const connection = await NativeConnection.connect({ address: c.address });
  const clientConnection = await Connection.connect({ address: c.address });
  const workers = await createWorkers({
    connection,
    namespace: 'default',
    taskQueue: c.taskQueue,
    shutdownGraceTime: '1s',
    pimMaxRps: 1000,
    deps: {
      client: new Client({ connection: clientConnection }),
      pim: new AkeneoRestClient({ baseUrl: c.pimUrl, ...SIM_CREDENTIALS, onRequest: countPimRequests() }),
      destination: new HttpDestination({ baseUrl: c.thirdPartyUrl }),
    },
    workflows: { workflowBundle: { codePath: c.bundlePath } },
  });
  process.stdout.write('worker ready\n');
  await workers.run(); // the Runtime stops both workers on SIGTERM
  await connection.close();
  await clientConnection.close();
}

/** Starts this file as a child worker; resolves once it polls. */
async function startChildWorker(c: ChildConfig): Promise<{ child: ChildProcess; output: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename], {
    cwd: ROOT,
    env: { ...process.env, [CHILD_ENV]: JSON.stringify(c) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await eventually(() => out.includes('worker ready') || child.exitCode !== null, 'the child worker to start', 60_000);
    assert.equal(child.exitCode, null, `child worker exited: ${out}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { child, output: () => out, stop };
}

/**
 * Starts the child worker on a free metrics port. The port is picked before the child binds it, so
 * another process may take it in between: a child that exits on "address in use" is started again on
 * another port (at most three times).
 */
async function startChildWorkerOnFreePort(
  c: Omit<ChildConfig, 'metricsPort'>,
): Promise<{ child: Awaited<ReturnType<typeof startChildWorker>>; metricsPort: number }> {
  for (let attempt = 1; ; attempt += 1) {
    const metricsPort = await freePort();
    try {
      return { child: await startChildWorker({ ...c, metricsPort }), metricsPort };
    } catch (err) {
      const inUse = err instanceof Error && /address (already )?in use/i.test(err.message);
      if (!inUse || attempt === 3) throw err;
    }
  }
}

function defineTests(): void {
  describe('observability: search attributes and worker metrics', function () {
    this.timeout(180_000);
    let server: DevServer;
    let stack: TestStack;

    before(async () => {
      server = await startTemporal();
      stack = await startTestStack(server);
    });
    after(async () => {
      await stack?.close();
      await server?.stop();
    });

    const ref = (id: string): EntityRef => ({ kind: 'product', id });

    async function listIds(query: string): Promise<string[]> {
      const ids: string[] = [];
      for await (const wf of server.env.client.workflow.list({ query })) ids.push(wf.workflowId);
      return ids;
    }

    it('registers every search attribute on the dev server, and the start-up check reports missing ones', async () => {
      const { connection } = server.env.client;
      assert.deepEqual(await missingSearchAttributes(connection, 'default'), []);
      const extra = [defineSearchAttributeKey('NotRegisteredHere', 'KEYWORD'), defineSearchAttributeKey('SyncStatus', 'INT')];
      assert.deepEqual(await missingSearchAttributes(connection, 'default', extra), ['NotRegisteredHere (KEYWORD)', 'SyncStatus (INT)']);
    });

    it('sets SyncStatus, ProductUuid, ProductIdentifier and LastSyncedAt on a synced product, queryable in visibility', async () => {
      const started = Date.now();
      const p = stack.catalog.createProduct();
      await stack.sender.flush('events-api');
      const history = await eventually(async () => {
        const h = await stack.history(ref(p.uuid));
        return h.status === 'synced' && h;
      }, 'the product to be synced');
      const sku = history.ref.identifier;
      assert.ok(sku, 'the legacy event carried an identifier');
      const handle = server.env.client.workflow.getHandle(entityWorkflowId(ref(p.uuid)));
      const sa = await eventually(async () => {
        const d = await handle.describe();
        return d.typedSearchAttributes.get(SearchAttr.SYNC_STATUS) === 'synced' && d.typedSearchAttributes;
      }, 'SyncStatus = synced');
      assert.equal(sa.get(SearchAttr.PRODUCT_UUID), p.uuid);
      assert.equal(sa.get(SearchAttr.PRODUCT_IDENTIFIER), sku);
      const at = sa.get(SearchAttr.LAST_SYNCED_AT);
      assert.ok(at && at.getTime() >= started - 1000 && at.getTime() <= Date.now(), `LastSyncedAt ${String(at)}`);
      const id = entityWorkflowId(ref(p.uuid));
      await eventually(async () => (await listIds(`ProductUuid = ${quoted(p.uuid)} AND SyncStatus = 'synced'`)).includes(id), 'visibility by ProductUuid');
      await eventually(async () => (await listIds(`ProductIdentifier = ${quoted(sku)}`)).includes(id), 'visibility by ProductIdentifier');
    });

    it("finds a product the third party rejects with one query: SyncStatus = 'failed'", async () => {
      const good = stack.catalog.createProduct();
      await stack.sender.flush('events-api');
      await eventually(async () => (await stack.history(ref(good.uuid))).status === 'synced', 'the good product');
      const bad = stack.catalog.createProduct();
      stack.thirdParty.failNext(1, 400);
      await stack.sender.flush('events-api');
      await eventually(async () => (await stack.history(ref(bad.uuid))).status === 'failed', 'the failed sync');
      const failed = await eventually(async () => {
        const ids = await listIds("SyncStatus = 'failed'");
        return ids.includes(entityWorkflowId(ref(bad.uuid))) && ids;
      }, "the failing product in SyncStatus = 'failed'");
      assert.ok(!failed.includes(entityWorkflowId(ref(good.uuid))));
    });

    it('exports the SDK and the service metrics on the worker Prometheus endpoint (child process)', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'akeneo-obs-'));
      const bundlePath = path.join(dir, 'workflows.js');
      writeFileSync(bundlePath, (await workflowBundle()).code);
      const taskQueue = uniqueTaskQueue('obs');
      const { child, metricsPort } = await startChildWorkerOnFreePort({
        address: server.address,
        taskQueue,
        pimUrl: stack.pim.url,
        thirdPartyUrl: stack.thirdParty.url,
        bundlePath,
      });
      try {
        const since = new Date(Date.now() - 1000).toISOString();
        const p = stack.catalog.createProduct();
        stack.pim.rateLimit({ requests: 1, retryAfterSeconds: 1 });
        const r = ref(p.uuid);
        const event = { ref: r, eventId: `obs-${p.uuid}`, action: 'created' as const, eventDate: p.updated, source: 'events-api' as const };
        await server.env.client.workflow.signalWithStart(productSyncWorkflow, {
          workflowId: entityWorkflowId(r),
          taskQueue,
          args: [{ ref: r, options: { coalesceMs: 0 } }],
          signal: entityEventSignal,
          signalArgs: [event],
        });
        await eventually(async () => (await stack.history(r)).status === 'synced', 'the sync on the child worker', 60_000);
        const suspendedAt = new Date().toISOString();
        const subscriptionId = `obs-${taskQueue}`;
        await signalSubscription(server.env.client, taskQueue, {
          type: NotificationType.SUSPENDED_SYSTEM,
          timestamp: suspendedAt,
          subscriptionId,
          receivedAt: suspendedAt,
          safetyMarginMs: 0,
        });
        await server.env.client.workflow.execute('reconcileWorkflow', {
          taskQueue,
          workflowId: `obs-reconcile-${taskQueue}`,
          args: [{ mode: 'delta', since }],
        });

        // A full run that finds the product it knows gone from the PIM, with DELETE_MAX_FRACTION 0: refused, counted.
        stack.catalog.removeProduct(p.uuid, { silent: true });
        await assert.rejects(
          server.env.client.workflow.execute('reconcileWorkflow', {
            taskQueue,
            workflowId: `obs-full-${taskQueue}`,
            args: [{ mode: 'full', deletePolicy: 'delete', deleteMaxFraction: 0 }],
          }),
          (err: unknown) => err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure && err.cause.type === MASS_DELETE_REFUSED,
        );

        const scrape = async (): Promise<PromSample[]> => parsePromText(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
        const samples = await eventually(async () => {
          const s = await scrape();
          const subscription = sumSamples(s, MetricName.EVENT_PLATFORM_SUBSCRIPTION, { subscription_id: subscriptionId, status: 'suspended' });
          // The SDK's own counters reach the endpoint on its export tick, not with the workflow's completion: wait for them too.
          const reconciled = sumSamples(s, 'temporal_workflow_completed', { workflow_type: 'reconcileWorkflow' }) >= 1;
          const refused = sumSamples(s, MetricName.RECONCILE_MASS_DELETE_REFUSED) >= 1;
          return sumSamples(s, MetricName.SYNCS, { outcome: 'written' }) >= 1 && sumSamples(s, MetricName.RECONCILE_ENTITIES, { count: 'seen' }) >= 1 && subscription > 0 && reconciled && refused && s;
        }, 'the worker metrics', 20_000);
        assert.ok(sumSamples(samples, MetricName.PIM_RATE_LIMITED) >= 1, 'the PIM 429 was counted');
        assert.ok(sumSamples(samples, MetricName.PIM_REQUESTS, { operation: 'token' }) >= 1, 'the token request was counted');
        assert.ok(sumSamples(samples, MetricName.PIM_REQUESTS, { operation: 'get' }) >= 2, 'the GET answered 429 and its retry were counted');
        const last = sumSamples(samples, MetricName.RECONCILE_LAST_SUCCESS, { mode: 'delta' });
        assert.ok(Math.abs(last - Date.now() / 1000) < 120, `last reconcile success ${last}`);
        // Every worker metric deploy/alerts.yml relies on is on the endpoint under that exact name.
        const names = new Set(samples.map((s) => s.name));
        const subscriptionStopped = sumSamples(samples, MetricName.EVENT_PLATFORM_SUBSCRIPTION, { subscription_id: subscriptionId, status: 'suspended' });
        assert.equal(subscriptionStopped, Math.floor(Date.parse(suspendedAt) / 1000), 'when the subscription was suspended, in epoch seconds');
        for (const name of [MetricName.SYNCS, MetricName.PIM_REQUESTS, MetricName.PIM_RATE_LIMITED, MetricName.RECONCILE_ENTITIES, MetricName.RECONCILE_LAST_SUCCESS, MetricName.EVENT_PLATFORM_SUBSCRIPTION, MetricName.EVENT_PLATFORM_SUBSCRIPTION_HEARTBEAT, MetricName.RECONCILE_MASS_DELETE_REFUSED]) {
          assert.ok(names.has(name), `${name} missing from the worker endpoint`);
        }
        for (const s of samples.filter((x) => x.name.startsWith('akeneo_sync_'))) {
          assert.ok(!Object.values(s.labels).includes(p.uuid), 'no product ids in labels');
        }
      } catch (err) {
        throw new Error(`${(err as Error).message}\nchild output:\n${child.output()}`);
      } finally {
        await child.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

const childConfig = process.env[CHILD_ENV];
if (childConfig) {
  runChildWorker(JSON.parse(childConfig) as ChildConfig).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`child worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
} else {
  defineTests();
}
