import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { signEventPlatform } from '../../src/akeneo/signature';
import { DEFAULT_RECONCILE_SAFETY_MARGIN_MS } from '../../src/config';
import { diffWithPim, inSync } from '../../src/dev/compare';
import { LOCAL_SECRETS } from '../../src/dev/local-stack';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { signalSubscription } from '../../src/signal-subscription';
import { NotificationType, subscriptionStatusQuery } from '../../src/workflows/event-platform-subscription-definitions';
import { resumeReconcileWorkflowId, subscriptionWorkflowId } from '../../src/workflows/ids';
import type { ReconcileResult } from '../../src/workflows/reconcile-definitions';
import { post } from '../helpers/api';
import { startTestStack, type TestStack } from '../helpers/stack';
import { eventually, startTemporal, workflowBundle } from '../helpers/temporal';

const FIXTURE = path.resolve(__dirname, '../fixtures/event-platform-subscription-history.json');

/** A notification as the platform signs it (notification-webhooks.html: hex HMAC-SHA256 of the raw body, primary header). */
function signedNotification(type: string, subscriptionId: string, timestamp: string, extra: object = {}): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    notification_type: type,
    timestamp,
    subscription_id: subscriptionId,
    subscriber_id: '018e1ec5-29da-78ad-aae6-92065b9ca2a5',
    destination: 'https://sync.example.com/akeneo/event-platform',
    events: ['com.akeneo.pim.v1.product.updated'],
    subject: 'https://example.cloud.akeneo.com/',
    ...extra,
  });
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'akeneo/event-platform',
    'X-AKENEO-SIGNATURE-PRIMARY': signEventPlatform(LOCAL_SECRETS.notifications, body),
    'X-AKENEO-SIGNATURE-ALGORITHM': 'HmacSHA256',
  };
  return { body, headers };
}

describe('Event Platform notifications end to end (HTTP → subscription workflow → reconcile)', function () {
  this.timeout(120_000);
  let server: DevServer;
  let stack: TestStack;

  before(async () => {
    server = await startTemporal();
    await workflowBundle();
  });
  after(async () => server?.stop());
  beforeEach(async () => {
    stack = await startTestStack(server);
  });
  afterEach(async () => stack?.close());

  async function converged(what: string): Promise<void> {
    await eventually(() => inSync(diffWithPim(stack.catalog, stack.thirdParty)), what, 30_000);
  }

  it('a suspension then a resume start one delta reconcile since the suspension minus the margin, which heals what changed meanwhile', async () => {
    const { client } = server.env;
    const url = `${stack.api.url}/akeneo/event-platform/notifications`;
    const subscriptionId = randomUUID();
    const p = stack.catalog.createProduct();
    await stack.sender.flush('event-platform');
    await converged('the product to be synced by its event');

    const suspendedAt = new Date().toISOString();
    const suspended = signedNotification('subscription.suspended.system', subscriptionId, suspendedAt, { reason: 'Success rate dropped below 90%' });
    assert.equal((await post(url, suspended)).status, 200);
    // While suspended the platform sends nothing: the PIM's change reaches no webhook.
    stack.catalog.updateProduct(p.uuid, undefined, { silent: true });
    assert.deepEqual(diffWithPim(stack.catalog, stack.thirdParty).stale, [p.uuid]);

    const resumedAt = new Date(Date.now() + 1000).toISOString();
    const resumed = signedNotification('subscription.resumed', subscriptionId, resumedAt);
    assert.equal((await post(url, resumed)).status, 200);
    // The platform retries a notification it thinks failed: the same body again starts nothing more.
    assert.equal((await post(url, resumed)).status, 200);

    const reconcile = client.workflow.getHandle(resumeReconcileWorkflowId(subscriptionId, resumedAt));
    const result = (await eventually(() => reconcile.result().catch(() => undefined), 'the resume reconcile to finish')) as ReconcileResult;
    assert.equal(result.mode, 'delta');
    assert.equal(result.since, new Date(Date.parse(suspendedAt) - DEFAULT_RECONCILE_SAFETY_MARGIN_MS).toISOString());
    assert.ok(result.counts.signalled >= 1, `signalled ${result.counts.signalled}`);
    await converged('the change made while suspended to reach the third party');

    const subscription = client.workflow.getHandle(subscriptionWorkflowId(subscriptionId));
    const status = await eventually(async () => {
      const q = await subscription.query(subscriptionStatusQuery);
      return q.history.some((e) => e.kind === 'ignored-duplicate') && q;
    }, 'the retried resume to be recorded');
    assert.equal(status.status, 'active');
    assert.equal(status.stoppedAt, undefined);
    assert.deepEqual(status.reconciles.map((r) => [r.workflowId, r.stoppedAt]), [[reconcile.workflowId, new Date(suspendedAt).toISOString()]]);
    const lines = status.history.map((e) => `${e.kind} ${e.type ?? ''}`.trim());
    assert.deepEqual(lines.slice(0, 2), ['applied subscription.suspended.system', 'applied subscription.resumed']);
    // The retry may be recorded before or after the reconcile's start.
    assert.deepEqual(lines.slice(2).sort(), ['ignored-duplicate subscription.resumed', 'reconcile-started']);
    const history = await subscription.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, subscription.workflowId);
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(FIXTURE, JSON.stringify(history, null, 1));

    // Even with the subscription's state lost, the same resume finds its reconcile taken: still one run.
    const { runId } = await reconcile.describe();
    await subscription.terminate('test: state lost');
    for (const n of [suspended, resumed]) assert.equal((await post(url, n)).status, 200);
    const again = await eventually(async () => {
      const q = await client.workflow.getHandle(subscriptionWorkflowId(subscriptionId)).query(subscriptionStatusQuery);
      return q.history.some((e) => e.kind === 'reconcile-already-started') && q;
    }, 'the second subscription workflow to find the reconcile started');
    assert.equal(again.pendingReconcile, undefined);
    assert.equal((await reconcile.describe()).runId, runId);
  });

  it('continues as new on its heartbeats, keeping the status and when it stopped', async () => {
    const subscriptionId = randomUUID();
    const suspendedAt = new Date().toISOString();
    const notification = {
      type: NotificationType.SUSPENDED_USER,
      timestamp: suspendedAt,
      subscriptionId,
      receivedAt: suspendedAt,
      safetyMarginMs: DEFAULT_RECONCILE_SAFETY_MARGIN_MS,
    };
    await signalSubscription(server.env.client, stack.taskQueue, notification, { maxHistoryLength: 20, heartbeatMs: 50 });
    const handle = server.env.client.workflow.getHandle(subscriptionWorkflowId(subscriptionId));
    const first = (await handle.describe()).runId;
    await eventually(async () => (await handle.describe()).runId !== first, 'a continue-as-new');
    const status = await handle.query(subscriptionStatusQuery);
    assert.deepEqual([status.status, status.stoppedAt, status.history.length], ['suspended', new Date(suspendedAt).toISOString(), 1]);
    await handle.terminate('test over');
  });

  it('answers 401 to an unsigned notification and starts no workflow', async () => {
    const subscriptionId = randomUUID();
    const { body } = signedNotification('subscription.suspended.user', subscriptionId, new Date().toISOString());
    const reply = await post(`${stack.api.url}/akeneo/event-platform/notifications`, { body, headers: { 'Content-Type': 'application/json' } });
    assert.equal(reply.status, 401);
    await assert.rejects(server.env.client.workflow.getHandle(subscriptionWorkflowId(subscriptionId)).describe());
  });
});
