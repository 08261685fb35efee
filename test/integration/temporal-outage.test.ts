import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { ApiServer } from '../../src/api/server';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { buildEventsApiRequest, type EventsApiEventObject } from '../../src/sim/events-api-request';
import { entityWorkflowId } from '../../src/workflows/ids';
import { post, SECRETS, startTestApi } from '../helpers/api';
import { eventually, startTemporal, uniqueTaskQueue } from '../helpers/temporal';

function productUpdated(uuid: string): EventsApiEventObject {
  return {
    action: 'product.updated',
    event_id: randomUUID(),
    event_datetime: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    author: 'julia',
    author_type: 'ui',
    pim_source: 'https://pim.example.com',
    data: { resource: { uuid, identifier: 'SKU-1', updated: '2024-05-02T08:15:00+00:00', values: {} } },
  };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('Temporal outage', function () {
  this.timeout(120_000);
  let dir: string;
  let server: DevServer | undefined;
  let api: ApiServer;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'akeneo-sync-outage-'));
    server = await startTemporal({ dbFilename: path.join(dir, 'temporal.db') });
    api = await startTestApi(server.address, uniqueTaskQueue('outage'));
  });

  after(async () => {
    await api?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 in time while Temporal is down, accounts for the event it held, then 200 once Temporal is back', async () => {
    const port = server!.port;
    const before = randomUUID();
    const ok = await post(`${api.url}/akeneo/events`, buildEventsApiRequest([productUpdated(before)], SECRETS.events, nowSeconds()));
    assert.equal(ok.status, 200);

    await server!.stop();
    server = undefined;
    const during = randomUUID();
    const down = await post(`${api.url}/akeneo/events`, buildEventsApiRequest([productUpdated(during)], SECRETS.events, nowSeconds()));
    assert.equal(down.status, 503);
    // Refused outright, or still being handed over (kept if Temporal comes back within the hand-over deadline).
    assert.ok(['temporal_unavailable', 'handover_pending'].includes((down.body as { error: { code: string } }).error.code));
    assert.ok(down.ms < 500, `503 took ${down.ms.toFixed(0)} ms; Akeneo gives up after 500 ms`);
    const ready = await fetch(`${api.url}/readyz`);
    assert.equal(ready.status, 503);

    server = await startTemporal({ port, dbFilename: path.join(dir, 'temporal.db') });
    const after = randomUUID();
    await eventually(async () => {
      const r = await post(`${api.url}/akeneo/events`, buildEventsApiRequest([productUpdated(after)], SECRETS.events, nowSeconds()));
      return r.status === 200;
    }, '200 after Temporal restarted');
    assert.equal((await fetch(`${api.url}/readyz`)).status, 200);

    // What was acknowledged before the outage survived the restart (SQLite persistence).
    const described = await server.env.client.workflow.getHandle(entityWorkflowId({ kind: 'product', id: before })).describe();
    assert.equal(described.type, 'productSyncWorkflow');
    // The event sent during the outage is accounted for: kept late (its workflow exists) or counted as lost.
    const fate = await eventually(async () => {
      const text = await (await fetch(`${api.url}/metrics`)).text();
      const count = (outcome: string) => Number(new RegExp(`outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
      return count('accepted_late') + count('unavailable') === 1 ? (count('accepted_late') === 1 ? 'kept' : 'lost') : undefined;
    }, 'the held event counted as accepted_late or unavailable', 30_000);
    const duringWorkflow = server.env.client.workflow.getHandle(entityWorkflowId({ kind: 'product', id: during }));
    if (fate === 'kept') assert.equal((await duringWorkflow.describe()).type, 'productSyncWorkflow');
    else await assert.rejects(duringWorkflow.describe(), WorkflowNotFoundError);
  });

  it('starts no workflow for a request it rejects', async () => {
    assert.ok(server, 'server is up');
    const uuid = randomUUID();
    const req = buildEventsApiRequest([productUpdated(uuid)], SECRETS.events, nowSeconds());
    const bad = await post(`${api.url}/akeneo/events`, { ...req, headers: { ...req.headers, 'X-Akeneo-Request-Signature': '0'.repeat(64) } });
    assert.equal(bad.status, 400);
    await assert.rejects(server.env.client.workflow.getHandle(entityWorkflowId({ kind: 'product', id: uuid })).describe(), WorkflowNotFoundError);
  });
});
