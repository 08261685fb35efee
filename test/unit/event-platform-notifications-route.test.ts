import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { MAX_REASON_LENGTH } from '../../src/akeneo/event-platform-notification-schema';
import { signEventPlatform } from '../../src/akeneo/signature';
import { createApp } from '../../src/api/app';
import { IntakeUnavailableError, type NotificationIntake } from '../../src/api/ports';
import type { SubscriptionNotification } from '../../src/domain/subscription-notification';
import { MetricName } from '../../src/metrics/names';
import { parsePromText, sumSamples } from '../../src/metrics/prom-text';

const SECRET = 'notification-secret-of-16+-chars';
const NOW_MS = Date.parse('2026-04-29T12:35:00Z');
const SUBSCRIPTION = '018e1ec5-29da-78ad-aae6-92065b9ca2a6';
const PATH = '/akeneo/event-platform/notifications';

/** The documented example payload (notification-webhooks.html), with `overrides`. */
function notification(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    notification_type: 'subscription.suspended.system',
    timestamp: '2026-04-29T12:34:56Z',
    subscription_id: SUBSCRIPTION,
    subscriber_id: '018e1ec5-29da-78ad-aae6-92065b9ca2a5',
    destination: 'https://my-app.example.com/webhook',
    events: ['com.akeneo.pim.v1.product.created', 'com.akeneo.pim.v1.product.updated'],
    reason: 'Success rate dropped below 90%',
    subject: 'https://example.cloud.akeneo.com/',
    ...overrides,
  });
}

class FakeNotifications implements NotificationIntake {
  readonly received: SubscriptionNotification[] = [];
  failure?: Error;
  submit(n: SubscriptionNotification): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.received.push(n);
    return Promise.resolve();
  }
}

interface Reply {
  status: number;
  body: { accepted?: boolean; ignored?: string; error?: { code: string; message: string } };
}

describe('POST /akeneo/event-platform/notifications', () => {
  let notifications: FakeNotifications;
  let server: http.Server;
  let base: string;

  /** Serves a fresh app; `maxEventAgeMs` is `EVENT_PLATFORM_MAX_EVENT_AGE` (default 6 h). */
  async function serve(secret: string | undefined, maxEventAgeMs?: number): Promise<void> {
    notifications = new FakeNotifications();
    const app = createApp({
      config: { eventPlatformNotificationSecret: secret, reconcileSafetyMarginMs: 120_000, ...(maxEventAgeMs && { eventPlatformMaxEventAgeMs: maxEventAgeMs }) },
      intake: { submit: () => Promise.resolve() },
      notifications,
      history: { read: () => Promise.resolve(undefined) },
      readiness: () => Promise.resolve(true),
      logger: pino({ level: 'silent' }),
      now: () => NOW_MS,
    });
    const handle = app.callback();
    server = http.createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeEach(() => serve(SECRET));
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function post(body: string, headers: Record<string, string> = { 'x-akeneo-signature-primary': signEventPlatform(SECRET, body) }): Promise<Reply> {
    const res = await fetch(`${base}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, body: (await res.json()) as Reply['body'] };
  }

  function assertRejected(reply: Reply, status: number, code: string): void {
    assert.equal(reply.status, status);
    assert.equal(reply.body.error?.code, code);
    assert.deepEqual(notifications.received, []);
  }

  it('hands a signed suspension to Temporal and answers 200, with the timestamp in UTC and the safety margin', async () => {
    const reply = await post(notification({ timestamp: '2026-04-29T14:34:56+02:00' }));
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { accepted: true });
    assert.deepEqual(notifications.received, [
      {
        type: 'subscription.suspended.system',
        timestamp: '2026-04-29T12:34:56.000Z',
        subscriptionId: SUBSCRIPTION,
        subscriberId: '018e1ec5-29da-78ad-aae6-92065b9ca2a5',
        reason: 'Success rate dropped below 90%',
        destination: 'https://my-app.example.com/webhook',
        receivedAt: new Date(NOW_MS).toISOString(),
        safetyMarginMs: 120_000,
      },
    ]);
  });

  it('accepts each of the four documented types', async () => {
    const types = ['subscription.suspended.system', 'subscription.suspended.user', 'subscription.revoked', 'subscription.resumed'];
    for (const type of types) assert.equal((await post(notification({ notification_type: type }))).status, 200, type);
    assert.deepEqual(notifications.received.map((n) => n.type), types);
  });

  it('needs only notification_type, timestamp and subscription_id, and tolerates extra fields', async () => {
    const body = JSON.stringify({ notification_type: 'subscription.resumed', timestamp: '2026-04-29T12:34:56Z', subscription_id: SUBSCRIPTION, tenant: 'x', reason: null });
    assert.equal((await post(body)).status, 200);
    assert.deepEqual(Object.keys(notifications.received[0]).sort(), ['receivedAt', 'safetyMarginMs', 'subscriptionId', 'timestamp', 'type']);
  });

  it('truncates a long reason', async () => {
    await post(notification({ reason: 'r'.repeat(5000) }));
    assert.equal(notifications.received[0].reason?.length, MAX_REASON_LENGTH);
  });

  it('answers 200 to an unknown notification_type and ignores it (a 4xx would lose it)', async () => {
    const reply = await post(JSON.stringify({ notification_type: 'subscription.deleted', whatever: true }));
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { accepted: false, ignored: 'subscription.deleted' });
    assert.deepEqual(notifications.received, []);
  });

  it('rejects a wrong signature, a missing one, or one in the secondary header only, with 401', async () => {
    const body = notification();
    assertRejected(await post(body, { 'x-akeneo-signature-primary': signEventPlatform('not-the-secret', body) }), 401, 'bad_signature');
    assertRejected(await post(body, {}), 401, 'bad_signature');
    assertRejected(await post(body, { 'x-akeneo-signature-secondary': signEventPlatform(SECRET, body) }), 401, 'bad_signature');
  });

  it('verifies the raw bytes: the same JSON re-serialized with other spacing does not match', async () => {
    const body = notification();
    const spaced = JSON.stringify(JSON.parse(body), null, 2);
    assertRejected(await post(spaced, { 'x-akeneo-signature-primary': signEventPlatform(SECRET, body) }), 401, 'bad_signature');
    assert.equal((await post(spaced)).status, 200);
  });

  for (const [name, body] of [
    ['invalid JSON', '{"notification_type":'],
    ['a missing subscription_id', notification({ subscription_id: undefined })],
    ['a subscription_id that is not an id', notification({ subscription_id: '../../etc' })],
    ['a timestamp that is not RFC 3339', notification({ timestamp: '29/04/2026 12:34' })],
    ['a timestamp more than an hour ahead', notification({ timestamp: '2026-04-29T14:00:00Z' })],
    ['events that are not strings', notification({ events: [1, 2] })],
  ] as const) {
    it(`answers 400 to ${name}`, async () => {
      const reply = await post(body);
      assert.equal(reply.status, 400);
      assert.match(reply.body.error?.code ?? '', /^invalid_(json|payload)$/);
      assert.deepEqual(notifications.received, []);
    });
  }

  const HOUR = 3_600_000;
  const dated = (agoMs: number) => notification({ timestamp: new Date(NOW_MS - agoMs).toISOString() });
  const staleCount = async () =>
    sumSamples(parsePromText(await (await fetch(`${base}/metrics`)).text()), MetricName.EVENTS_RECEIVED, { route: 'event-platform-notifications', outcome: 'stale' });

  it('refuses a signed notification dated more than 6 h ago (a replayed capture) with 400 stale_event, hands nothing over, and counts it stale', async () => {
    const reply = await post(notification({ notification_type: 'subscription.resumed', timestamp: new Date(NOW_MS - 6 * HOUR - 1000).toISOString() }));
    assertRejected(reply, 400, 'stale_event');
    assert.match(reply.body.error!.message, /more than 6 h ago \(EVENT_PLATFORM_MAX_EVENT_AGE\)/);
    assert.equal(await staleCount(), 1);
    assert.equal((await post(dated(6 * HOUR - 1000))).status, 200);
    assert.equal(notifications.received.length, 1);
  });

  it('refuses notifications by EVENT_PLATFORM_MAX_EVENT_AGE when it is set, and checks the signature first', async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await serve(SECRET, HOUR);
    const old = dated(HOUR + 1000);
    assertRejected(await post(old, { 'x-akeneo-signature-primary': signEventPlatform('another-secret-of-16+-chars', old) }), 401, 'bad_signature');
    const reply = await post(old);
    assertRejected(reply, 400, 'stale_event');
    assert.match(reply.body.error!.message, /more than 1 h ago/);
    assert.equal((await post(dated(HOUR - 1000))).status, 200);
  });

  it('answers 503 temporal_unavailable when Temporal does not take it, so the platform retries', async () => {
    notifications.failure = new IntakeUnavailableError('down');
    const reply = await post(notification());
    assert.equal(reply.status, 503);
    assert.equal(reply.body.error?.code, 'temporal_unavailable');
  });

  it('answers 503 not_configured, after checking nothing, when its secret is not set', async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await serve(undefined);
    const reply = await post(notification());
    assertRejected(reply, 503, 'not_configured');
    assert.match(reply.body.error?.message ?? '', /AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET/);
  });

  it('counts notifications by type and outcome on the event-platform-notifications route', async () => {
    await post(notification());
    await post(notification({ notification_type: 'subscription.paused' }));
    await post(notification(), {});
    const samples = parsePromText(await (await fetch(`${base}/metrics`)).text());
    const count = (labels: Record<string, string>) => sumSamples(samples, MetricName.EVENTS_RECEIVED, { route: 'event-platform-notifications', ...labels });
    assert.equal(count({ type: 'subscription.suspended.system', outcome: 'accepted' }), 1);
    assert.equal(count({ type: 'subscription.paused', outcome: 'ignored' }), 1);
    assert.equal(count({ outcome: 'rejected' }), 1);
  });
});
