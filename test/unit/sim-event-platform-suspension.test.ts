import assert from 'node:assert/strict';
import { SuccessWindow, SuspensionReason } from '../../src/sim';
import { CREDS, platform, receiver, until, type Platform, type Receiver, type Script } from './sim-event-platform-helpers';

const CREATED = 'com.akeneo.pim.v1.product.created';

describe('sim Event Platform suspension', () => {
  let p: Platform;
  let hook: Receiver;
  const start = async (script?: Script, options: Parameters<typeof platform>[0] = {}, location?: string): Promise<void> => {
    hook = await receiver(script, location);
    p = await platform(options);
  };
  afterEach(async () => {
    await p.close();
    await hook.close();
  });
  const statusOf = async (subscriberId: string, subscriptionId: string): Promise<string> =>
    (await p.call('GET', `/subscribers/${subscriberId}/subscriptions/${subscriptionId}`)).body.status;

  // One request in flight at a time, so that the next send waits for the verdict on the previous answer.
  it('suspends at once on a 404; the events in the pipeline are lost', async () => {
    await start(() => 404, { delivery: { maxInFlight: 1 } });
    const { subscriberId, subscriptionId } = await p.subscribe(hook.url, { events: [CREATED] });
    p.catalog.seed(3);
    await p.ep.deliver();
    assert.equal(hook.got.length, 1);
    assert.equal(await statusOf(subscriberId, subscriptionId), 'suspended');
    assert.deepEqual(p.ep.records.map((r) => [r.status, r.outcome]), [[404, 'suspended']]);
    assert.deepEqual([p.ep.counters.systemSuspensions, p.ep.counters.lostOnSuspension, p.ep.counters.retried], [1, 3, 0]);
  });

  it('suspends at once on a 3xx, without following the redirection', async () => {
    const target = await receiver();
    try {
      await start(() => 302, { delivery: { maxInFlight: 1 } }, target.url);
      const { subscriberId, subscriptionId } = await p.subscribe(hook.url, { events: [CREATED] });
      p.catalog.seed(2);
      await p.ep.deliver();
      assert.equal(hook.got.length, 1);
      assert.equal(target.got.length, 0, 'the Location was not followed');
      assert.equal(await statusOf(subscriberId, subscriptionId), 'suspended');
      assert.deepEqual(p.ep.records.map((r) => [r.status, r.outcome]), [[302, 'suspended']]);
    } finally {
      await target.close();
    }
  });

  it('suspends when fewer than 90% of the deliveries of the rolling hour succeeded', async () => {
    await start((n) => (n < 10 ? 200 : 500), { timeScale: 1e-3 });
    const { subscriberId, subscriptionId } = await p.subscribe(hook.url, { events: [CREATED] });
    p.catalog.seed(30);
    await p.ep.deliver();
    assert.equal(await statusOf(subscriberId, subscriptionId), 'suspended');
    assert.equal(p.ep.counters.systemSuspensions, 1);
    const failures = p.ep.records.filter((r) => r.status === 500).length;
    assert.ok(failures >= 2, `10 successes and ${failures} failures: below 90% from the second failure`);
    assert.equal(p.ep.counters.delivered, 10);
    assert.equal(p.ep.counters.delivered + p.ep.counters.lostOnSuspension + p.ep.counters.dropped, 30, 'every event accounted for');
    const notice = p.ep.notifier.emails.find((e) => e.body.notification_type === 'subscription.suspended.system');
    assert.equal(notice?.body.reason, SuspensionReason.THRESHOLD);
  });

  it('counts only the outcomes of the last hour', () => {
    const window = new SuccessWindow();
    const hour = 3_600_000;
    for (let i = 0; i < 9; i++) window.record(i, false);
    window.record(10, true);
    assert.equal(window.rate(10), 0.1);
    assert.equal(window.total(hour + 5), 4, 'outcomes older than an hour fall out');
    assert.equal(window.rate(hour + 10), 1);
  });

  it('loses the events produced while suspended; resuming through the API delivers the new ones', async () => {
    await start();
    const { subscriberId, subscriptionId } = await p.subscribe(hook.url, { events: [CREATED] });
    const base = `/subscribers/${subscriberId}/subscriptions/${subscriptionId}`;
    assert.equal((await p.call('POST', `${base}/suspend`)).status, 202);
    p.catalog.seed(3);
    await p.ep.deliver();
    assert.deepEqual([hook.got.length, p.ep.counters.lostWhileSuspended], [0, 3]);
    assert.equal((await p.call('POST', `${base}/resume`)).status, 202);
    await p.ep.deliver();
    assert.equal(hook.got.length, 0, 'suspended events are not replayed');
    p.catalog.createProduct();
    await p.ep.deliver();
    assert.deepEqual([hook.got.length, p.ep.counters.lostWhileSuspended], [1, 3]);
  });

  it('loses the retries waiting when a subscription is suspended', async () => {
    await start(() => 503);
    const { subscriberId, subscriptionId } = await p.subscribe(hook.url, { events: [CREATED] });
    p.catalog.seed(2);
    p.ep.flush();
    await until(() => p.ep.counters.retried === 2, 5000, 'two retries scheduled');
    await p.call('POST', `/subscribers/${subscriberId}/subscriptions/${subscriptionId}/suspend`);
    await p.ep.idle();
    assert.deepEqual([p.ep.counters.lostOnSuspension, p.ep.counters.dropped, hook.got.length], [2, 0, 2]);
  });

  it('revokes the subscriptions of a removed connection: no more deliveries, no more API access', async () => {
    await start();
    const { subscriptionId } = await p.subscribe(hook.url, { events: [CREATED] });
    assert.equal(p.ep.revokeConnection(CREDS.clientId), 1);
    assert.equal(p.ep.registry.find(subscriptionId)?.status, 'revoked');
    assert.equal((await p.call('GET', '/subscribers')).status, 401);
    p.catalog.createProduct();
    await p.ep.deliver();
    assert.equal(hook.got.length, 0);
  });
});
