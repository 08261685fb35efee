import assert from 'node:assert/strict';
import { EventPlatformApi } from '../../src/akeneo/event-platform-api';
import { finishRotation, type RotationTarget, startRotation } from '../../src/event-platform/rotate-secret';
import { ensureEventPlatformSetup } from '../../src/event-platform/setup';
import { assertWebhookAccepts, PROBES_PER_SECRET } from '../../src/event-platform/signature-probe';
import { FAKE_CLIENT_ID, FAKE_PIM_TOKEN, type FakePlatform, startFakeEventPlatform } from '../helpers/fake-event-platform';
import { startTinyServer } from '../helpers/tiny-server';
import { startWebhookApi, type WebhookApi } from '../helpers/webhook-api';

const OLD = 'old-secret-0123456789abcdef';
const NEW = 'new-secret-0123456789abcdef';
const PRIMARY = { key: 'AKENEO_EVENT_PLATFORM_SECRET', value: NEW };
const SECONDARY = { key: 'AKENEO_EVENT_PLATFORM_SECRET_SECONDARY', value: OLD };

type Json = Record<string, unknown>;

describe('event-platform rotate-secret', () => {
  let fake: FakePlatform;
  let webhook: WebhookApi;
  let api: EventPlatformApi;
  let target: RotationTarget;
  /** Probes and platform PATCHes, in the order they happened. */
  let log: string[];

  beforeEach(async () => {
    log = [];
    fake = await startFakeEventPlatform({
      intercept: (req) => {
        if (req.method === 'PATCH') log.push(`PATCH ${JSON.stringify((JSON.parse(req.body) as { config: Json }).config.secret)}`);
        return undefined;
      },
    });
    webhook = await startWebhookApi({ primary: OLD });
    api = new EventPlatformApi({ baseUrl: fake.apiUrl, pimUrl: fake.url, clientId: FAKE_CLIENT_ID, accessToken: () => Promise.resolve(FAKE_PIM_TOKEN) });
    const probeFetch: typeof fetch = async (url, init) => {
      const res = await fetch(url, init);
      log.push(`probe ${res.status}`);
      return res;
    };
    target = { pimUrl: fake.url, subscriberName: 'akeneo-sync', webhookUrl: webhook.webhookUrl, probe: { fetch: probeFetch } };
    await ensureEventPlatformSetup(api, { ...target, technicalEmail: 'ops@example.com', secrets: { primary: OLD } });
  });

  afterEach(async () => {
    await fake.close();
    await webhook.close();
  });

  /** The secrets the platform signs deliveries with now. */
  const platformSigns = (): string[] => {
    const secret = ([...fake.subscriptions.values()][0].config as { secret: Json }).secret;
    return [secret.primary, secret.secondary].filter((s): s is string => typeof s === 'string');
  };
  /** Every delivery carries at least one signature the API accepts. */
  const assertDeliverable = (when: string): void => {
    const accepted = [webhook.secrets().primary, webhook.secrets().secondary];
    assert.ok(platformSigns().some((s) => accepted.includes(s)), `${when}: the platform signs only with secrets the API refuses`);
  };

  it('walks old → new with the platform always signing with a secret the API accepts', async () => {
    assertDeliverable('before');
    webhook.reconfigure({ primary: NEW, secondary: OLD });
    assertDeliverable('API has both');
    const started = await startRotation(api, target, PRIMARY, SECONDARY);
    assert.deepEqual(platformSigns(), [NEW, OLD]);
    assertDeliverable('after start');
    const finished = await finishRotation(api, target, PRIMARY, SECONDARY.key);
    assert.deepEqual(platformSigns(), [NEW]);
    assertDeliverable('after finish');
    webhook.reconfigure({ primary: NEW });
    assertDeliverable('API dropped the old secret');

    assert.deepEqual(started.platformSignsWith, [PRIMARY.key, SECONDARY.key]);
    assert.deepEqual(finished.platformSignsWith, [PRIMARY.key]);
    assert.equal(JSON.stringify([started, finished]).includes(NEW) || JSON.stringify([started, finished]).includes(OLD), false, 'a report shows a secret');
    assert.deepEqual(webhook.submitted, [], 'probes never reach Temporal');
  });

  it('probes before each PATCH, then PATCHes new+old, then new alone', async () => {
    webhook.reconfigure({ primary: NEW, secondary: OLD });
    await startRotation(api, target, PRIMARY, SECONDARY);
    await finishRotation(api, target, PRIMARY, SECONDARY.key);
    const accepted = Array<string>(PROBES_PER_SECRET).fill('probe 200');
    assert.deepEqual(log, [
      ...accepted, // new
      ...accepted, // old
      'probe 401', // a random secret is refused
      `PATCH ${JSON.stringify({ primary: NEW, secondary: OLD })}`,
      ...accepted, // new
      'probe 401',
      `PATCH ${JSON.stringify({ primary: NEW })}`,
    ]);
    const patch = JSON.parse(fake.mutations().at(-1)!.body) as Json;
    assert.deepEqual(patch, { config: { url: webhook.webhookUrl, secret: { primary: NEW } } }, 'the whole config, url included');
  });

  it('refuses to start, and changes nothing, while the API does not accept the new secret', async () => {
    await assert.rejects(startRotation(api, target, PRIMARY, SECONDARY), /refuses deliveries signed with AKENEO_EVENT_PLATFORM_SECRET: set it in the environment of every API replica/);
    assert.deepEqual(platformSigns(), [OLD]);
    assert.ok(!log.some((l) => l.startsWith('PATCH')));
  });

  it('refuses to start while the API no longer accepts the old secret, which the platform still signs with', async () => {
    webhook.reconfigure({ primary: NEW });
    await assert.rejects(startRotation(api, target, PRIMARY, SECONDARY), /refuses deliveries signed with AKENEO_EVENT_PLATFORM_SECRET_SECONDARY/);
    assert.deepEqual(platformSigns(), [OLD]);
  });

  it('refuses to finish while the API does not accept the new secret', async () => {
    await assert.rejects(finishRotation(api, target, PRIMARY, SECONDARY.key), /refuses deliveries signed with AKENEO_EVENT_PLATFORM_SECRET:/);
    assert.deepEqual(platformSigns(), [OLD]);
  });

  it('refuses a webhook that accepts any signature, or that is not there', async () => {
    const anything = await startTinyServer((req, res) => void res.writeHead(req.path.endsWith('/missing') ? 404 : 200).end('{}'));
    try {
      await assert.rejects(assertWebhookAccepts(`${anything.url}/hook`, [PRIMARY]), /accepted a delivery signed with a random secret: it does not verify signatures/);
      await assert.rejects(assertWebhookAccepts(`${anything.url}/missing`, [PRIMARY]), /answered 404 to a signed probe; expected 200 or 401/);
    } finally {
      await anything.close();
    }
  });

  it('skips the probes when told to', async () => {
    await startRotation(api, { ...target, skipProbe: true }, PRIMARY, SECONDARY);
    assert.deepEqual(platformSigns(), [NEW, OLD]);
    assert.ok(!log.some((l) => l.startsWith('probe')));
  });

  it('says to run setup first when there is no subscription to rotate', async () => {
    await assert.rejects(
      startRotation(api, { ...target, webhookUrl: 'https://elsewhere.example.com/akeneo/event-platform' }, PRIMARY, SECONDARY),
      /no subscription of subscriber akeneo-sync delivers to https:\/\/elsewhere\.example\.com\/akeneo\/event-platform: run "event-platform setup" first/,
    );
  });
});
