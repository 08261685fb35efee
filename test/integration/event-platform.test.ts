/**
 * The Event Platform end to end against its simulator (src/sim/event-platform) on a real Temporal dev server:
 * the setup through the management API, then deliveries signed by the platform reaching the third party.
 */
import assert from 'node:assert/strict';
import { AkeneoRestClient } from '../../src/akeneo/rest-client';
import { EventPlatformApi } from '../../src/akeneo/event-platform-api';
import { EVENT_PLATFORM_PATH } from '../../src/api/routes/event-platform';
import { diffWithPim, inSync } from '../../src/dev/compare';
import { LOCAL_SECRETS, SIM_CREDENTIALS } from '../../src/dev/local-stack';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { ensureEventPlatformSetup, type SetupTarget } from '../../src/event-platform/setup';
import { EventPlatformSimulator, eventPlatformPimOf } from '../../src/sim/event-platform';
import { startTestStack, type TestStack } from '../helpers/stack';
import { eventually, startTemporal, workflowBundle } from '../helpers/temporal';

describe('Event Platform against its simulator', function () {
  this.timeout(120_000);
  let server: DevServer;
  let stack: TestStack;
  let platform: EventPlatformSimulator;

  before(async () => {
    server = await startTemporal();
    await workflowBundle();
    stack = await startTestStack(server, { pimMaxRps: 1000 });
    platform = new EventPlatformSimulator({ pims: [eventPlatformPimOf(stack.pim, { catalog: stack.catalog })], timeScale: 1e-3 });
    await platform.start();
  });
  after(async () => {
    await platform?.close();
    await stack?.close();
    await server?.stop();
  });

  function api(): EventPlatformApi {
    const pim = new AkeneoRestClient({ baseUrl: stack.pim.url, ...SIM_CREDENTIALS });
    return new EventPlatformApi({ baseUrl: `${platform.url}/api/v1`, pimUrl: stack.pim.url, clientId: SIM_CREDENTIALS.clientId, accessToken: () => pim.accessToken() });
  }

  const target = (): SetupTarget => ({
    pimUrl: stack.pim.url,
    subscriberName: 'akeneo-sync',
    technicalEmail: 'ops@example.com',
    webhookUrl: `${stack.api.url}${EVENT_PLATFORM_PATH}`,
    secrets: { primary: LOCAL_SECRETS.platform, secondary: LOCAL_SECRETS.platformSecondary },
  });

  it('sets up the subscriber and subscription once: run twice, the second run changes nothing', async () => {
    const first = await ensureEventPlatformSetup(api(), target());
    assert.deepEqual([first.subscriber.action, first.subscription.action], ['created', 'created']);
    const mutations = platform.mutatingCalls;
    const second = await ensureEventPlatformSetup(api(), target());
    assert.deepEqual([second.subscriber.action, second.subscription.action], ['unchanged', 'unchanged']);
    assert.equal(platform.mutatingCalls, mutations, 'no POST, PATCH or DELETE the second time');
  });

  it('delivers the PIM changes, signed by the platform, through the API to the third party', async () => {
    const products = stack.catalog.seed(20);
    const model = stack.catalog.createProductModel();
    stack.catalog.createProduct({ parent: model.code });
    stack.catalog.removeProduct(products[0].uuid);
    await platform.deliver();
    const statuses = new Set(platform.records.map((r) => r.status));
    assert.deepEqual([...statuses], [200], `the API answered ${[...statuses].join(', ')}`);
    await eventually(() => inSync(diffWithPim(stack.catalog, stack.thirdParty)), 'the third party to match the PIM', 60_000);
    assert.equal(platform.counters.dropped, 0);
  });
});
