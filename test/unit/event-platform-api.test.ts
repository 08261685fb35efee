import assert from 'node:assert/strict';
import pino, { type Logger } from 'pino';
import { EventPlatformApi, EventPlatformHttpError, EventPlatformNetworkError } from '../../src/akeneo/event-platform-api';
import { AkeneoRestClient } from '../../src/akeneo/rest-client';
import { FAKE_CLIENT_ID, FAKE_PIM_TOKEN, type FakePlatform, type FakePlatformOptions, startFakeEventPlatform } from '../helpers/fake-event-platform';
import { startTinyServer } from '../helpers/tiny-server';

const PRIMARY = 'primary-secret-0123456789';
const NOTIFY = 'notification-secret-0123456789';

function apiFor(fake: FakePlatform, logger?: Logger): EventPlatformApi {
  return new EventPlatformApi({
    baseUrl: `${fake.apiUrl}/`,
    pimUrl: fake.url,
    clientId: FAKE_CLIENT_ID,
    accessToken: () => Promise.resolve(FAKE_PIM_TOKEN),
    ...(logger && { logger }),
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  assert.fail('expected a rejection');
}

describe('EventPlatformApi', () => {
  let fake: FakePlatform;
  const start = async (options: FakePlatformOptions = {}) => (fake = await startFakeEventPlatform(options));
  afterEach(() => fake?.close());

  it("sends the connection's PIM URL, access token and client id with every call", async () => {
    await start();
    const pim = new AkeneoRestClient({ baseUrl: fake.url, clientId: FAKE_CLIENT_ID, clientSecret: 'cs', username: 'u', password: 'p' });
    const api = new EventPlatformApi({ baseUrl: fake.apiUrl, pimUrl: fake.url, clientId: FAKE_CLIENT_ID, accessToken: () => pim.accessToken() });
    const created = await api.createSubscriber({ name: 'akeneo-sync', technicalEmail: 'ops@example.com' });
    assert.deepEqual(await api.listSubscribers(), [{ ...created }]);
    const calls = fake.requests.filter((r) => r.path.startsWith('/api/v1'));
    assert.equal(calls.length, 2);
    for (const call of calls) {
      assert.equal(call.headers['x-pim-url'], fake.url);
      assert.equal(call.headers['x-pim-token'], FAKE_PIM_TOKEN);
      assert.equal(call.headers['x-pim-client-id'], FAKE_CLIENT_ID);
    }
    assert.equal(calls[0].headers['content-type'], 'application/json');
  });

  it('writes the contact fields at the top level and under contact, as Akeneo documents them', async () => {
    await start();
    await apiFor(fake).createSubscriber({ name: 'n', technicalEmail: 'ops@example.com', notificationWebhookUrl: 'https://x/n', notificationWebhookSecret: NOTIFY });
    const body = JSON.parse(fake.mutations()[0].body) as Record<string, unknown>;
    const contact = { technical_email: 'ops@example.com', notification_webhook_url: 'https://x/n', notification_webhook_secret: NOTIFY };
    assert.deepEqual(body, { name: 'n', ...contact, contact });
  });

  for (const listShape of ['array', 'items', 'data'] as const) {
    it(`reads a list answered as ${listShape === 'array' ? 'an array' : `{${listShape}: [...]}`}, and contact fields under contact`, async () => {
      await start({ listShape, subscriberShape: 'contact' });
      const api = apiFor(fake);
      const s = await api.createSubscriber({ name: 'n', technicalEmail: 'ops@example.com', notificationWebhookUrl: 'https://x/n', notificationWebhookSecret: NOTIFY });
      await api.createSubscription(s.id, { type: 'https', events: ['e'], config: { url: 'https://x/w', secret: { primary: PRIMARY } } });
      const [listed] = await api.listSubscribers();
      assert.equal(listed.technicalEmail, 'ops@example.com');
      assert.equal(listed.notificationWebhookUrl, 'https://x/n');
      const [sub] = await api.listSubscriptions(s.id);
      assert.deepEqual({ url: sub.url, events: sub.events, type: sub.type, status: sub.status }, { url: 'https://x/w', events: ['e'], type: 'https', status: 'active' });
    });
  }

  it("reports a 401 with the platform's message and what to check", async () => {
    await start();
    const api = new EventPlatformApi({ baseUrl: fake.apiUrl, pimUrl: fake.url, clientId: 'someone-else', accessToken: () => Promise.resolve(FAKE_PIM_TOKEN) });
    const err = await rejection(api.listSubscribers());
    assert.ok(err instanceof EventPlatformHttpError);
    assert.equal(err.status, 401);
    assert.match(err.message, /^Event Platform answered 401 to GET \/subscribers: Tenant context not found or invalid credentials; .*AKENEO_CLIENT_ID/);
  });

  it('keeps secrets and the token out of error messages, even when the platform echoes them', async () => {
    await start({ intercept: (req) => ({ status: 400, body: { errors: [{ message: `invalid body ${req.body} for ${String(req.headers['x-pim-token'])}` }] } }) });
    const err = await rejection(
      apiFor(fake).createSubscription('s1', { type: 'https', events: ['e'], config: { url: 'https://x/w', secret: { primary: PRIMARY, secondary: NOTIFY } } }),
    );
    assert.match(err.message, /^Event Platform answered 400 to POST \/subscribers\/s1\/subscriptions: invalid body/);
    for (const secret of [PRIMARY, NOTIFY, FAKE_PIM_TOKEN]) assert.ok(!err.message.includes(secret), `message leaks ${secret}`);
    assert.match(err.message, /\[redacted\]/);
  });

  it('logs method, path and status only', async () => {
    await start();
    const logged: string[] = [];
    const logger = pino({ level: 'debug', base: undefined, timestamp: false }, { write: (line: string) => void logged.push(line) });
    await apiFor(fake, logger).createSubscriber({ name: 'n', technicalEmail: 'ops@example.com', notificationWebhookSecret: NOTIFY });
    assert.equal(logged.length, 1);
    assert.deepEqual(JSON.parse(logged[0]), { level: 20, method: 'POST', path: '/subscribers', status: 201, msg: 'Event Platform call' });
  });

  it('turns an unreachable platform into one network error', async () => {
    const closed = await startTinyServer(() => undefined);
    await closed.close();
    const api = new EventPlatformApi({ baseUrl: closed.url, pimUrl: 'https://pim', clientId: 'c', accessToken: () => Promise.resolve('t') });
    const err = await rejection(api.listSubscribers());
    assert.ok(err instanceof EventPlatformNetworkError);
    assert.match(err.message, /^Event Platform GET \/subscribers failed \(ECONNREFUSED\)$/);
  });

  it('refuses a list answer that is not a list', async () => {
    await start({ intercept: () => ({ status: 200, body: { subscribers: 'none' } }) });
    const err = await rejection(apiFor(fake).listSubscribers());
    assert.ok(err instanceof EventPlatformNetworkError);
  });
});
