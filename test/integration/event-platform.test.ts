/**
 * The Event Platform end to end against its simulator (src/sim/event-platform) on a real Temporal dev server:
 * the setup through the management API, deliveries signed by the platform reaching the third party, and a
 * suspension the platform notifies, then a resume whose notification heals what changed meanwhile.
 */
import assert from 'node:assert/strict';
import { AkeneoRestClient } from '../../src/akeneo/rest-client';
import { EventPlatformApi } from '../../src/akeneo/event-platform-api';
import { EVENT_PLATFORM_PATH } from '../../src/api/routes/event-platform';
import { diffWithPim, inSync } from '../../src/dev/compare';
import { LOCAL_SECRETS, SIM_CREDENTIALS } from '../../src/dev/local-stack';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { resumeOurSubscription } from '../../src/event-platform/resume';
import { ensureEventPlatformSetup, type SetupTarget } from '../../src/event-platform/setup';
import { EventPlatformSimulator, eventPlatformPimOf, NotificationType, SuspensionReason } from '../../src/sim/event-platform';
import { subscriptionStatusQuery } from '../../src/workflows/event-platform-subscription-definitions';
import { subscriptionWorkflowId } from '../../src/workflows/ids';
import { startTestStack, type TestStack } from '../helpers/stack';
import { eventually, startTemporal, workflowBundle } from '../helpers/temporal';

describe('Event Platform against its simulator', function () {
  this.timeout(120_000);
  let server: DevServer;
  let stack: TestStack;
  let platform: EventPlatformSimulator;

  before(async () => {
    server = await startTemporal();
    await workflowBundle();
    stack = await startTestStack(server, { pimMaxRps: 1000 });
    // Real time: notification timestamps and the catalog's `updated` share one clock, as with Akeneo. Retries
    // after 1, 2 and 4 s instead of 5, 10 and 20 minutes, so a failed delivery shows within the test.
    platform = new EventPlatformSimulator({
      pims: [eventPlatformPimOf(stack.pim, { catalog: stack.catalog })],
      timeScale: 1,
      delivery: { retryDelaysMs: [1000, 2000, 4000] },
    });
    await platform.start();
  });
  after(async () => {
    await platform?.close();
    await stack?.close();
    await server?.stop();
  });

  function api(): EventPlatformApi {
    const pim = new AkeneoRestClient({ baseUrl: stack.pim.url, ...SIM_CREDENTIALS });
    return new EventPlatformApi({ baseUrl: `${platform.url}/api/v1`, pimUrl: stack.pim.url, clientId: SIM_CREDENTIALS.clientId, accessToken: () => pim.accessToken() });
  }

  const target = (): SetupTarget => ({
    pimUrl: stack.pim.url,
    subscriberName: 'akeneo-sync',
    technicalEmail: 'ops@example.com',
    webhookUrl: `${stack.api.url}${EVENT_PLATFORM_PATH}`,
    secrets: { primary: LOCAL_SECRETS.platform, secondary: LOCAL_SECRETS.platformSecondary },
    notifications: { url: `${stack.api.url}${EVENT_PLATFORM_PATH}/notifications`, secret: LOCAL_SECRETS.notifications },
  });

  const converged = (what: string) => eventually(() => inSync(diffWithPim(stack.catalog, stack.thirdParty)), what, 60_000);

  it('sets up the subscriber and subscription once: run twice, the second run changes nothing', async () => {
    const first = await ensureEventPlatformSetup(api(), target());
    assert.deepEqual([first.subscriber.action, first.subscription.action], ['created', 'created']);
    const mutations = platform.mutatingCalls;
    const second = await ensureEventPlatformSetup(api(), target());
    assert.deepEqual([second.subscriber.action, second.subscription.action], ['unchanged', 'unchanged']);
    assert.equal(platform.mutatingCalls, mutations, 'no POST, PATCH or DELETE the second time');
  });

  it('delivers the PIM changes, signed by the platform, through the API to the third party', async () => {
    const products = stack.catalog.seed(20);
    const model = stack.catalog.createProductModel();
    stack.catalog.createProduct({ parent: model.code });
    stack.catalog.removeProduct(products[0].uuid);
    await platform.deliver();
    const statuses = new Set(platform.records.map((r) => r.status));
    assert.deepEqual([...statuses], [200], `the API answered ${[...statuses].join(', ')}`);
    await converged('the third party to match the PIM');
    assert.equal(platform.counters.dropped, 0);
  });

  it('a suspension by the platform, notified, then a resume: its notification starts a reconcile that heals the change lost meanwhile', async () => {
    const { subscription } = await ensureEventPlatformSetup(api(), target());
    const product = stack.catalog.createProduct();
    await platform.deliver();
    await converged('the new product to be synced by its event');

    assert.ok(platform.registry.suspendBySystem(subscription.id, SuspensionReason.THRESHOLD));
    const workflow = server.env.client.workflow.getHandle(subscriptionWorkflowId(subscription.id));
    await eventually(async () => (await workflow.query(subscriptionStatusQuery).catch(() => undefined))?.status === 'suspended', 'the API to record the suspension');

    // The platform produces the event and drops it: "events ... generated by the PIM can't be recovered".
    const lost = platform.counters.lostWhileSuspended;
    stack.catalog.updateProduct(product.uuid);
    await platform.deliver();
    assert.equal(platform.counters.lostWhileSuspended, lost + 1, 'the change made while suspended was lost by the platform');
    assert.deepEqual(diffWithPim(stack.catalog, stack.thirdParty).stale, [product.uuid]);

    const report = await resumeOurSubscription(api(), target());
    assert.deepEqual([report.action, report.statusBefore], ['resumed', 'suspended']);
    await platform.idle();
    const notified = platform.notifier.attempts.map((a) => `${a.body.notification_type} ${a.status}`);
    assert.deepEqual(notified.slice(-2), [`${NotificationType.SUSPENDED_SYSTEM} 200`, `${NotificationType.RESUMED} 200`]);

    await converged('the resume reconcile to heal the change lost while suspended');
    const status = await workflow.query(subscriptionStatusQuery);
    assert.equal(status.status, 'active');
    assert.equal(status.reconciles.length, 1, 'one delta reconcile started by the resume');
  });
});
