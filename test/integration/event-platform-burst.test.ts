/**
 * A burst from the Event Platform at its top rate, 100 events per second, into an API that can take only a few
 * events at once and a worker slowed by a slow third party, on a real Temporal dev server. The API sheds with 429, the
 * platform lowers its rate and sends the throttled events again (key-platform-behaviors.html, "Optimized
 * throughput"); not one event may be dropped, and the subscription's success rate (429s do not count within their
 * grace hour) must stay at or above the 90 % under which the platform suspends.
 */
import assert from 'node:assert/strict';
import { AkeneoRestClient } from '../../src/akeneo/rest-client';
import { EventPlatformApi } from '../../src/akeneo/event-platform-api';
import { EVENT_PLATFORM_PATH } from '../../src/api/routes/event-platform';
import { diffWithPim, inSync } from '../../src/dev/compare';
import { LOCAL_SECRETS, SIM_CREDENTIALS } from '../../src/dev/local-stack';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { ensureEventPlatformSetup } from '../../src/event-platform/setup';
import { EventPlatformSimulator, eventPlatformPimOf } from '../../src/sim/event-platform';
import { DeliveryOutcome } from '../../src/sim/event-platform/delivery-types';
import { startTestStack, type TestStack } from '../helpers/stack';
import { eventually, startTemporal } from '../helpers/temporal';

const PRODUCTS = 300;

describe('Event Platform burst at 100 events/s against a small intake and a slow worker', function () {
  this.timeout(180_000);
  let server: DevServer;
  let stack: TestStack;
  let platform: EventPlatformSimulator;

  before(async () => {
    server = await startTemporal();
    // One event in flight at most (any two deliveries that overlap make a 429, however fast the machine), and
    // every write to the third party takes 100 ms.
    stack = await startTestStack(server, { pimMaxRps: 1000, apiMaxEventsInFlight: 1, thirdParty: { latencyMs: 100 } });
    platform = new EventPlatformSimulator({
      pims: [eventPlatformPimOf(stack.pim, { catalog: stack.catalog })],
      // Real time, so "100 events per second" is what the API sees; retries after 1, 2 and 4 s instead of 5, 10 and
      // 20 minutes, so a failed delivery shows as a retry or a drop within the test instead of hanging it.
      timeScale: 1,
      delivery: { rate: { initial: 100 }, maxInFlight: 100, retryDelaysMs: [1000, 2000, 4000] },
    });
    await platform.start();
  });
  after(async () => {
    await platform?.close();
    await stack?.close();
    await server?.stop();
  });

  it('absorbs the burst through 429s: every event delivered, none dropped, success rate at or above 90 %', async () => {
    const pim = new AkeneoRestClient({ baseUrl: stack.pim.url, ...SIM_CREDENTIALS });
    const api = new EventPlatformApi({ baseUrl: `${platform.url}/api/v1`, pimUrl: stack.pim.url, clientId: SIM_CREDENTIALS.clientId, accessToken: () => pim.accessToken() });
    const { subscription } = await ensureEventPlatformSetup(api, {
      pimUrl: stack.pim.url,
      subscriberName: 'akeneo-sync',
      technicalEmail: 'ops@example.com',
      webhookUrl: `${stack.api.url}${EVENT_PLATFORM_PATH}`,
      secrets: { primary: LOCAL_SECRETS.platform, secondary: LOCAL_SECRETS.platformSecondary },
    });
    stack.catalog.seed(PRODUCTS);
    await platform.deliver();

    const { counters } = platform;
    const statuses = new Map<number, number>();
    for (const r of platform.records) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    const seen = JSON.stringify(Object.fromEntries(statuses));
    assert.ok(counters.throttled > 0, `the API never answered 429, so the burst did not test shedding (statuses ${seen})`);
    assert.equal(counters.delivered, PRODUCTS, `every event delivered (statuses ${seen})`);
    assert.equal(counters.dropped, 0, 'no event dropped');
    assert.equal(counters.systemSuspensions, 0, 'the subscription was never suspended');
    assert.ok(platform.records.every((r) => r.status === 200 || r.status === 429), `only 200 and 429 answers (statuses ${seen})`);
    assert.ok(platform.records.every((r) => r.outcome !== DeliveryOutcome.RETRY_SCHEDULED), 'nothing needed a retry');
    const success = platform.delivery.successRateOf(subscription.id);
    assert.ok(success >= 0.9, `success rate ${success} is under the platform's 90 %`);
    assert.ok(Math.max(...platform.records.map((r) => r.rate)) === 100, 'the platform sent at its top rate');
    assert.ok(Math.min(...platform.records.map((r) => r.rate)) < 100, 'and lowered it on 429');

    await eventually(() => inSync(diffWithPim(stack.catalog, stack.thirdParty)), 'the third party to match the PIM', 120_000);
  });
});
