import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporalConnector } from '../../src/cli/main';
import { runCli } from '../../src/cli/program';
import type { CliConfig, ReconcileConfig } from '../../src/config';
import { freePort, type DevServer } from '../../src/dev/temporal-dev-server';
import { describeSchedules, ensureReconcileSchedules, type ScheduleStatus } from '../../src/schedules';
import { RECONCILE_FULL_SCHEDULE_ID, RECONCILE_SCHEDULE_ID } from '../../src/workflows/reconcile-definitions';
import { STRUCTURE_SCHEDULE_ID } from '../../src/workflows/structure-sync-definitions';
import { eventually, startTemporal, uniqueTaskQueue } from '../helpers/temporal';

const MINUTE = 60_000;

function reconcileConfig(over: Partial<ReconcileConfig> = {}): ReconcileConfig {
  const defaults = { intervalMs: 15 * MINUTE, fullIntervalMs: 24 * 60 * MINUTE, safetyMarginMs: 5 * MINUTE };
  return { enabled: true, ...defaults, deletePolicy: 'ignore', deleteMaxFraction: 0.05, ...over };
}

type InputAttributes = 'workflowExecutionStartedEventAttributes' | 'workflowExecutionSignaledEventAttributes';

/** The decoded JSON of the first payload of the first history event that has `attributes`. */
async function firstPayload(handle: WorkflowHandle, attributes: InputAttributes) {
  const event = (await handle.fetchHistory()).events?.find((e) => e[attributes]);
  const data = event?.[attributes]?.input?.payloads?.[0]?.data;
  assert.ok(data, `no ${attributes} in the history of ${handle.workflowId}`);
  return { event, input: JSON.parse(Buffer.from(data).toString('utf8')) as unknown };
}

describe('reconcile schedules and the ops CLI on a real Temporal dev server', function () {
  this.timeout(120_000);
  let server: DevServer;
  let client: Client;
  const taskQueue = uniqueTaskQueue('schedules');

  before(async () => {
    server = await startTemporal();
    client = server.env.client;
  });

  after(async () => {
    await server?.stop();
  });

  describe('ensureReconcileSchedules', () => {
    it('creates both schedules with the configured intervals, action and policies', async () => {
      const result = await ensureReconcileSchedules(client, { taskQueue, reconcile: reconcileConfig() });
      assert.deepEqual(result, { created: [RECONCILE_SCHEDULE_ID, RECONCILE_FULL_SCHEDULE_ID], updated: [] });

      const delta = await client.schedule.getHandle(RECONCILE_SCHEDULE_ID).describe();
      assert.deepEqual(delta.spec.intervals?.map((i) => i.every), [15 * MINUTE]);
      assert.equal(delta.action.workflowType, 'reconcileWorkflow');
      assert.equal(delta.action.taskQueue, taskQueue);
      assert.equal(delta.action.workflowId, RECONCILE_SCHEDULE_ID);
      assert.deepEqual(delta.action.args, [{ mode: 'delta', safetyMarginMs: 5 * MINUTE, deletePolicy: 'ignore' }]);
      assert.deepEqual(delta.policies, { overlap: 'SKIP', catchupWindow: 60 * MINUTE, pauseOnFailure: false });
      assert.equal(delta.state.paused, false);

      const full = await client.schedule.getHandle(RECONCILE_FULL_SCHEDULE_ID).describe();
      assert.deepEqual(full.spec.intervals?.map((i) => i.every), [24 * 60 * MINUTE]);
      assert.deepEqual(full.action.args, [{ mode: 'full', deletePolicy: 'ignore', deleteMaxFraction: 0.05 }]);
      assert.equal(full.policies.overlap, 'SKIP');
    });

    it('updates existing schedules instead of failing, and keeps a pause made in between', async () => {
      await ensureReconcileSchedules(client, { taskQueue, reconcile: reconcileConfig() });
      await client.schedule.getHandle(RECONCILE_FULL_SCHEDULE_ID).pause('maintenance of the shop');

      const result = await ensureReconcileSchedules(client, { taskQueue, reconcile: reconcileConfig() });
      assert.deepEqual(result, { created: [], updated: [RECONCILE_SCHEDULE_ID, RECONCILE_FULL_SCHEDULE_ID] });
      const full = await client.schedule.getHandle(RECONCILE_FULL_SCHEDULE_ID).describe();
      assert.equal(full.state.paused, true);
      assert.equal(full.state.note, 'maintenance of the shop');
      assert.equal((await client.schedule.getHandle(RECONCILE_SCHEDULE_ID).describe()).state.paused, false);
    });

    it('applies changed intervals and settings to existing schedules', async () => {
      const reconcile = reconcileConfig({ intervalMs: 7 * MINUTE, fullIntervalMs: 6 * 60 * MINUTE, deletePolicy: 'delete' });
      await ensureReconcileSchedules(client, { taskQueue, reconcile });

      const [delta, full] = await describeSchedules(client);
      assert.equal(delta.intervalMs, 7 * MINUTE);
      assert.equal(full.intervalMs, 6 * 60 * MINUTE);
      const described = await client.schedule.getHandle(RECONCILE_FULL_SCHEDULE_ID).describe();
      assert.deepEqual(described.spec.intervals?.map((i) => i.every), [6 * 60 * MINUTE]);
      assert.deepEqual(described.action.args, [{ mode: 'full', deletePolicy: 'delete', deleteMaxFraction: 0.05 }]);
    });

    it('creates the structure schedule beside them when structure sync is enabled, and alone when reconciliation is off', async () => {
      const structure = { enabled: true, intervalMs: 60 * MINUTE, writeConcurrency: 4 };
      const result = await ensureReconcileSchedules(client, { taskQueue, reconcile: reconcileConfig({ structure }), skipReconcile: true });
      assert.deepEqual(result, { created: [STRUCTURE_SCHEDULE_ID], updated: [] });
      const described = await client.schedule.getHandle(STRUCTURE_SCHEDULE_ID).describe();
      assert.equal(described.action.workflowType, 'structureSyncWorkflow');
      assert.deepEqual(described.spec.intervals?.map((i) => i.every), [60 * MINUTE]);
      assert.deepEqual(described.action.args, [{ deletePolicy: 'ignore', deleteMaxFraction: 0.05 }]);
      assert.equal(described.policies.overlap, 'SKIP');
      const [, , row] = await describeSchedules(client);
      assert.deepEqual([row.id, row.exists, row.intervalMs], [STRUCTURE_SCHEDULE_ID, true, 60 * MINUTE]);
    });
  });

  describe('ops CLI', () => {
    async function cli(...argv: string[]) {
      let out = '';
      let err = '';
      const config: CliConfig = {
        temporal: { address: server.address, namespace: 'default', taskQueue },
        reconcile: reconcileConfig(),
      };
      const connect = () => Promise.resolve(client);
      const code = await runCli(argv, { config, connect, out: (t) => (out += t), err: (t) => (err += t) });
      return { code, out, err };
    }

    it('reports an unknown product on one line and exits 1', async () => {
      const uuid = randomUUID();
      const r = await cli('history', uuid);
      assert.deepEqual(r, { code: 1, out: '', err: `no sync history for product ${uuid}\n` });
    });

    it('resync starts the entity workflow with a forced manual event', async () => {
      const uuid = randomUUID();
      const r = await cli('resync', uuid.toUpperCase());
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, new RegExp(`^product-${uuid} signalled \\(event manual-[0-9a-f-]{36}\\)\\n$`));

      const handle = client.workflow.getHandle(`product-${uuid}`);
      const described = await handle.describe();
      assert.equal(described.type, 'productSyncWorkflow');
      assert.equal(described.status.name, 'RUNNING');
      assert.equal(described.taskQueue, taskQueue);
      const started = await firstPayload(handle, 'workflowExecutionStartedEventAttributes');
      assert.deepEqual(started.input, { ref: { kind: 'product', id: uuid } });
      const signalled = await firstPayload(handle, 'workflowExecutionSignaledEventAttributes');
      assert.equal(signalled.event.workflowExecutionSignaledEventAttributes?.signalName, 'entityEvent');
      assert.deepEqual(
        { ...(signalled.input as object), eventId: 'x', eventDate: 'x' },
        { ref: { kind: 'product', id: uuid }, eventId: 'x', action: 'updated', eventDate: 'x', source: 'manual', force: true },
      );
    });

    it('resync --model signals the product-model workflow', async () => {
      const r = await cli('resync', '--model', 'tshirt_unique');
      assert.equal(r.code, 0, r.err);
      assert.equal((await client.workflow.getHandle('product-model-tshirt_unique').describe()).type, 'productSyncWorkflow');
    });

    it('resync-since --no-wait starts a delta reconcile and prints its id', async () => {
      const r = await cli('resync-since', '2024-05-01T10:00:00+02:00', '--no-wait');
      assert.equal(r.code, 0, r.err);
      const workflowId = r.out.trim();
      assert.match(workflowId, /^akeneo-reconcile-manual-\d{8}T\d{6}Z$/);
      const handle = client.workflow.getHandle(workflowId);
      assert.equal((await handle.describe()).type, 'reconcileWorkflow');
      assert.deepEqual((await firstPayload(handle, 'workflowExecutionStartedEventAttributes')).input, {
        mode: 'delta',
        since: '2024-05-01T08:00:00.000Z',
      });
    });

    it('resync-all --allow-mass-delete --no-wait starts a full reconcile that may delete past DELETE_MAX_FRACTION', async () => {
      // Manual runs are named by the second they start in: a run started within the same second is refused.
      const r = await eventually(async () => {
        const attempt = await cli('resync-all', '--allow-mass-delete', '--no-wait');
        return attempt.code === 0 && attempt;
      }, 'a manual run id of its own');
      const handle = client.workflow.getHandle(r.out.trim());
      assert.deepEqual((await firstPayload(handle, 'workflowExecutionStartedEventAttributes')).input, {
        mode: 'full',
        deletePolicy: 'ignore',
        deleteMaxFraction: 0.05,
        allowMassDelete: true,
      });
    });

    it('schedules pause, show, unpause and trigger the reconcile schedules', async () => {
      assert.equal((await cli('schedules', 'pause', '--full', '--note', 'shop migration')).code, 0);
      const ensured = await cli('schedules', 'ensure');
      assert.equal(ensured.code, 0, ensured.err);
      assert.match(ensured.out, /updated: akeneo-reconcile, akeneo-reconcile-full/);
      const shown = await cli('schedules', '--json');
      assert.equal(shown.code, 0, shown.err);
      const { schedules } = JSON.parse(shown.out) as { schedules: ScheduleStatus[] };
      assert.deepEqual(schedules.map((s) => [s.id, s.paused, s.note]), [
        [RECONCILE_SCHEDULE_ID, false, undefined],
        [RECONCILE_FULL_SCHEDULE_ID, true, 'shop migration'],
        [STRUCTURE_SCHEDULE_ID, false, undefined],
      ]);
      assert.match((await cli('schedules')).out, /akeneo-reconcile-full\s+paused\s+1d\s+\d+\s+-\s+shop migration/);

      const unpaused = await cli('schedules', 'unpause', '--full');
      assert.deepEqual(unpaused, { code: 0, out: `${RECONCILE_FULL_SCHEDULE_ID} unpaused\n`, err: '' });
      const before = (await describeSchedules(client))[0].recentActions;
      assert.equal((await cli('schedules', 'trigger')).code, 0);
      await eventually(async () => (await describeSchedules(client))[0].recentActions > before, 'a triggered run');
    });

    it('fails fast with one line when Temporal is unreachable', async () => {
      const started = Date.now();
      const address = `127.0.0.1:${await freePort()}`;
      const unreachable = temporalConnector({ address, namespace: 'default', taskQueue }, 1000);
      let err = '';
      const code = await runCli(['history', randomUUID()], {
        config: { temporal: { address: 'x', namespace: 'default', taskQueue }, reconcile: reconcileConfig() },
        connect: unreachable.connect,
        out: () => assert.fail('no output expected'),
        err: (t) => (err += t),
      });
      assert.equal(code, 1);
      assert.match(err, /^Temporal is unreachable at 127\.0\.0\.1:\d+: [^\n]+\n$/);
      assert.ok(Date.now() - started < 10_000, 'took too long to fail');
      await unreachable.close();
    });
  });
});
