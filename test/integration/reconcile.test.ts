import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createReconcileSignalActivities, type SignalCounts } from '../../src/activities/reconcile-signals';
import { diffWithPim, inSync } from '../../src/dev/compare';
import { LOCAL_SECRETS, SIM_CREDENTIALS } from '../../src/dev/local-stack';
import { workerEnv } from '../../src/dev/processes';
import { EventSender } from '../../src/sim/event-sender';
import { seededRandom } from '../../src/sim/faults';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { entityEventSignal, type EntityEvent, type EntityRef } from '../../src/workflows/definitions';
import { signalEntity } from '../../src/signal-entity';
import { entityWorkflowId } from '../../src/workflows/ids';
import { RECONCILE_SCHEDULE_ID, type ReconcileInput, type ReconcileResult } from '../../src/workflows/reconcile-definitions';
import type { ReconcileTestOptions } from '../../src/workflows/reconcile-run';
import { startTestStack, type TestStack, product } from '../helpers/stack';
import { eventually, startTemporal, workflowBundle } from '../helpers/temporal';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process';

const BATCHED_FULL_FIXTURE = path.resolve(__dirname, '../fixtures/reconcile-batched-full-history.json');

const createdEvent = (id: string): EntityEvent => ({ ref: product(id), eventId: `created-${id}`, action: 'created', eventDate: new Date().toISOString(), source: 'events-api' });
let runs = 0;

describe('reconciliation on a real Temporal dev server', function () {
  this.timeout(180_000);
  let server: DevServer;
  let stack: TestStack;

  before(async () => {
    server = await startTemporal();
    await workflowBundle();
  });
  after(async () => server?.stop());
  beforeEach(async () => {
    ahead = 0;
    stack = await startTestStack(server, { pimMaxRps: 1000, catalogNow: () => Date.now() + ahead });
  });
  afterEach(async () => stack?.close());
  /** How far the PIM's clock is ahead: its `updated` has whole seconds, so "newer" needs a second to pass. */
  let ahead = 0;

  function reconcile(input: ReconcileInput & ReconcileTestOptions): Promise<ReconcileResult> {
    return reconcileRuns(input).then((r) => r.result);
  }

  /** A reconcile run, and whether its first workflow run continued as new. */
  async function reconcileRuns(input: ReconcileInput & ReconcileTestOptions): Promise<{ result: ReconcileResult; continuedAsNew: boolean; workflowId: string }> {
    runs += 1;
    const workflowId = `reconcile-test-${process.pid}-${runs}`;
    const handle = await server.env.client.workflow.start('reconcileWorkflow', { taskQueue: stack.taskQueue, workflowId, args: [input] });
    const result = (await handle.result()) as ReconcileResult;
    const first = await server.env.client.workflow.getHandle(workflowId, handle.firstExecutionRunId).describe();
    return { result, continuedAsNew: first.status.name === 'CONTINUED_AS_NEW', workflowId };
  }

  async function converged(what = 'the third party to match the PIM', timeoutMs = 60_000) {
    try {
      await eventually(() => inSync(diffWithPim(stack.catalog, stack.thirdParty)), what, timeoutMs);
    } catch (err) {
      const d = diffWithPim(stack.catalog, stack.thirdParty);
      throw new Error(`${(err as Error).message}; missing ${d.missing.length}, stale ${d.stale.length}, extra ${d.extra.length}`);
    }
  }

  it('heals lost events: 1,000 products with 20 % of events dropped are all in the third party after one delta run', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    stack.catalog.seed(1000);
    const lossy = new EventSender({
      catalog: stack.catalog,
      eventsApi: { url: `${stack.api.url}/akeneo/events`, secret: LOCAL_SECRETS.events },
      chaos: { dropRate: 0.2 },
      random: seededRandom(42),
      concurrency: 5,
    });
    await lossy.flush('events-api');
    const dropped = lossy.dropped.length;
    assert.ok(dropped > 100, `dropped ${dropped} events`);
    // Batches of 3 pages and a short history: several batches, carried across continue-as-new.
    const { result, continuedAsNew } = await reconcileRuns({ mode: 'delta', since, pagesPerListing: 3, maxHistoryLength: 20 });
    assert.ok(continuedAsNew, 'continued as new');
    assert.equal(result.counts.seen, 1000);
    assert.ok(result.counts.signalled >= dropped, `signalled ${result.counts.signalled}, dropped ${dropped}`);
    assert.equal(result.counts.failed, 0);
    await converged();
  });

  it('makes zero writes when a delta run finds nothing changed', async () => {
    // Synced by a first run rather than by events: a 0.5 s event send can time out on a loaded machine.
    stack.catalog.seed(60, { silent: true });
    await reconcile({ mode: 'delta' });
    await converged();
    await eventually(async () => {
      const h = await stack.history(product(stack.catalog.list()[59].uuid));
      return h.status === 'synced';
    }, 'the last product to be synced');
    const writes = stack.thirdParty.writes;
    const gets = stack.pim.requests.filter((r) => /products-uuid\/[0-9a-f-]{36}$/.test(r.path)).length;
    const result = await reconcile({ mode: 'delta', since: new Date(0).toISOString() });
    assert.equal(result.counts.seen, 60);
    // The memo is read from visibility, which may lag a moment: a stale one costs a signal, never a write.
    assert.equal(result.counts.unchanged + result.counts.signalled, 60);
    assert.ok(result.counts.unchanged >= 50, `unchanged ${result.counts.unchanged}`);
    assert.equal(stack.thirdParty.writes, writes, 'no write to the third party');
    assert.equal(stack.pim.requests.filter((r) => /products-uuid\/[0-9a-f-]{36}$/.test(r.path)).length, gets, 'no product fetch');
  });

  it('removes products and product models deleted in the PIM without any event, by a full run', async () => {
    const products = stack.catalog.seed(30, { silent: true });
    const models = [stack.catalog.createProductModel({}, { silent: true }), stack.catalog.createProductModel({}, { silent: true })];
    await reconcile({ mode: 'delta' });
    await converged();
    const gone = products.slice(0, 4).map((p) => p.uuid);
    const goneModel: EntityRef = { kind: 'product-model', id: models[0].code };
    for (const uuid of gone) stack.catalog.removeProduct(uuid, { silent: true });
    stack.catalog.removeProductModel(goneModel.id, { silent: true });
    await eventually(async () => {
      const statuses = await Promise.all([...gone.map(product), goneModel].map(async (ref) => (await stack.history(ref)).status));
      return statuses.every((s) => s === 'synced');
    }, 'the memo of the products to be written');
    // Both kinds are found in one scan of the sync state, and both counts add up.
    // 5 of 32 known entities: more than the default guard of 5 % allows, so this run allows a fifth.
    const { result, workflowId } = await reconcileRuns({ mode: 'full', deletePolicy: 'delete', deleteMaxFraction: 0.2 });
    assert.equal(result.counts.deleted, 5);
    // Today's shape (batched listing and checks) replays; UPDATE_FIXTURES=1 records it for test/unit/replay.test.ts.
    const history = await server.env.client.workflow.getHandle(workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(BATCHED_FULL_FIXTURE, JSON.stringify(history, null, 1));
    await converged('the deleted products to leave the third party');
    // The third party changes before each workflow records its activity's result: poll, as an operator would.
    for (const ref of [product(gone[0]), goneModel]) {
      await eventually(async () => (await stack.history(ref)).status === 'deleted', `${ref.kind} ${ref.id} recorded as deleted`);
    }
    // A second full run finds nothing more to delete.
    assert.equal((await reconcile({ mode: 'full', deletePolicy: 'delete' })).counts.deleted, 0);
  });

  it('only records a product gone from the PIM when the delete policy is ignore', async () => {
    const [kept] = stack.catalog.seed(3, { silent: true });
    await reconcile({ mode: 'delta' });
    await converged();
    await eventually(async () => (await stack.history(product(kept.uuid))).status === 'synced', 'sync');
    stack.catalog.removeProduct(kept.uuid, { silent: true });
    const result = await reconcile({ mode: 'full', deletePolicy: 'ignore' });
    assert.equal(result.counts.deleted, 1);
    const h = await eventually(async () => {
      const q = await stack.history(product(kept.uuid));
      return q.entries.some((e) => e.kind === 'missing-in-pim') && q;
    }, 'the missing-in-pim record');
    assert.equal(h.status, 'synced');
    assert.ok(stack.thirdParty.products().has(kept.uuid), 'still in the third party');
  });

  it('never lets a reconcile overwrite the result of a newer event', async () => {
    const p = stack.catalog.createProduct();
    const seenByReconcile = p.updated;
    await stack.sender.flush('events-api');
    await eventually(async () => (await stack.history(product(p.uuid))).status === 'synced', 'first sync');
    ahead += 1000;
    const newer = stack.catalog.updateProduct(p.uuid);
    await stack.sender.flush('events-api');
    await eventually(async () => (await stack.history(product(p.uuid))).lastWrittenVersion === newer.updated, 'newer sync');
    const writes = stack.thirdParty.writes;
    // A reconcile page listed before the update reaches the signalling step afterwards.
    const acts = createReconcileSignalActivities({ client: server.env.client, taskQueue: stack.taskQueue });
    const counts: SignalCounts = await new MockActivityEnvironment().run(acts.signalEntities, { kind: 'product' as const, items: [{ id: p.uuid, updated: seenByReconcile }] });
    assert.deepEqual({ unchanged: counts.unchanged, signalled: counts.signalled }, { unchanged: 1, signalled: 0 });
    // Even when its signal does get through (a stale memo), the entity workflow ignores the older view.
    const eventDate = new Date(seenByReconcile).toISOString();
    await server.env.client.workflow.getHandle(entityWorkflowId(product(p.uuid))).signal(entityEventSignal, {
      ref: product(p.uuid), eventId: `reconcile-${p.uuid}-${eventDate}`, action: 'updated', eventDate, source: 'reconcile', version: seenByReconcile,
    });
    const h = await eventually(async () => {
      const q = await stack.history(product(p.uuid));
      return q.entries.some((e) => e.eventDate === eventDate && e.kind.startsWith('ignored')) && q;
    }, 'the stale reconcile signal to be ignored');
    assert.equal(h.lastWrittenVersion, newer.updated);
    assert.equal(stack.thirdParty.writes, writes);
    assert.deepEqual(stack.thirdParty.products().get(p.uuid), stack.catalog.get(p.uuid));
  });

  it('stays within 4 concurrent PIM requests and rides out a 429 storm', async () => {
    stack.catalog.seed(120, { silent: true });
    stack.pim.rateLimit({ requests: 8, retryAfterSeconds: 1 });
    const started = Date.now();
    const result = await reconcile({ mode: 'delta' });
    assert.ok(Date.now() - started >= 1000, 'Retry-After was waited for');
    assert.equal(result.counts.seen, 120);
    assert.equal(result.counts.failed, 0);
    await converged();
    assert.ok(stack.pim.peakConcurrency <= 4, `peak concurrency ${stack.pim.peakConcurrency}`);
    assert.ok(stack.pim.requests.filter((r) => r.status === 429).length >= 8, 'the storm happened');
  });

  it('keeps every PIM request of the worker, multi-page listings included, within AKENEO_MAX_RPS', async () => {
    const rps = 20;
    await stack.close();
    stack = await startTestStack(server, { pimMaxRps: rps });
    const uuids = stack.catalog.seed(250, { silent: true }).map((p) => p.uuid);
    // A lagging search index: every batched read misses, so each product costs its search share and a
    // confirming GET, the most requests 250 syncs can make (batched reads hitting the index make far fewer).
    stack.pim.index.hide('product', uuids);
    // Signalled directly: a 0.5 s webhook can time out on a loaded machine, and the API is not under test here.
    for (let i = 0; i < uuids.length; i += 25) {
      await Promise.all(uuids.slice(i, i + 25).map((id) => signalEntity(server.env.client, stack.taskQueue, createdEvent(id), { coalesceMs: 50 })));
    }
    await converged();
    stack.pim.index.unhide('product');
    const result = await reconcile({ mode: 'full', deletePolicy: 'delete' }); // three pages, one check of 250 ids
    assert.equal(result.counts.unchanged + result.counts.signalled, 250);
    const at = stack.pim.requests.filter((r) => r.path.startsWith('/api/rest/')).map((r) => r.at).sort((a, b) => a - b);
    assert.ok(at.length >= 250 + 3, `${at.length} requests`);
    let busiest = 0;
    for (let i = 0, j = 0; j < at.length; j++) {
      while (at[j] - at[i] >= 1000) i++;
      busiest = Math.max(busiest, j - i + 1);
    }
    // The pacing holds at hand-out (the token bucket's unit tests); arrivals are stamped by the simulator on the
    // event loop it shares with the worker, so one or two can land a moment late next to those paced after them.
    assert.ok(busiest <= rps + 2, `${busiest} PIM requests within one second`);
    assert.ok(busiest >= rps / 2, `${busiest} PIM requests within one second: the pacing was not exercised`);
  });
});

describe('reconcile schedules created by the worker at start-up', function () {
  this.timeout(180_000);
  let server: DevServer;
  let stack: TestStack;
  let worker: WorkerProcess | undefined;

  before(async () => {
    server = await startTemporal();
    stack = await startTestStack(server);
  });
  after(async () => {
    await worker?.stop();
    await stack?.close();
    await server?.stop();
  });

  it('creates the schedule with the configured interval; a trigger runs a reconcile that advances the watermark', async () => {
    const taskQueue = `${stack.taskQueue}-process`;
    worker = startWorkerProcess(
      workerEnv({
        temporalAddress: server.address,
        taskQueue,
        pimUrl: stack.pim.url,
        pimCredentials: SIM_CREDENTIALS,
        destinationUrl: stack.thirdParty.url,
        extra: { RECONCILE_ENABLED: 'true', RECONCILE_INTERVAL: '7m', RECONCILE_FULL_INTERVAL: '2d', AKENEO_MAX_RPS: '100' },
      }),
    );
    const handle = server.env.client.schedule.getHandle(RECONCILE_SCHEDULE_ID);
    const described = await eventually(async () => handle.describe(), `the schedule (worker output: ${worker.output().slice(-500)})`, 60_000);
    assert.deepEqual(described.spec.intervals?.map((i) => i.every), [7 * 60_000]);
    assert.equal(described.policies.overlap, 'SKIP');
    assert.equal(described.action.type === 'startWorkflow' && described.action.taskQueue, taskQueue);

    stack.catalog.seed(40, { silent: true });
    const runs = async () => (await handle.describe()).info.recentActions;
    await handle.trigger(ScheduleOverlapPolicy.BUFFER_ONE); // the SDK's default, ALLOW_ALL, withholds the last result
    const [first] = await eventually(async () => ((await runs()).length >= 1 ? runs() : undefined), 'the first scheduled run');
    const firstResult = (await server.env.client.workflow.getHandle(first.action.workflow.workflowId).result()) as ReconcileResult;
    assert.equal(firstResult.counts.seen, 40);
    await eventually(() => inSync(diffWithPim(stack.catalog, stack.thirdParty)), 'the third party to match the PIM');

    stack.catalog.updateProduct(stack.catalog.list()[0].uuid, undefined, { silent: true });
    await handle.trigger(ScheduleOverlapPolicy.BUFFER_ONE); // the SDK's default, ALLOW_ALL, withholds the last result
    const second = await eventually(async () => (await runs())[1], 'the second scheduled run');
    const secondResult = (await server.env.client.workflow.getHandle(second.action.workflow.workflowId).result()) as ReconcileResult;
    assert.equal(secondResult.since, new Date(Date.parse(firstResult.watermark) - 5 * 60_000).toISOString(), 'starts from the previous watermark minus the margin');
    assert.ok(secondResult.counts.unchanged >= 39, `unchanged ${secondResult.counts.unchanged}`);
    await eventually(() => inSync(diffWithPim(stack.catalog, stack.thirdParty)), 'the update to reach the third party');
  });
});
