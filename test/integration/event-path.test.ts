import assert from 'node:assert/strict';
import { WorkflowNotFoundError } from '@temporalio/client';
import { diffWithPim, inSync } from '../../src/dev/compare';
import { LOCAL_SECRETS } from '../../src/dev/local-stack';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { acceptedEventIds } from '../../src/sim/event-sender';
import { buildEventsApiRequest, eventsApiEventFromChange } from '../../src/sim/events-api-request';
import { buildEventPlatformRequest, eventPlatformEventFromChange } from '../../src/sim/event-platform-request';
import { entityWorkflowId } from '../../src/workflows/ids';
import { post } from '../helpers/api';
import { startTestStack, type TestStack, product } from '../helpers/stack';
import { eventually, startTemporal, workflowBundle } from '../helpers/temporal';


describe('event path end to end (HTTP → Temporal → PIM → third party)', function () {
  this.timeout(120_000);
  let server: DevServer;
  let stack: TestStack;

  before(async () => {
    server = await startTemporal();
    await workflowBundle();
  });
  after(async () => server?.stop());
  /** Seconds the PIM's clock is ahead of the real one: its `updated` has whole seconds, so order needs time to pass. */
  let ahead = 0;
  const tick = (): void => {
    ahead += 1000;
  };
  beforeEach(async () => {
    stack = await startTestStack(server, { catalogNow: () => Date.now() + ahead });
  });
  afterEach(async () => stack?.close());

  async function converged(what = 'the third party to match the PIM') {
    try {
      await eventually(() => inSync(diffWithPim(stack.catalog, stack.thirdParty)), what, 20_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}; diff: ${JSON.stringify(diffWithPim(stack.catalog, stack.thirdParty))}`);
    }
  }

  it('legacy Events API: the third party ends up holding exactly the PIM products', async () => {
    const created = stack.catalog.seed(25);
    stack.catalog.createProductModel();
    for (const p of created.slice(0, 5)) stack.catalog.updateProduct(p.uuid);
    for (const p of created.slice(5, 8)) stack.catalog.removeProduct(p.uuid);
    const records = await stack.sender.flush('events-api');
    assert.ok(records.length > 0);
    // 200 as a rule; on a loaded machine a hand-over can outlast the 0.5 s answer (503 handover_pending, or the
    // sender's own timeout) and still be kept: convergence below, with no reconcile, is what proves nothing was lost.
    assert.deepEqual(records.filter((r) => r.status >= 400 && r.status < 500), [], 'no request refused as bad');
    assert.ok(records.some((r) => r.status === 200));
    await converged();
    assert.equal(stack.thirdParty.products().size, 22);
    assert.equal(stack.thirdParty.productModels().size, 1);
  });

  it('Event Platform: the third party ends up holding exactly the PIM products', async () => {
    const created = stack.catalog.seed(15);
    stack.catalog.createProductModel();
    stack.catalog.removeProduct(created[0].uuid);
    const records = await stack.sender.flush('event-platform');
    assert.deepEqual([...new Set(records.map((r) => r.status))], [200]);
    await converged();
    assert.equal(stack.thirdParty.products().size, 14);
    // The removal may still be syncing once the third party matches (its first sync already found the PIM without it).
    await eventually(async () => (await stack.history(product(created[0].uuid))).status === 'deleted', 'the removed product recorded as deleted');
  });

  it('a stale update arriving after a newer one changes nothing', async () => {
    const p = stack.catalog.createProduct();
    const [create] = stack.sender.pending();
    tick();
    stack.catalog.updateProduct(p.uuid);
    const older = stack.catalog.changes(create.seq).at(0)!;
    tick();
    stack.catalog.updateProduct(p.uuid);
    const newer = stack.catalog.changes(older.seq).at(0)!;
    await stack.sender.sendEventsApi([newer]);
    await eventually(async () => (await stack.history(product(p.uuid))).status === 'synced', 'the newer update');
    const fetches = stack.pim.fetchCount(p.uuid);
    const writes = stack.thirdParty.writes;
    const [stale] = await stack.sender.sendEventsApi([older]);
    assert.equal(stale.status, 200);
    const h = await eventually(async () => {
      const q = await stack.history(product(p.uuid));
      return q.entries.some((e) => e.kind === 'ignored-outdated' && e.eventId === stale.eventIds[0]) && q;
    }, 'the stale event to be ignored');
    assert.equal(h.latestEventDate, new Date(newer.at).toISOString());
    assert.equal(stack.pim.fetchCount(p.uuid), fetches);
    assert.equal(stack.thirdParty.writes, writes);
    assert.ok(inSync(diffWithPim(stack.catalog, stack.thirdParty)));
  });

  it('a create arriving after a removal does not resurrect the product', async () => {
    const p = stack.catalog.createProduct();
    const [create] = stack.sender.pending();
    await stack.sender.flush('event-platform');
    await converged('the create');
    tick();
    stack.catalog.removeProduct(p.uuid);
    await stack.sender.flush('event-platform');
    await eventually(() => !stack.thirdParty.products().has(p.uuid), 'the removal');
    const late = await post(
      `${stack.api.url}/akeneo/event-platform`,
      buildEventPlatformRequest(eventPlatformEventFromChange(create, {}), { primary: LOCAL_SECRETS.platform }),
    );
    assert.equal(late.status, 200);
    const h = await eventually(async () => {
      const q = await stack.history(product(p.uuid));
      return q.entries.some((e) => e.kind === 'ignored-outdated') && q;
    }, 'the late create to be ignored');
    assert.equal(h.status, 'deleted');
    assert.equal(stack.thirdParty.products().has(p.uuid), false);
  });

  it('applies a duplicate event id once', async () => {
    const p = stack.catalog.createProduct();
    const [change] = stack.sender.pending();
    const event = eventsApiEventFromChange(change, stack.catalog)!;
    const request = buildEventsApiRequest([event], LOCAL_SECRETS.events, Math.floor(Date.now() / 1000));
    assert.equal((await post(`${stack.api.url}/akeneo/events`, request)).status, 200);
    assert.equal((await post(`${stack.api.url}/akeneo/events`, request)).status, 200);
    const h = await eventually(async () => {
      const q = await stack.history(product(p.uuid));
      return q.status === 'synced' && q.entries.some((e) => e.kind === 'ignored-duplicate') && q;
    }, 'the duplicate to be recorded');
    assert.equal(h.entries.filter((e) => e.kind === 'event-accepted').length, 1);
    assert.equal(stack.pim.fetchCount(p.uuid), 1);
    assert.equal(stack.thirdParty.writes, 1);
  });

  it('coalesces a burst of 50 updates to one product into at most 2 PIM fetches', async () => {
    const p = stack.catalog.createProduct();
    for (let i = 0; i < 49; i++) stack.catalog.updateProduct(p.uuid);
    const records = await stack.sender.flush('events-api');
    assert.equal(acceptedEventIds(records).size, 50);
    await converged();
    const h = await stack.history(product(p.uuid));
    assert.equal(h.lastWrittenVersion, stack.catalog.get(p.uuid)!.updated);
    assert.ok(stack.pim.fetchCount(p.uuid) <= 2, `fetched ${stack.pim.fetchCount(p.uuid)} times`);
    assert.ok(stack.thirdParty.writes <= 2, `wrote ${stack.thirdParty.writes} times`);
  });

  it('ends in sync when the third party fails for a while and then recovers', async () => {
    stack.thirdParty.failNext(2, 503);
    stack.thirdParty.rateLimitNext(1, 1);
    stack.catalog.seed(3);
    await stack.sender.flush('events-api');
    await converged();
    const statuses = stack.thirdParty.requests.filter((r) => r.method === 'PUT').map((r) => r.status);
    assert.deepEqual(statuses.slice(0, 3).sort(), [429, 503, 503]);
  });

  it('honours Retry-After when the PIM answers 429', async () => {
    stack.pim.rateLimit({ requests: 1, retryAfterSeconds: 2 });
    const p = stack.catalog.createProduct();
    await stack.sender.flush('events-api');
    await converged();
    const gets = stack.pim.requests.filter((r) => r.path.endsWith(p.uuid));
    assert.deepEqual(gets.map((r) => r.status), [429, 200]);
    const waited = gets[1].at - gets[0].at;
    assert.ok(waited >= 1900, `retried after ${waited} ms, Retry-After asked for 2000`);
  });

  it('rejects bad signatures, stale timestamps and malformed bodies without starting a workflow', async () => {
    const p = stack.catalog.createProduct();
    const [change] = stack.sender.pending();
    const event = eventsApiEventFromChange(change, stack.catalog)!;
    const url = `${stack.api.url}/akeneo/events`;
    const fresh = Math.floor(Date.now() / 1000);
    const good = buildEventsApiRequest([event], LOCAL_SECRETS.events, fresh);
    const cases = [
      { name: 'bad signature', req: buildEventsApiRequest([event], 'wrong-secret', fresh), code: 'bad_signature' },
      { name: 'stale timestamp', req: buildEventsApiRequest([event], LOCAL_SECRETS.events, fresh - 600), code: 'stale_timestamp' },
      { name: 'malformed body', req: { ...good, body: good.body.slice(0, -3) }, code: 'bad_signature' },
    ];
    for (const c of cases) {
      const r = await post(url, c.req);
      assert.equal(r.status, 400, c.name);
      assert.equal((r.body as { error: { code: string } }).error.code, c.code, c.name);
    }
    const platform = buildEventPlatformRequest(eventPlatformEventFromChange(change, {}), { primary: 'not-the-secret' });
    assert.equal((await post(`${stack.api.url}/akeneo/event-platform`, platform)).status, 401);
    await assert.rejects(server.env.client.workflow.getHandle(entityWorkflowId(product(p.uuid))).describe(), WorkflowNotFoundError);
  });
});
