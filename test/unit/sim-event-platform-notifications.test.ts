import assert from 'node:assert/strict';
import { signEventPlatform } from '../../src/akeneo/signature';
import { SuspensionReason, type NotificationBody } from '../../src/sim';
import { CREDS, NOTIFY_SECRET, PIM_URL, platform, receiver, until, type Platform, type Receiver, type Script } from './sim-event-platform-helpers';

const CREATED = 'com.akeneo.pim.v1.product.created';

describe('sim Event Platform notification webhooks', () => {
  let p: Platform;
  let hook: Receiver;
  let notices: Receiver;
  const start = async (notify: Script, deliver: Script = () => 200, channels = ['webhook'], timeScale = 1e-4) => {
    hook = await receiver(deliver);
    notices = await receiver(notify);
    p = await platform({ timeScale });
    const contact = { technical_email: 'ops@example.com', notification_channels: channels, notification_webhook_url: notices.url, notification_webhook_secret: NOTIFY_SECRET };
    const ids = await p.subscribe(hook.url, { events: [CREATED] }, { contact });
    return { ...ids, base: `/subscribers/${ids.subscriberId}/subscriptions/${ids.subscriptionId}` };
  };
  afterEach(async () => {
    await p.close();
    await hook.close();
    await notices.close();
  });
  const bodies = (): NotificationBody[] => notices.got.map((r) => JSON.parse(r.body) as NotificationBody);

  it('POSTs a signed notification when the user suspends, then resumes', async () => {
    const { subscriberId, subscriptionId, base } = await start(() => 200);
    await p.call('POST', `${base}/suspend`);
    await p.ep.idle();
    await p.call('POST', `${base}/resume`);
    await p.ep.idle();
    assert.equal(notices.got.length, 2);
    for (const { headers, body } of notices.got) {
      assert.equal(headers['x-akeneo-signature-primary'], signEventPlatform(NOTIFY_SECRET, body));
      assert.deepEqual(
        [headers['x-akeneo-signature-algorithm'], headers['content-type'], headers['user-agent'], headers['x-akeneo-signature-secondary']],
        ['HmacSHA256', 'application/json', 'akeneo/event-platform', undefined],
      );
    }
    const [suspended, resumed] = bodies();
    assert.deepEqual(
      { ...suspended, timestamp: undefined },
      {
        ...{ notification_type: 'subscription.suspended.user', timestamp: undefined, subscription_id: subscriptionId },
        ...{ subscriber_id: subscriberId, destination: hook.url, events: [CREATED], subject: PIM_URL },
      },
    );
    assert.match(suspended.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(resumed.notification_type, 'subscription.resumed');
    assert.equal(p.ep.notifier.acknowledged, 2);
    assert.equal(p.ep.notifier.emails.length, 0, 'email is not a channel');
  });

  it('notifies a suspension by the platform with its reason, and a revocation', async () => {
    await start(() => 200, () => 404);
    p.catalog.createProduct();
    await p.ep.deliver();
    p.ep.revokeConnection(CREDS.clientId);
    await p.ep.idle();
    assert.deepEqual(bodies().map((b) => [b.notification_type, b.reason]), [
      ['subscription.suspended.system', SuspensionReason.NOT_FOUND],
      ['subscription.revoked', 'The connection was removed from the PIM'],
    ]);
  });

  it('retries a 5xx after 1 s then 2 s of platform time, until a 2xx', async () => {
    const { base } = await start((n) => (n < 2 ? 503 : 204), undefined, ['webhook'], 0.01);
    await p.call('POST', `${base}/suspend`);
    await p.ep.idle();
    assert.deepEqual(p.ep.notifier.attempts.map((a) => [a.attempt, a.status]), [[1, 503], [2, 503], [3, 204]]);
    const [a, b, c] = notices.got.map((g) => g.at);
    assert.ok(b - a >= 10 && c - b >= 20, `1 s and 2 s at a 1/100 time scale: ${b - a} ms, ${c - b} ms`);
    assert.equal(new Set(notices.got.map((g) => g.body)).size, 1, 'the same body each time');
    assert.deepEqual([p.ep.notifier.acknowledged, p.ep.notifier.failed], [1, 0]);
  });

  it('gives up after 3 retries of a 429 and falls back to email when email is not a channel', async () => {
    const { base } = await start(() => 429);
    await p.call('POST', `${base}/suspend`);
    await p.ep.idle();
    assert.deepEqual(p.ep.notifier.attempts.map((a) => a.attempt), [1, 2, 3, 4]);
    assert.deepEqual(p.ep.notifier.emails.map((e) => [e.to, e.fallback, e.body.notification_type]), [['ops@example.com', true, 'subscription.suspended.user']]);
  });

  it('does not retry another 4xx nor a 3xx', async () => {
    const { base } = await start((n) => (n === 0 ? 400 : 301), undefined, ['webhook', 'email']);
    await p.call('POST', `${base}/suspend`);
    await until(() => p.ep.notifier.failed === 1, 5000, 'the first notification to fail');
    await p.call('POST', `${base}/resume`);
    await p.ep.idle();
    assert.deepEqual(p.ep.notifier.attempts.map((a) => a.status), [400, 301]);
    assert.equal(p.ep.notifier.failed, 2);
    assert.ok(p.ep.notifier.emails.every((e) => !e.fallback), 'no fallback: email is a channel already');
    assert.equal(p.ep.notifier.emails.length, 2);
  });
});
