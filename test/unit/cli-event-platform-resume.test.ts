/** `event-platform resume` against the Event Platform simulator: resumes a suspended subscription, leaves an active one alone. */
import assert from 'node:assert/strict';
import { Catalog, EventPlatformSimulator, eventPlatformPimOf, PimSimulator } from '../../src/sim';
import { SubscriptionStatus } from '../../src/sim/event-platform/types';
import { runEventPlatformCli } from '../helpers/event-platform-cli';
import { CREDS, PRIMARY } from './sim-event-platform-helpers';

const WEBHOOK = 'http://127.0.0.1:9/akeneo/event-platform';

describe('ops CLI: event-platform resume', () => {
  let pim: PimSimulator;
  let ep: EventPlatformSimulator;
  let env: Record<string, string>;

  const run = (...argv: string[]) => runEventPlatformCli(env, ...argv);

  beforeEach(async () => {
    pim = new PimSimulator({ ...CREDS, catalog: new Catalog(), latencyMs: 0 });
    await pim.start();
    ep = new EventPlatformSimulator({ pims: [eventPlatformPimOf(pim)], timeScale: 1e-4 });
    await ep.start();
    env = {
      AKENEO_BASE_URL: pim.url,
      AKENEO_CLIENT_ID: CREDS.clientId,
      AKENEO_CLIENT_SECRET: CREDS.clientSecret,
      AKENEO_USERNAME: CREDS.username,
      AKENEO_PASSWORD: CREDS.password,
      EVENT_PLATFORM_API_URL: `${ep.url}/api/v1`,
      EVENT_PLATFORM_TECHNICAL_EMAIL: 'ops@example.com',
      AKENEO_EVENT_PLATFORM_SECRET: PRIMARY,
    };
    const setup = await run('event-platform', 'setup', '--url', WEBHOOK);
    assert.equal(setup.code, 0, setup.err);
  });
  afterEach(async () => {
    await ep.close();
    await pim.close();
  });

  const ours = () => {
    const found = ep.registry.subscriptionsOfPim(pim.url).filter((s) => s.config.url === WEBHOOK);
    assert.equal(found.length, 1);
    return found[0];
  };

  it('resumes a subscription the platform suspended, and reports it', async () => {
    assert.ok(ep.registry.suspendBySystem(ours().id, 'Success rate dropped below 90%'));
    const r = await run('event-platform', 'resume', '--url', WEBHOOK);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out) as { action: string; statusBefore: string; subscriptionId: string };
    assert.deepEqual([report.action, report.statusBefore, report.subscriptionId], ['resumed', 'suspended', ours().id]);
    assert.equal(ours().status, SubscriptionStatus.ACTIVE);
  });

  it('changes nothing when the subscription is active', async () => {
    const before = ep.mutatingCalls;
    const r = await run('event-platform', 'resume', '--url', WEBHOOK);
    assert.equal(r.code, 0, r.err);
    assert.equal((JSON.parse(r.out) as { action: string }).action, 'unchanged');
    assert.equal(ep.mutatingCalls, before, 'no call that changes anything');
  });

  it('fails with one line when no subscription delivers to the URL', async () => {
    const r = await run('event-platform', 'resume', '--url', 'http://127.0.0.1:9/elsewhere');
    assert.notEqual(r.code, 0);
    assert.equal(r.out, '');
    assert.match(r.err, /^[^\n]*no subscription of subscriber akeneo-sync delivers to http:\/\/127\.0\.0\.1:9\/elsewhere[^\n]*\n$/);
  });
});
