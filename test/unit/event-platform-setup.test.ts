import assert from 'node:assert/strict';
import { EventPlatformApi } from '../../src/akeneo/event-platform-api';
import { ensureEventPlatformSetup, SUBSCRIBED_EVENT_TYPES, type SetupTarget } from '../../src/event-platform/setup';
import { FAKE_CLIENT_ID, FAKE_PIM_TOKEN, type FakePlatform, type FakePlatformOptions, startFakeEventPlatform } from '../helpers/fake-event-platform';

const PRIMARY = 'primary-secret-0123456789';
const SECONDARY = 'secondary-secret-0123456789';
const NOTIFY = 'notification-secret-0123456789';
const WEBHOOK = 'https://sync.example.com/akeneo/event-platform';

const ENTITY_EVENTS = [
  'com.akeneo.pim.v1.product.created',
  'com.akeneo.pim.v1.product.updated',
  'com.akeneo.pim.v1.product.deleted',
  'com.akeneo.pim.v1.product-model.created',
  'com.akeneo.pim.v1.product-model.updated',
  'com.akeneo.pim.v1.product-model.deleted',
];
const STRUCTURE_EVENTS = ['category', 'attribute', 'attribute-option', 'attribute-group', 'family'].flatMap((e) =>
  ['created', 'updated', 'deleted'].map((v) => `com.akeneo.pim.v1.${e}.${v}`),
);
const EVENTS = [...ENTITY_EVENTS, ...STRUCTURE_EVENTS];

type Json = Record<string, unknown>;

describe('event-platform setup', () => {
  let fake: FakePlatform;
  let api: EventPlatformApi;
  let target: SetupTarget;

  async function start(options: FakePlatformOptions = {}): Promise<void> {
    fake = await startFakeEventPlatform(options);
    api = new EventPlatformApi({ baseUrl: fake.apiUrl, pimUrl: fake.url, clientId: FAKE_CLIENT_ID, accessToken: () => Promise.resolve(FAKE_PIM_TOKEN) });
    target = {
      pimUrl: fake.url,
      subscriberName: 'akeneo-sync',
      technicalEmail: 'ops@example.com',
      webhookUrl: WEBHOOK,
      secrets: { primary: PRIMARY, secondary: SECONDARY },
      notifications: { url: `${WEBHOOK}/notifications`, secret: NOTIFY },
    };
  }
  const mutations = () => fake.mutations().map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, ':id')}`);
  const bodyOf = (i: number) => JSON.parse(fake.mutations()[i].body) as Json;
  const onlySubscription = () => [...fake.subscriptions.values()][0];
  const onlySubscriber = () => [...fake.subscribers.values()][0];

  afterEach(() => fake?.close());

  it('subscribes to created, updated and deleted of products, product models and the structure with events, not to the deltas', () => {
    assert.deepEqual([...SUBSCRIBED_EVENT_TYPES].sort(), [...EVENTS].sort());
  });

  it('creates the subscriber and the https subscription on a PIM that has neither', async () => {
    await start();
    const report = await ensureEventPlatformSetup(api, target);
    assert.deepEqual(mutations(), ['POST /api/v1/subscribers', 'POST /api/v1/subscribers/:id/subscriptions']);
    assert.equal(report.subscriber.action, 'created');
    assert.equal(report.subscription.action, 'created');
    assert.deepEqual(onlySubscriber(), {
      id: report.subscriber.id,
      name: 'akeneo-sync',
      subject: fake.url,
      status: 'active',
      technical_email: 'ops@example.com',
      notification_channels: ['email', 'webhook'],
      notification_webhook_url: `${WEBHOOK}/notifications`,
      notification_webhook_secret: NOTIFY,
    });
    const { id: _id, ...subscription } = onlySubscription();
    assert.deepEqual(subscription, {
      subscriber_id: report.subscriber.id,
      status: 'active',
      source: 'pim',
      subject: fake.url,
      type: 'https',
      events: EVENTS,
      send_product_identifier: true,
      config: { url: WEBHOOK, secret: { primary: PRIMARY, secondary: SECONDARY } },
    });
  });

  it('changes nothing when run a second time: no mutating call at all', async () => {
    await start();
    const first = await ensureEventPlatformSetup(api, target);
    const before = fake.mutations().length;
    const second = await ensureEventPlatformSetup(api, target);
    assert.equal(fake.mutations().length, before);
    assert.deepEqual(second.subscriber, { ...first.subscriber, action: 'unchanged' });
    assert.deepEqual(second.subscription, { ...first.subscription, action: 'unchanged', status: 'active' });
  });

  it('is idempotent too when lists are wrapped and contact fields nested, as in Akeneo’s docs', async () => {
    await start({ listShape: 'items', subscriberShape: 'contact' });
    await ensureEventPlatformSetup(api, target);
    const before = fake.mutations().length;
    const again = await ensureEventPlatformSetup(api, target);
    assert.equal(fake.mutations().length, before);
    assert.equal(again.subscriber.action, 'unchanged');
  });

  it('PATCHes only the technical e-mail when only it differs', async () => {
    await start();
    await ensureEventPlatformSetup(api, target);
    const report = await ensureEventPlatformSetup(api, { ...target, technicalEmail: 'oncall@example.com' });
    assert.deepEqual(mutations().slice(2), ['PATCH /api/v1/subscribers/:id']);
    assert.deepEqual(bodyOf(2), { technical_email: 'oncall@example.com', contact: { technical_email: 'oncall@example.com' } });
    assert.deepEqual(report.subscriber.changed, ['technical_email']);
    assert.equal(report.subscription.action, 'unchanged');
  });

  it('PATCHes the subscription’s events and identifier option back when they were changed, never its secrets', async () => {
    await start();
    await ensureEventPlatformSetup(api, target);
    Object.assign(onlySubscription(), { events: EVENTS.slice(0, 2), send_product_identifier: false });
    const report = await ensureEventPlatformSetup(api, target);
    assert.deepEqual(mutations().slice(2), ['PATCH /api/v1/subscribers/:id/subscriptions/:id']);
    assert.deepEqual(bodyOf(2), { events: EVENTS, send_product_identifier: true });
    assert.deepEqual(report.subscription.changed, ['events', 'send_product_identifier']);
  });

  it('adds the structure event types to a subscription made before them (products and models only), keeping those', async () => {
    await start();
    await ensureEventPlatformSetup(api, target);
    Object.assign(onlySubscription(), { events: ENTITY_EVENTS });
    const report = await ensureEventPlatformSetup(api, target);
    assert.deepEqual(mutations().slice(2), ['PATCH /api/v1/subscribers/:id/subscriptions/:id']);
    assert.deepEqual(bodyOf(2), { events: EVENTS });
    assert.deepEqual(report.subscription.changed, ['events']);
    assert.deepEqual(onlySubscription().events, EVENTS);
    await ensureEventPlatformSetup(api, target);
    assert.equal(fake.mutations().length, 3, 'a third run changes nothing');
  });

  it('leaves alone what the platform does not show', async () => {
    await start();
    await ensureEventPlatformSetup(api, target);
    delete onlySubscriber().technical_email;
    delete onlySubscriber().notification_channels;
    delete onlySubscription().send_product_identifier;
    const report = await ensureEventPlatformSetup(api, target);
    assert.equal(fake.mutations().length, 2);
    assert.deepEqual([report.subscriber.action, report.subscription.action], ['unchanged', 'unchanged']);
  });

  it('sends the notification secret again only when asked', async () => {
    await start();
    await ensureEventPlatformSetup(api, target);
    await ensureEventPlatformSetup(api, { ...target, notifications: { url: `${WEBHOOK}/notifications`, secret: 'another-notification-secret' } });
    assert.equal(fake.mutations().length, 2, 'a secret that is never returned cannot show a difference');
    const report = await ensureEventPlatformSetup(api, { ...target, resendNotificationSecret: true });
    assert.deepEqual(report.subscriber.changed, ['notification_webhook_secret']);
    assert.deepEqual(bodyOf(2), { notification_webhook_secret: NOTIFY, contact: { notification_webhook_secret: NOTIFY } });
  });

  it('adds the notification webhook, with its secret, to a subscriber made without it', async () => {
    await start();
    await ensureEventPlatformSetup(api, { ...target, notifications: undefined });
    assert.equal(onlySubscriber().notification_webhook_url, undefined);
    const report = await ensureEventPlatformSetup(api, target);
    assert.deepEqual(report.subscriber.changed, ['notification_channels', 'notification_webhook_url', 'notification_webhook_secret']);
    assert.equal(onlySubscriber().notification_webhook_secret, NOTIFY);
    assert.deepEqual(onlySubscriber().notification_channels, ['email', 'webhook']);
  });

  it('leaves notification settings alone without a notification secret', async () => {
    await start();
    await ensureEventPlatformSetup(api, target);
    const report = await ensureEventPlatformSetup(api, { ...target, notifications: undefined });
    assert.equal(report.subscriber.action, 'unchanged');
    assert.equal(report.notificationWebhook, null);
  });

  it('creates a subscription for a new webhook URL and warns about the one left at the old URL', async () => {
    await start();
    await ensureEventPlatformSetup(api, target);
    const moved = 'https://new-host.example.com/akeneo/event-platform';
    const report = await ensureEventPlatformSetup(api, { ...target, webhookUrl: moved, notifications: { url: `${moved}/notifications`, secret: NOTIFY } });
    assert.equal(report.subscription.action, 'created');
    assert.deepEqual(report.subscriber.changed, ['notification_webhook_url'], 'the notification URL moved with it, its secret stays');
    assert.ok(report.warnings.some((w) => w.includes(WEBHOOK) && w.includes('leftover')), report.warnings.join('; '));
  });

  it('warns that a suspended subscription loses events, without resuming it', async () => {
    await start();
    await ensureEventPlatformSetup(api, target);
    onlySubscription().status = 'suspended';
    const report = await ensureEventPlatformSetup(api, target);
    assert.equal(fake.mutations().length, 2);
    assert.equal(report.subscription.status, 'suspended');
    assert.ok(report.warnings.some((w) => /suspended: events are lost/.test(w)));
  });

  it('ignores a deleted subscriber of the same name and a subscriber of another PIM', async () => {
    await start();
    fake.subscribers.set('old', { id: 'old', name: 'akeneo-sync', subject: fake.url, status: 'deleted', technical_email: 'ops@example.com' });
    fake.subscribers.set('other', { id: 'other', name: 'akeneo-sync', subject: 'https://other-pim.example.com', status: 'active', technical_email: 'ops@example.com' });
    const report = await ensureEventPlatformSetup(api, target);
    assert.equal(report.subscriber.action, 'created');
    assert.ok(!['old', 'other'].includes(report.subscriber.id));
  });

  it('matches the PIM URL with or without a trailing slash', async () => {
    await start();
    await ensureEventPlatformSetup(api, target);
    onlySubscriber().subject = `${fake.url}/`;
    const report = await ensureEventPlatformSetup(api, target);
    assert.equal(report.subscriber.action, 'unchanged');
  });
});
