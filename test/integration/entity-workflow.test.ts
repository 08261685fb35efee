import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { entityEventSignal, syncHistoryQuery, type EntityEvent, type EntityRef } from '../../src/workflows/definitions';
import { entityWorkflowId } from '../../src/workflows/ids';
import { productSyncWorkflow } from '../../src/workflows';
import { createWorkers, type Workers } from '../../src/workers';
import { MemoryDestination, MemoryPim } from '../helpers/memory-adapters';
import { eventually, startTemporal, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

const FIXTURE = path.resolve(__dirname, '../fixtures/product-sync-history.json');

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

  it('keeps at most the configured number of workflows cached', () => {
    assert.equal(workers.main.options.maxCachedWorkflows, 20);
  });

  after(async () => {
    workers?.shutdown();
    await running;
    await server?.stop();
  });

  function event(ref: EntityRef, eventDate: string, action: EntityEvent['action'] = 'updated'): EntityEvent {
    return { ref, eventId: randomUUID(), action, eventDate, source: 'events-api' };
  }

  async function send(ref: EntityRef, e: EntityEvent, options?: { maxHistoryLength?: number; coalesceMs?: number }) {
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
      await eventually(async () => (await handle.query(syncHistoryQuery)).lastWrittenVersion === pim.products.get(ref.id)?.updated, `sync ${i}`);
    }
    const described = await handle.describe();
    assert.notEqual(described.runId, firstRunId, 'a new run was started by continue-as-new');
    const history = await handle.query(syncHistoryQuery);
    assert.equal(history.status, 'synced');
    assert.equal(history.latestEventDate, '2024-05-02T08:12:00Z');
    assert.ok(history.entries.filter((e) => e.kind === 'synced').length >= 12, 'history carried across runs');
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
