/**
 * `signalEntities` against a fake Temporal client: which listed entities it signals (content, not time; a
 * failed entity whatever its version), and that a signal Temporal refuses is counted `failed` and logged.
 */
import assert from 'node:assert/strict';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { createReconcileSignalActivities, type ReconcileItem, type SignalCounts, type SyncedPage } from '../../src/activities/reconcile-signals';
import type { EntityEvent } from '../../src/domain/entity';
import type { SyncMemo } from '../../src/workflows/definitions';
import { entityWorkflowId } from '../../src/workflows/ids';

const uuid = (n: number): string => `a1b2c3d4-0000-4000-8000-${String(n).padStart(12, '0')}`;
const PRODUCT = 'product' as const;
const UPDATED = '2026-05-04T10:11:12+00:00';

/** A client whose visibility answers `memos` (by entity id) and whose signal-with-start refuses the ids in `refuse`. */
function fakeClient(memos: Record<string, SyncMemo>, refuse: Set<string>) {
  const signalled: EntityEvent[] = [];
  const listWorkflowExecutions = () =>
    Promise.resolve({
      executions: Object.entries(memos).map(([id, memo]) => ({
        execution: { workflowId: entityWorkflowId({ kind: 'product', id }) },
        memo: { fields: Object.fromEntries(Object.entries(memo).map(([k, v]) => [k, defaultPayloadConverter.toPayload(v)])) },
      })),
    });
  const signalWithStart = (_type: string, options: { signalArgs: [EntityEvent] }) => {
    const [event] = options.signalArgs;
    if (refuse.has(event.ref.id)) return Promise.reject(new Error('Temporal is unavailable'));
    signalled.push(event);
    return Promise.resolve();
  };
  const client = { options: { namespace: 'default' }, workflowService: { listWorkflowExecutions }, workflow: { signalWithStart } } as unknown as Client;
  return { client, signalled };
}

function loggingEnv() {
  const warnings: string[] = [];
  const logger = new DefaultLogger('WARN', (entry: LogEntry) => {
    if (entry.level === 'WARN') warnings.push(entry.message);
  });
  return { env: new MockActivityEnvironment(undefined, { logger }), warnings };
}

describe('reconcile signal activities', () => {
  const synced = (digest: string): SyncMemo => ({ status: 'synced', lastWrittenVersion: UPDATED, lastWrittenDigest: digest });

  it('skips content already written, and signals other content of the same updated (a same-second save)', async () => {
    const { client, signalled } = fakeClient({ [uuid(1)]: synced('d1'), [uuid(2)]: synced('d2') }, new Set());
    const { signalEntities } = createReconcileSignalActivities({ client, taskQueue: 'q' });
    const items: ReconcileItem[] = [
      { id: uuid(1), updated: UPDATED, digest: 'd1' },
      { id: uuid(2), updated: UPDATED, digest: 'other' },
    ];
    const counts: SignalCounts = await loggingEnv().env.run(signalEntities, { kind: PRODUCT, items, observedBy: 'reconcile-1' });
    assert.deepEqual([counts.unchanged, counts.changed, counts.signalled, counts.failed], [1, 1, 1, 0]);
    assert.deepEqual(signalled.map((e) => [e.ref.id, e.digest, e.source]), [[uuid(2), 'other', 'reconcile']]);
  });

  it('signals a failed entity again whatever its version, even when its listed content is the one last written', async () => {
    const { client, signalled } = fakeClient({ [uuid(3)]: { ...synced('d3'), status: 'failed' } }, new Set());
    const { signalEntities } = createReconcileSignalActivities({ client, taskQueue: 'q' });
    const counts: SignalCounts = await loggingEnv().env.run(signalEntities, { kind: PRODUCT, items: [{ id: uuid(3), updated: UPDATED, digest: 'd3' }], observedBy: 'reconcile-2' });
    assert.deepEqual([counts.unchanged, counts.signalled], [0, 1]);
    assert.deepEqual(signalled.map((e) => e.ref.id), [uuid(3)]);
  });

  it('counts a signal Temporal refuses as failed and logs it with the workflow id, signalling the others', async () => {
    const { client, signalled } = fakeClient({}, new Set([uuid(5)]));
    const { signalEntities } = createReconcileSignalActivities({ client, taskQueue: 'q' });
    const { env, warnings } = loggingEnv();
    const items = [4, 5, 6].map((n) => ({ id: uuid(n), updated: UPDATED, digest: `d${n}` }));
    const counts: SignalCounts = await env.run(signalEntities, { kind: PRODUCT, items, observedBy: 'reconcile-3' });
    assert.deepEqual([counts.signalled, counts.new, counts.failed], [2, 2, 1]);
    assert.deepEqual(signalled.map((e) => e.ref.id).sort(), [uuid(4), uuid(6)]);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], new RegExp(`could not signal ${entityWorkflowId({ kind: 'product', id: uuid(5) })}: Temporal is unavailable`));
  });

  it('lists the running entity workflows whose last sync failed, by kind, with one visibility query per page', async () => {
    const queries: string[] = [];
    const listWorkflowExecutions = (req: { query: string }) => {
      queries.push(req.query);
      return Promise.resolve({ executions: [{ execution: { workflowId: `product-${uuid(7)}` } }, { execution: { workflowId: 'product-model-tshirt' } }], nextPageToken: new Uint8Array() });
    };
    const client = { options: { namespace: 'default' }, workflowService: { listWorkflowExecutions } } as unknown as Client;
    const { listFailedEntities } = createReconcileSignalActivities({ client, taskQueue: 'q' });
    const page: SyncedPage = await loggingEnv().env.run(listFailedEntities, {});
    assert.deepEqual(page, { ids: { product: [uuid(7)], 'product-model': ['tshirt'] } });
    assert.equal(queries.length, 1);
    assert.match(queries[0], /TaskQueue = 'q'.* AND SyncStatus = 'failed'$/);
  });
});
