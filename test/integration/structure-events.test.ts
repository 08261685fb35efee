/**
 * Structure events end to end: a change in the PIM simulator's structure becomes an Event Platform delivery
 * (src/sim/event-platform), which the API hands to that item's `structureItemWorkflow`, which writes or deletes
 * that one item at the third party; no structure run (scheduled or not) takes part.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { AkeneoRestClient } from '../../src/akeneo/rest-client';
import { EventPlatformApi } from '../../src/akeneo/event-platform-api';
import { EVENT_PLATFORM_PATH } from '../../src/api/routes/event-platform';
import { LOCAL_SECRETS, SIM_CREDENTIALS } from '../../src/dev/local-stack';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { ensureEventPlatformSetup } from '../../src/event-platform/setup';
import { signalStructureItem } from '../../src/signal-structure';
import { EventPlatformSimulator, eventPlatformPimOf } from '../../src/sim/event-platform';
import { pimTaskQueue, structureItemWorkflowId } from '../../src/workflows/ids';
import { startTestStack, type TestStack } from '../helpers/stack';
import { eventually, startTemporal, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

/** Today's shape of a structure item's history, replayed by test/unit/replay.test.ts (UPDATE_FIXTURES=1 rewrites it). */
const FIXTURE = path.resolve(__dirname, '../fixtures/structure-item-history.json');

describe('structure events through the Event Platform', function () {
  this.timeout(180_000);
  let server: DevServer;
  let stack: TestStack;
  let platform: EventPlatformSimulator;
  let selectAttribute: string;

  before(async () => {
    server = await startTemporal();
    await workflowBundle();
    stack = await startTestStack(server, { pimMaxRps: 1000 });
    selectAttribute = stack.pim.structure.seed().selectAttributes[0];
    // Created after the seed: the seed is history, only later changes give events.
    platform = new EventPlatformSimulator({ pims: [eventPlatformPimOf(stack.pim, { catalog: stack.catalog })], timeScale: 1 });
    await platform.start();
    const pim = new AkeneoRestClient({ baseUrl: stack.pim.url, ...SIM_CREDENTIALS });
    const api = new EventPlatformApi({ baseUrl: `${platform.url}/api/v1`, pimUrl: stack.pim.url, clientId: SIM_CREDENTIALS.clientId, accessToken: () => pim.accessToken() });
    const report = await ensureEventPlatformSetup(api, {
      pimUrl: stack.pim.url,
      subscriberName: 'akeneo-sync',
      technicalEmail: 'ops@example.com',
      webhookUrl: `${stack.api.url}${EVENT_PLATFORM_PATH}`,
      secrets: { primary: LOCAL_SECRETS.platform, secondary: LOCAL_SECRETS.platformSecondary },
    });
    assert.ok(report.subscription.events.includes('com.akeneo.pim.v1.attribute-option.deleted'), 'setup subscribes to structure events');
  });
  after(async () => {
    await platform?.close();
    await stack?.close();
    await server?.stop();
  });

  async function deliverAllAccepted(): Promise<void> {
    await platform.deliver();
    const statuses = new Set(platform.records.map((r) => r.status));
    assert.deepEqual([...statuses], [200], `the API answered ${[...statuses].join(', ')}`);
  }

  it('writes the one attribute whose label changed, at once', async () => {
    const s = stack.pim.structure;
    const code = s.codes('attributes')[0];
    s.put('attributes', { code, labels: { en_US: 'Renamed by an event' } });
    await deliverAllAccepted();
    await eventually(() => (stack.thirdParty.structure.get('attributes', code) as { labels?: Record<string, string> } | undefined)?.labels?.en_US === 'Renamed by an event', 'the attribute at the third party');
    assert.deepEqual(stack.thirdParty.structure.get('attributes', code), s.get('attributes', code), 'the PIM JSON');
    assert.equal(stack.thirdParty.structure.list('attributes').length, 1, 'only that attribute: no structure run took part');
    assert.equal(stack.thirdParty.structure.writesOf('attributes', code), 1);
  });

  it('writes a new option on its created event, then deletes it on its deleted event', async () => {
    const s = stack.pim.structure;
    const attribute = selectAttribute;
    s.put('attribute-options', { code: 'event_made', attribute, labels: { en_US: 'Made' } });
    await deliverAllAccepted();
    await eventually(() => stack.thirdParty.structure.get('attribute-options', 'event_made', attribute) !== undefined, 'the new option at the third party');
    s.remove('attribute-options', 'event_made', attribute);
    await deliverAllAccepted();
    await eventually(() => stack.thirdParty.structure.get('attribute-options', 'event_made', attribute) === undefined, 'the option deleted at the third party');
    assert.equal(stack.thirdParty.structure.list('attribute-options').length, 0, 'no other option was written: no structure run took part');
  });

  it('coalesces the events that arrive during a sync into one more sync, then completes', async () => {
    const taskQueue = uniqueTaskQueue('structure-item');
    const calls: string[] = [];
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const syncStructureItem = async (input: { key: string }): Promise<string> => {
      calls.push(input.key);
      if (calls.length === 1) await released;
      return 'written';
    };
    const common = { connection: server.env.nativeConnection, namespace: 'default' };
    const workers = [
      await Worker.create({ ...common, taskQueue, workflowBundle: await workflowBundle() }),
      await Worker.create({ ...common, taskQueue: pimTaskQueue(taskQueue), activities: { syncStructureItem } }),
    ];
    const running = Promise.all(workers.map((w) => w.run()));
    try {
      const client = server.env.client;
      await signalStructureItem(client, taskQueue, 'attributes/color');
      await eventually(() => calls.length === 1, 'the first sync to start');
      for (let i = 0; i < 3; i++) await signalStructureItem(client, taskQueue, 'attributes/color');
      release();
      const handle = client.workflow.getHandle(structureItemWorkflowId(taskQueue, 'attributes/color'));
      const runs = (await handle.result()) as number;
      assert.equal(runs, 2, 'the first sync, then one for the three events that arrived during it');
      assert.deepEqual(calls, ['attributes/color', 'attributes/color']);
      const history = await handle.fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, handle.workflowId);
      if (process.env.UPDATE_FIXTURES === '1') writeFileSync(FIXTURE, JSON.stringify(history, null, 1));
      await signalStructureItem(client, taskQueue, 'attributes/color');
      await eventually(() => calls.length === 3, 'a later event to start a new workflow');
    } finally {
      for (const w of workers) w.shutdown();
      await running;
    }
  });
});
