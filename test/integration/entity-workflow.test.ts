import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { entityEventSignal, syncHistoryQuery, type EntityEvent, type EntityRef } from '../../src/workflows/definitions';
import { entityWorkflowId } from '../../src/workflows/ids';
import { signalEntity } from '../../src/signal-entity';
import type { ProductSyncOptions } from '../../src/workflows/product-sync';
import { productSyncWorkflow } from '../../src/workflows';
import { SearchAttr } from '../../src/workflows/search-attributes';
import { createWorkers, type Workers } from '../../src/workers';
import { MemoryDestination, MemoryPim } from '../helpers/memory-adapters';
import { eventually, startTemporal, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

const FIXTURE = path.resolve(__dirname, '../fixtures/product-sync-history.json');
/** A failed sync retried twice on the workflow's own timer (patch `retry-failed-syncs`). */
const RETRY_FIXTURE = path.resolve(__dirname, '../fixtures/product-sync-history.retries.json');

describe('entity workflow on a real Temporal dev server', function () {
  this.timeout(120_000);
  let server: DevServer;
  let workers: Workers;
  let running: Promise<void>;
  let taskQueue: string;
  const pim = new MemoryPim();
  const destination = new MemoryDestination();

  before(async () => {
    server = await startTemporal();
    taskQueue = uniqueTaskQueue('entity');
    workers = await createWorkers({
      connection: server.env.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { pim, destination, client: server.env.client },
      workflows: { workflowBundle: await workflowBundle() },
      maxCachedWorkflows: 20,
    });
    running = workers.run();
  });


  after(async () => {
    workers?.shutdown();
    await running;
    await server?.stop();
  });

  function event(ref: EntityRef, eventDate: string, action: EntityEvent['action'] = 'updated'): EntityEvent {
    return { ref, eventId: randomUUID(), action, eventDate, source: 'events-api' };
  }

  async function send(ref: EntityRef, e: EntityEvent, options?: ProductSyncOptions) {
    return server.env.client.workflow.signalWithStart(productSyncWorkflow, {
      workflowId: entityWorkflowId(ref),
      taskQueue,
      args: [{ ref, ...(options && { options }) }],
      signal: entityEventSignal,
      signalArgs: [e],
    });
  }

  it('continues as new before its history grows large, keeping its state', async () => {
    const ref: EntityRef = { kind: 'product', id: randomUUID() };
    pim.put(ref.id, '2024-05-02T08:00:00+00:00');
    const first = await send(ref, event(ref, '2024-05-02T08:00:00Z'), { maxHistoryLength: 40, coalesceMs: 0 });
    const firstRunId = first.signaledRunId;
    const handle = server.env.client.workflow.getHandle(entityWorkflowId(ref));
    for (let i = 1; i <= 12; i++) {
      pim.put(ref.id, `2024-05-02T08:${String(i).padStart(2, '0')}:00+00:00`);
      await handle.signal(entityEventSignal, event(ref, `2024-05-02T08:${String(i).padStart(2, '0')}:00Z`));
      // Idle (synced, nothing pending) before the next event: a workflow always busy never continues as new.
      await eventually(async () => {
        const q = await handle.query(syncHistoryQuery);
        return q.status === 'synced' && q.lastWrittenVersion === pim.products.get(ref.id)?.updated;
      }, `sync ${i}`);
    }
    const described = await handle.describe();
    assert.notEqual(described.runId, firstRunId, 'a new run was started by continue-as-new');
    const history = await handle.query(syncHistoryQuery);
    assert.equal(history.status, 'synced');
    assert.equal(history.latestEventDate, '2024-05-02T08:12:00Z');
    assert.ok(history.entries.filter((e) => e.kind === 'synced').length >= 12, 'history carried across runs');
  });

  it('keeps at most maxCachedWorkflows (20) workflows in memory, and the evicted ones still sync', async () => {
    const refs: EntityRef[] = Array.from({ length: 30 }, () => ({ kind: 'product', id: randomUUID() }));
    for (const ref of refs) pim.put(ref.id, '2024-05-02T08:00:00+00:00');
    await Promise.all(refs.map((ref) => send(ref, event(ref, '2024-05-02T08:00:00Z'), { coalesceMs: 0 })));
    // Sampled on every poll: between an eviction and the next workflow's load the count is briefly 19, so the
    // most seen must be exactly 20 (full, and never fuller). Progress is read from the destination,
    // not by querying: 30 concurrent queries on a cache of 20 make the worker replay workflows in a loop.
    let most = 0;
    const cached = (): number => {
      const n = workers.main.getStatus().numCachedWorkflows;
      most = Math.max(most, n);
      return n;
    };
    await eventually(() => {
      cached();
      return refs.every((ref) => destination.items.has(ref.id));
    }, 'all 30 written to the destination');
    // The evicted ones are replayed from their history to answer: one at a time, each synced.
    for (const ref of refs) {
      const handle = server.env.client.workflow.getHandle(entityWorkflowId(ref));
      await eventually(async () => (await handle.query(syncHistoryQuery)).status === 'synced', `product ${ref.id} to be synced`);
      cached();
    }
    assert.equal(most, 20, 'the cache filled up to maxCachedWorkflows (20), and never held more');
  });

  it('retries a failed sync by itself on a durable back-off, without any new event', async () => {
    const ref: EntityRef = { kind: 'product', id: randomUUID() };
    pim.put(ref.id, '2024-05-02T08:00:00+00:00');
    destination.refuseNext = 2;
    await send(ref, event(ref, '2024-05-02T08:00:00Z'), { coalesceMs: 0, firstRetryDelayMs: 500 });
    const handle = server.env.client.workflow.getHandle(entityWorkflowId(ref));
    const h = await eventually(async () => {
      const q = await handle.query(syncHistoryQuery);
      return q.status === 'synced' && q;
    }, 'the sync to succeed on its own');
    assert.deepEqual(h.entries.map((e) => e.kind), ['event-accepted', 'sync-failed', 'retry', 'sync-failed', 'retry', 'synced']);
    assert.match(h.entries[1].detail ?? '', /DestinationRejected.*retry 1 at/);
    assert.equal(h.retryAt, undefined);
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, entityWorkflowId(ref));
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(RETRY_FIXTURE, JSON.stringify(history, null, 1));
  });

  it('resolves an event without uuid (PIM before 7.0) to the product uuid in the worker and syncs it there', async () => {
    const uuid = randomUUID();
    pim.put(uuid, '2024-05-02T08:00:00+00:00', { identifier: `SKU-${uuid.slice(0, 8)}` });
    const e: EntityEvent = { ref: { kind: 'product', id: '', identifier: `SKU-${uuid.slice(0, 8)}` }, eventId: randomUUID(), action: 'updated', eventDate: '2024-05-02T08:00:00.000Z', source: 'events-api' };
    await signalEntity(server.env.client, taskQueue, e, { coalesceMs: 0 });
    const handle = server.env.client.workflow.getHandle(entityWorkflowId({ kind: 'product', id: uuid }));
    const h = await eventually(async () => {
      const q = await handle.query(syncHistoryQuery).catch(() => undefined);
      return q?.status === 'synced' && q;
    }, 'product-<uuid> to be synced');
    assert.equal(h.entries[0].eventId, e.eventId, 'the same event, passed on');
    assert.equal(destination.items.get(uuid)?.version, '2024-05-02T08:00:00+00:00');
  });

  it('keeps an identifier Akeneo could not hold (over 255 characters) out of ProductIdentifier, and takes the next valid one', async () => {
    const ref: EntityRef = { kind: 'product', id: randomUUID() };
    pim.put(ref.id, '2024-05-02T08:00:00+00:00');
    const long: EntityRef = { ...ref, identifier: 'x'.repeat(300) };
    await send(long, event(long, '2024-05-02T08:00:00Z'), { coalesceMs: 0 });
    const handle = server.env.client.workflow.getHandle(entityWorkflowId(ref));
    const attributes = async () => (await handle.describe()).typedSearchAttributes;
    await eventually(async () => (await attributes()).get(SearchAttr.SYNC_STATUS) === 'synced', 'SyncStatus = synced');
    assert.equal((await attributes()).get(SearchAttr.PRODUCT_IDENTIFIER), undefined);
    pim.put(ref.id, '2024-05-02T09:00:00+00:00');
    const sku: EntityRef = { ...ref, identifier: 'SKU-1' };
    await handle.signal(entityEventSignal, event(sku, '2024-05-02T09:00:00Z'));
    await eventually(async () => (await attributes()).get(SearchAttr.PRODUCT_IDENTIFIER) === 'SKU-1', 'ProductIdentifier = SKU-1');
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, await handle.fetchHistory(), entityWorkflowId(ref));
  });

  it('records a history that replays deterministically', async () => {
    const ref: EntityRef = { kind: 'product', id: randomUUID() };
    pim.put(ref.id, '2024-05-02T08:00:00+00:00');
    const dup = event(ref, '2024-05-02T08:00:00Z', 'created');
    await send(ref, dup);
    const handle = server.env.client.workflow.getHandle(entityWorkflowId(ref));
    await eventually(async () => (await handle.query(syncHistoryQuery)).status === 'synced', 'first sync');
    await handle.signal(entityEventSignal, dup);
    await handle.signal(entityEventSignal, event(ref, '2024-05-01T08:00:00Z'));
    pim.products.delete(ref.id);
    await handle.signal(entityEventSignal, event(ref, '2024-05-02T09:00:00Z', 'removed'));
    const h = await eventually(async () => {
      const q = await handle.query(syncHistoryQuery);
      return q.status === 'deleted' && q;
    }, 'deletion');
    assert.deepEqual(h.entries.map((e) => e.kind), ['event-accepted', 'synced', 'ignored-duplicate', 'ignored-outdated', 'event-accepted', 'deleted']);
    const history = await handle.fetchHistory();
    // The first event after a quiet period syncs at once: no timer before the first activity.
    const types = (history.events ?? []).map((e) => e.eventType);
    const firstActivity = types.indexOf(temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    const firstTimer = types.indexOf(temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED);
    assert.ok(firstActivity >= 0 && (firstTimer < 0 || firstActivity < firstTimer), 'the first sync did not wait for a timer');
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, entityWorkflowId(ref));
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(FIXTURE, JSON.stringify(history, null, 1));
  });
});
