import assert from 'node:assert/strict';
import { REDACTED } from '../../src/sim';
import { CREDS, NOTIFY_SECRET, OTHER, PIM_URL, platform, PRIMARY, SECONDARY, tokenOf, type Platform } from './sim-event-platform-helpers';

const HOOK = 'https://connector.example.com/akeneo/events';
const subscriptionBody = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  source: 'pim',
  subject: PIM_URL,
  events: ['com.akeneo.pim.v1.product.updated'],
  type: 'https',
  config: { url: HOOK, secret: { primary: PRIMARY } },
  ...extra,
});

describe('sim Event Platform management API', () => {
  let p: Platform;
  beforeEach(async () => {
    p = await platform();
  });
  afterEach(() => p.close());

  it('refuses calls without the three headers, with an unknown PIM, a bad token or another connection’s client id', async () => {
    const otherToken = await tokenOf(p.pim, OTHER);
    const cases: Array<Record<string, string>> = [
      { 'X-PIM-TOKEN': '' },
      { 'X-PIM-URL': 'https://another-pim.cloud.akeneo.com' },
      { 'X-PIM-TOKEN': 'not-a-token' },
      { 'X-PIM-CLIENT-ID': OTHER.clientId },
      { 'X-PIM-TOKEN': otherToken },
    ];
    for (const headers of cases) {
      const res = await p.call('GET', '/subscribers', undefined, headers);
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.equal(typeof res.body.errors?.[0]?.message, 'string');
    }
    assert.equal((await p.call('GET', '/subscribers', undefined, { 'X-PIM-URL': `${PIM_URL}/` })).status, 200, 'a trailing slash names the same PIM');
    p.pim.expireAllTokens();
    assert.equal((await p.call('GET', '/subscribers')).status, 401, 'an expired PIM token is refused');
  });

  it('creates, reads, updates and deletes a subscriber; the notification secret is never returned', async () => {
    const created = await p.call('POST', '/subscribers', { name: 'sync', contact: { technical_email: 'ops@example.com' } });
    assert.equal(created.status, 201);
    const id = created.body.id;
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(
      { ...created.body, created_at: undefined, updated_at: undefined },
      {
        ...{ id, name: 'sync', subject: PIM_URL, client_id: CREDS.clientId, status: 'active', created_at: undefined, updated_at: undefined },
        ...{ contact: { technical_email: 'ops@example.com', notification_channels: ['email'] }, technical_email: 'ops@example.com', notification_channels: ['email'] },
      },
    );
    const flat = await p.call('POST', '/subscribers', { name: 'flat', technical_email: 'flat@example.com' });
    assert.equal(flat.status, 201, 'the flat form of concepts.html is read too');
    const patch = { contact: { notification_channels: ['webhook'], notification_webhook_url: 'https://hooks.example.com/n', notification_webhook_secret: NOTIFY_SECRET } };
    const patched = await p.call('PATCH', `/subscribers/${id}`, patch);
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body.contact, { technical_email: 'ops@example.com', notification_channels: ['webhook'], notification_webhook_url: 'https://hooks.example.com/n' });
    assert.ok(!JSON.stringify(patched.body).includes(NOTIFY_SECRET));
    const cleared = await p.call('PATCH', `/subscribers/${id}`, { contact: { notification_channels: [] } });
    assert.deepEqual(cleared.body.notification_channels, ['email'], '[] reverts to the default');
    const list = await p.list('/subscribers');
    assert.deepEqual(list.body.map((s) => s.id).sort(), [id, flat.body.id].sort());
    const deleted = await p.call('DELETE', `/subscribers/${id}`);
    assert.deepEqual([deleted.status, deleted.body.status], [200, 'deleted']);
    assert.equal((await p.call('GET', `/subscribers/${id}`)).status, 404);
    assert.deepEqual((await p.list('/subscribers')).body.map((s) => s.id), [flat.body.id]);
  });

  it('validates subscribers: name, email, webhook URL and secret', async () => {
    const bad = [
      { contact: { technical_email: 'ops@example.com' } },
      { name: 'x', contact: { technical_email: 'not-an-email' } },
      { name: 'x', contact: { technical_email: 'ops@example.com', notification_channels: ['webhook'] } },
      { name: 'x', contact: { technical_email: 'ops@example.com', notification_webhook_url: 'http://hooks.example.com', notification_webhook_secret: NOTIFY_SECRET } },
      { name: 'x', contact: { technical_email: 'ops@example.com', notification_channels: ['webhook'], notification_webhook_url: 'https://h.example.com', notification_webhook_secret: 'short' } },
      { name: 'x', contact: { technical_email: 'ops@example.com', notification_channels: ['sms'] } },
    ];
    for (const body of bad) assert.equal((await p.call('POST', '/subscribers', body)).status, 400, JSON.stringify(body));
    assert.equal(p.ep.stateChanges, 0);
  });

  it('keeps another connection out of a subscriber (403) and caps subscribers per PIM at 20 (409)', async () => {
    const { subscriberId } = await p.subscribe(HOOK);
    const otherToken = await tokenOf(p.pim, OTHER);
    const asOther = { 'X-PIM-TOKEN': otherToken, 'X-PIM-CLIENT-ID': OTHER.clientId };
    assert.equal((await p.call('GET', `/subscribers/${subscriberId}`, undefined, asOther)).status, 403);
    assert.deepEqual((await p.call('GET', '/subscribers', undefined, asOther)).body, []);
    for (let i = 1; i < 20; i++) assert.equal((await p.call('POST', '/subscribers', { name: `s${i}`, contact: { technical_email: 'a@b.co' } })).status, 201);
    const over = await p.call('POST', '/subscribers', { name: 'one too many', contact: { technical_email: 'a@b.co' } }, asOther);
    assert.equal(over.status, 409, 'the limit is per PIM, across connections');
  });

  it('creates subscriptions with redacted secrets and header values, lists, patches, suspends, resumes and deletes them', async () => {
    const { subscriberId } = await p.subscribe(HOOK);
    const base = `/subscribers/${subscriberId}/subscriptions`;
    const created = await p.call('POST', base, subscriptionBody({ config: { url: HOOK, secret: { primary: PRIMARY, secondary: SECONDARY }, headers: { 'X-Api-Key': 'k-123' } } }));
    assert.equal(created.status, 201);
    const id = created.body.id;
    assert.deepEqual(created.body.config, { url: HOOK, secret: { primary: REDACTED, secondary: REDACTED }, headers: { 'X-Api-Key': REDACTED } });
    assert.deepEqual([created.body.subject, created.body.subscriber_id, created.body.status, created.body.send_product_identifier], [PIM_URL, subscriberId, 'active', false]);
    assert.ok(!JSON.stringify(created.body).includes(PRIMARY));
    const list = await p.list(base);
    assert.deepEqual([list.status, list.body.length], [200, 2]);
    const patched = await p.call('PATCH', `${base}/${id}`, { events: ['com.akeneo.pim.v1.product.deleted'], send_product_identifier: true });
    assert.deepEqual([patched.status, patched.body.events, patched.body.send_product_identifier], [200, ['com.akeneo.pim.v1.product.deleted'], true]);
    assert.deepEqual(patched.body.config?.secret, { primary: REDACTED, secondary: REDACTED }, 'a PATCH without config keeps the secrets');
    const suspended = await p.call('POST', `${base}/${id}/suspend`);
    assert.deepEqual([suspended.status, suspended.body.status], [202, 'suspended']);
    assert.deepEqual([(await p.call('POST', `${base}/${id}/suspend`)).status, (await p.call('GET', `${base}/${id}`)).body.status], [202, 'suspended']);
    const resumed = await p.call('POST', `${base}/${id}/resume`);
    assert.deepEqual([resumed.status, resumed.body.status], [202, 'active']);
    const deleted = await p.call('DELETE', `${base}/${id}`);
    assert.deepEqual([deleted.status, deleted.body.status], [200, 'deleted']);
    assert.equal((await p.list(base)).body.length, 1, 'deleted subscriptions are not listed');
    for (const [method, path] of [['POST', `${base}/${id}/resume`], ['POST', `${base}/${id}/suspend`], ['PATCH', `${base}/${id}`], ['DELETE', `${base}/${id}`]]) {
      const res = await p.call(method, path, method === 'PATCH' ? { send_product_identifier: false } : undefined);
      assert.deepEqual([res.status, res.body.errors?.[0]?.message], [409, 'Subscription is deleted'], `${method} ${path}`);
    }
  });

  it('validates subscriptions as documented', async () => {
    const { subscriberId } = await p.subscribe(HOOK);
    const base = `/subscribers/${subscriberId}/subscriptions`;
    const bad: Array<Record<string, unknown>> = [
      { source: 'erp' },
      { events: [] },
      { events: ['com.akeneo.pim.v1.product.exploded'] },
      { type: 'ftp' },
      { config: { url: 'http://connector.example.com/hook', secret: { primary: PRIMARY } } },
      { config: { url: HOOK, secret: { primary: 'too-short' } } },
      { config: { url: HOOK, secret: { primary: 'x'.repeat(257) } } },
      { config: { url: HOOK, secret: { primary: PRIMARY, secondary: 'short' } } },
      { config: { url: HOOK } },
      { config: { url: HOOK, secret: { primary: PRIMARY }, headers: { Authorization: 'Bearer x' } } },
      { config: { url: HOOK, secret: { primary: PRIMARY }, headers: { 'X-AKENEO-SIGNATURE-EXTRA': 'x' } } },
      { config: { url: HOOK, secret: { primary: PRIMARY }, headers: Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`X-H${i}`, 'v'])) } },
      { filter: 'user=system' },
      { filter: `user_type="api"${' or user_type="job"'.repeat(11)}` },
      { filter: 'colour="red"' },
      { send_product_identifier: 'yes' },
    ];
    for (const extra of bad) assert.equal((await p.call('POST', base, subscriptionBody(extra))).status, 400, JSON.stringify(extra));
    const ok = await p.call('POST', base, subscriptionBody({ filter: 'not user_type="api" and attribute in ["name", "price"]', config: { url: HOOK, secret: { primary: PRIMARY, secondary: '' } } }));
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.deepEqual(ok.body.config?.secret, { primary: REDACTED }, 'an empty secondary secret is no secondary secret');
    for (let i = 2; i < 20; i++) assert.equal((await p.call('POST', base, subscriptionBody())).status, 201);
    assert.equal((await p.call('POST', base, subscriptionBody())).status, 409, 'at most 20 subscriptions per subscriber');
    assert.equal((await p.call('GET', `${base}/00000000-0000-7000-8000-000000000000`)).status, 404);
    assert.equal((await p.call('GET', '/subscribers/nope/subscriptions')).status, 404);
  });

  it('counts mutating calls and state changes, so that a second identical setup shows none; reads change nothing', async () => {
    const { subscriberId, subscriptionId } = await p.subscribe(HOOK);
    const [calls, changes] = [p.ep.mutatingCalls, p.ep.stateChanges];
    assert.deepEqual([calls, changes], [2, 2]);
    for (let i = 0; i < 2; i++) {
      assert.equal((await p.list('/subscribers')).body.length, 1);
      assert.equal((await p.list(`/subscribers/${subscriberId}/subscriptions`)).body.length, 1);
      assert.equal((await p.call('GET', `/subscribers/${subscriberId}/subscriptions/${subscriptionId}`)).status, 200);
    }
    const same = await p.call('PATCH', `/subscribers/${subscriberId}/subscriptions/${subscriptionId}`, { send_product_identifier: false });
    assert.equal(same.status, 200);
    assert.deepEqual([p.ep.mutatingCalls, p.ep.stateChanges], [calls + 1, changes], 'a PATCH to the same values is a call, not a change');
  });

  it('answers 404 off the API, 405 to a wrong method and 400 to malformed JSON', async () => {
    const res = await fetch(`${p.ep.url}/api/v1/subscribers`, {
      method: 'POST',
      headers: { 'X-PIM-URL': PIM_URL, 'X-PIM-TOKEN': p.token, 'X-PIM-CLIENT-ID': CREDS.clientId },
      body: '{"name":',
    });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { errors: [{ message: 'the request body is not valid JSON' }] });
    assert.equal((await p.call('PUT', '/subscribers')).status, 405);
    assert.equal((await p.call('GET', '/subscriptions')).status, 404);
    assert.equal((await fetch(`${p.ep.url}/health`)).status, 404);
  });
});
