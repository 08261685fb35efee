import assert from 'node:assert/strict';
import { FAKE_CLIENT_ID, type FakePlatform, startFakeEventPlatform } from '../helpers/fake-event-platform';
import { runEventPlatformCli } from '../helpers/event-platform-cli';
import { startWebhookApi, type WebhookApi } from '../helpers/webhook-api';

const PRIMARY = 'primary-secret-0123456789';
const OLD = 'old-secret-0123456789abcdef';
const NOTIFY = 'notification-secret-0123456789';

type Env = Record<string, string | undefined>;

/** Runs the CLI with `env` as its environment; Temporal is off limits. */
const run = runEventPlatformCli;

function assertOneLineError(r: Awaited<ReturnType<typeof run>>, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, `exit code; stderr: ${r.err}`);
  assert.equal(r.out, '');
  assert.match(r.err, /^[^\n]+\n$/, `expected exactly one line on stderr, got ${JSON.stringify(r.err)}`);
  assert.match(r.err, pattern);
}

describe('ops CLI: event-platform', () => {
  let fake: FakePlatform;
  let env: Env;

  beforeEach(async () => {
    fake = await startFakeEventPlatform();
    env = {
      AKENEO_BASE_URL: fake.url,
      AKENEO_CLIENT_ID: FAKE_CLIENT_ID,
      AKENEO_CLIENT_SECRET: 'client-secret',
      AKENEO_USERNAME: 'connection_user',
      AKENEO_PASSWORD: 'connection-password',
      EVENT_PLATFORM_API_URL: fake.apiUrl,
      EVENT_PLATFORM_TECHNICAL_EMAIL: 'ops@example.com',
      PUBLIC_URL: 'https://sync.example.com/',
      AKENEO_EVENT_PLATFORM_SECRET: PRIMARY,
      AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET: NOTIFY,
    };
  });
  afterEach(() => fake.close());

  it('setup creates the subscriber and subscription, and a second run changes nothing', async () => {
    const first = await run(env, 'event-platform', 'setup');
    assert.equal(first.code, 0, first.err);
    const report = JSON.parse(first.out) as { subscriber: { action: string }; subscription: { action: string; url: string }; notificationWebhook: string };
    assert.equal(report.subscriber.action, 'created');
    assert.equal(report.subscription.action, 'created');
    assert.equal(report.subscription.url, 'https://sync.example.com/akeneo/event-platform');
    assert.equal(report.notificationWebhook, 'https://sync.example.com/akeneo/event-platform/notifications');
    const mutations = fake.mutations().length;

    const second = await run(env, 'event-platform', 'setup');
    assert.equal(second.code, 0, second.err);
    assert.equal(fake.mutations().length, mutations, 'the second run made a mutating call');
    assert.match(second.out, /"action": "unchanged"[\s\S]*"action": "unchanged"/);
    assert.ok(!first.out.includes(PRIMARY) && !first.out.includes(NOTIFY), 'the output shows a secret');
  });

  it('setup takes the webhook URL from --url, http allowed only for the local simulator', async () => {
    const r = await run({ ...env, PUBLIC_URL: undefined }, 'event-platform', 'setup', '--url', 'http://127.0.0.1:8080/akeneo/event-platform');
    assert.equal(r.code, 0, r.err);
    assert.equal([...fake.subscriptions.values()][0].config && ([...fake.subscriptions.values()][0].config as { url: string }).url, 'http://127.0.0.1:8080/akeneo/event-platform');
    assertOneLineError(await run(env, 'event-platform', 'setup', '--url', 'http://sync.example.com/hook'), 2, /--url must be an https URL/);
    assertOneLineError(await run({ ...env, PUBLIC_URL: undefined }, 'event-platform', 'setup'), 2, /no webhook URL: pass --url .* or set PUBLIC_URL/);
    assert.equal(fake.mutations().length, 2);
  });

  it('names every missing key on one line, exit 2, before calling anything', async () => {
    const bare = { EVENT_PLATFORM_API_URL: fake.apiUrl };
    const r = await run(bare, 'event-platform', 'setup');
    assertOneLineError(r, 2, /AKENEO_BASE_URL: missing.*AKENEO_PASSWORD: missing/);
    for (const key of ['AKENEO_CLIENT_ID', 'AKENEO_CLIENT_SECRET', 'AKENEO_USERNAME', 'EVENT_PLATFORM_TECHNICAL_EMAIL', 'AKENEO_EVENT_PLATFORM_SECRET']) {
      assert.ok(r.err.includes(key), `${key} not named in ${r.err}`);
    }
    assert.equal(fake.requests.length, 0);
  });

  it('rejects a secret outside 16–256 characters and a non-https PUBLIC_URL without echoing values', async () => {
    const r = await run({ ...env, AKENEO_EVENT_PLATFORM_SECRET: 'too-short', PUBLIC_URL: 'http://sync.example.com' }, 'event-platform', 'setup');
    assertOneLineError(r, 2, /AKENEO_EVENT_PLATFORM_SECRET: must be 16 to 256 characters.*PUBLIC_URL: must be an https URL|PUBLIC_URL.*AKENEO_EVENT_PLATFORM_SECRET/);
    assert.ok(!r.err.includes('too-short') && !r.err.includes('sync.example.com'));
  });

  it('other commands need none of these keys, even when they are bad', async () => {
    const r = await run({ PUBLIC_URL: 'not a url', AKENEO_EVENT_PLATFORM_SECRET: 'x' }, 'resync', 'not-a-uuid');
    assertOneLineError(r, 2, /not a product uuid/);
  });

  it("reports the platform's refusal on one line, exit 1", async () => {
    const r = await run({ ...env, AKENEO_CLIENT_ID: 'another-connection' }, 'event-platform', 'status');
    assertOneLineError(r, 1, /^Event Platform answered 401 to GET \/subscribers: Tenant context not found or invalid credentials/);
  });

  it('status shows subscribers and subscriptions as a table, or JSON', async () => {
    assert.match((await run(env, 'event-platform', 'status')).out, /^no subscriber for this PIM and connection: run "event-platform setup"\n$/);
    await run(env, 'event-platform', 'setup');
    [...fake.subscriptions.values()][0].status = 'suspended';
    const table = await run(env, 'event-platform', 'status');
    assert.equal(table.code, 0, table.err);
    const lines = table.out.trimEnd().split('\n');
    assert.match(lines[0], /^SUBSCRIBER\s+ID\s+STATUS\s+NOTIFIES$/);
    assert.match(lines[1], /^akeneo-sync\s+\S+\s+active\s+ops@example\.com, webhook https:\/\/sync\.example\.com\/akeneo\/event-platform\/notifications$/);
    assert.match(lines[2], /^ {2}SUBSCRIPTION\s+STATUS\s+TYPE\s+URL\s+SKU\s+EVENTS$/);
    assert.match(lines[3], /^ {2}\S+\s+suspended\s+https\s+https:\/\/sync\.example\.com\/akeneo\/event-platform\s+yes\s+product\.created,product\.updated,/);

    const json = JSON.parse((await run(env, 'event-platform', 'status', '--json')).out) as { subscribers: { name: string; subscriptions: { status: string; events: string[] }[] }[] };
    assert.equal(json.subscribers[0].name, 'akeneo-sync');
    assert.equal(json.subscribers[0].subscriptions[0].status, 'suspended');
    assert.equal(json.subscribers[0].subscriptions[0].events.length, 21);
  });

  describe('rotate-secret', () => {
    let webhook: WebhookApi;
    beforeEach(async () => {
      webhook = await startWebhookApi({ primary: OLD });
      env = { ...env, PUBLIC_URL: undefined, AKENEO_EVENT_PLATFORM_SECRET: OLD };
      assert.equal((await run(env, 'event-platform', 'setup', '--url', webhook.webhookUrl)).code, 0);
    });
    afterEach(() => webhook.close());

    it('prints the steps when no step is named', async () => {
      const r = await run({}, 'event-platform', 'rotate-secret');
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /1\. In the API's environment .*\n.*rotate-secret start[\s\S]*rotate-secret finish[\s\S]*remove AKENEO_EVENT_PLATFORM_SECRET_SECONDARY/);
    });

    it('start needs the old secret as the secondary', async () => {
      const r = await run({ ...env, AKENEO_EVENT_PLATFORM_SECRET: PRIMARY }, 'event-platform', 'rotate-secret', 'start', '--url', webhook.webhookUrl);
      assertOneLineError(r, 2, /needs the new secret in AKENEO_EVENT_PLATFORM_SECRET and the old one in AKENEO_EVENT_PLATFORM_SECRET_SECONDARY/);
    });

    it('start then finish, each after the API accepts the secrets', async () => {
      const rotating = { ...env, AKENEO_EVENT_PLATFORM_SECRET: PRIMARY, AKENEO_EVENT_PLATFORM_SECRET_SECONDARY: OLD };
      const refused = await run(rotating, 'event-platform', 'rotate-secret', 'start', '--url', webhook.webhookUrl);
      assertOneLineError(refused, 1, /refuses deliveries signed with AKENEO_EVENT_PLATFORM_SECRET: set it in the environment of every API replica/);

      webhook.reconfigure({ primary: PRIMARY, secondary: OLD });
      const started = await run(rotating, 'event-platform', 'rotate-secret', 'start', '--url', webhook.webhookUrl);
      assert.equal(started.code, 0, started.err);
      assert.match(started.out, /"step": "start"[\s\S]*"probes": "passed"[\s\S]*wait at least 1 hour/);
      const finished = await run(rotating, 'event-platform', 'rotate-secret', 'finish', '--url', webhook.webhookUrl);
      assert.equal(finished.code, 0, finished.err);
      const secret = ([...fake.subscriptions.values()][0].config as { secret: unknown }).secret;
      assert.deepEqual(secret, { primary: PRIMARY });
      assert.ok(![started.out, finished.out].some((o) => o.includes(PRIMARY) || o.includes(OLD)), 'the output shows a secret');
    });
  });
});
