import assert from 'node:assert/strict';
import http from 'node:http';
import fc from 'fast-check';
import { datedEvent, REPLAY_ANSWER, REPLAY_CATEGORY, replayPlanArb, signedDelivery, staleCaptureArb } from '../../chaos/fuzz/replays';
import { runFuzz } from '../../chaos/fuzz/run';
import { pool, sendWire } from '../../chaos/fuzz/send';
import { describeCase, materialize } from '../../chaos/fuzz/spec';
import { TRAVERSAL_ANSWER, TRAVERSAL_CATEGORY, traversalCases } from '../../chaos/fuzz/traversal-cases';
import type { ApiServer } from '../../src/api/server';
import { LOCAL_SECRETS } from '../../src/dev/local-stack';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { DEFAULT_EVENT_PLATFORM_MAX_EVENT_AGE_MS } from '../../src/event-platform/event-age';
import { eventPlatformEventFromChange } from '../../src/sim/event-platform-request';
import { quoted } from '../../src/visibility-query';
import { entityWorkflowId } from '../../src/workflows/ids';
import { SECRETS, startTestApi } from '../helpers/api';
import { startTestStack, type TestStack } from '../helpers/stack';
import { eventually, startTemporal, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

/** A sample of the chaos suite's fuzz (which sends 10,000 per endpoint); FUZZ_SEED replays a failing run. */
const PER_ENDPOINT = 300;

describe('fuzz: bad webhook requests', function () {
  this.timeout(120_000);
  let server: DevServer;
  let api: ApiServer;
  let taskQueue: string;

  before(async () => {
    server = await startTemporal();
    taskQueue = uniqueTaskQueue('fuzz');
    api = await startTestApi(server.address, taskQueue);
  });

  after(async () => {
    await api?.close();
    await server?.stop();
  });

  it(`accepts none of ${PER_ENDPOINT} bad requests per endpoint, answers no 5xx, starts no workflow, then answers a valid one within 500 ms`, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const report = await runFuzz({
      apiUrl: api.url,
      client: server.env.client,
      taskQueue,
      secrets: { events: SECRETS.events, platform: SECRETS.platform },
      perEndpoint: PER_ENDPOINT,
      seed,
    });
    const examples = Object.values(report.endpoints).flatMap((f) => f.examples);
    const why = `seed ${seed} (FUZZ_SEED=${seed} replays it):\n${[...report.problems, ...examples].join('\n')}`;
    for (const [endpoint, f] of Object.entries(report.endpoints)) {
      assert.equal(f.sent, PER_ENDPOINT);
      assert.equal(f.accepted, 0, why);
      assert.equal(f.serverErrors, 0, why);
      assert.equal(f.noAnswer, 0, why);
      // Every category was exercised: a generator that silently stopped producing one would go unnoticed.
      // The Event Platform route has no content-type category (its Content-Type is undocumented, so not checked).
      // It has stale replays (`replay`) instead, answered 400 stale_event only.
      const expected = 7;
      assert.ok(Object.keys(f.byCategory).length >= expected, `categories: ${Object.keys(f.byCategory).join(', ')}`);
      // Path-breaking codes and identifiers (`..`, `a/../b`, `%2e%2e`, over-long, control characters): 400 only.
      assert.deepEqual(Object.keys(f.answersByCategory[TRAVERSAL_CATEGORY] ?? {}), [TRAVERSAL_ANSWER], why);
      if (endpoint === 'event-platform') assert.deepEqual(Object.keys(f.answersByCategory[REPLAY_CATEGORY] ?? {}), [REPLAY_ANSWER], why);
    }
    assert.equal(report.workflowsStarted, 0, `${why}\nstray workflows: ${report.strayWorkflowIds.slice(0, 5).join(', ')}`);
    for (const v of report.validAfter) {
      assert.equal(v.status, 200, `${v.endpoint} after the fuzz`);
      assert.ok(v.ms < 500, `${v.endpoint} took ${Math.round(v.ms)} ms after the fuzz`);
    }
    assert.deepEqual(report.problems, [], why);
  });
  it('refuses every path-breaking code and identifier on both routes with 400, and none reaches Temporal, the PIM or the third party', async () => {
    await workflowBundle();
    const stack = await startTestStack(server);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
    try {
      const cases = traversalCases(new Date(Date.now() - 60_000));
      const secrets = { events: LOCAL_SECRETS.events, platform: LOCAL_SECRETS.platform };
      const answers = await pool(cases, 10, (c) => sendWire(stack.api.url, materialize(c, secrets), agent));
      const wrong = cases.flatMap((c, i) => {
        const a = answers[i];
        return a.status === 400 && a.code === 'invalid_payload' ? [] : [`${a.status} ${a.code ?? ''} for ${describeCase(c)}`];
      });
      assert.deepEqual(wrong, []);
      assert.ok(cases.some((c) => c.endpoint === 'events-api') && cases.some((c) => c.endpoint === 'event-platform'));

      // A valid event sent after them goes all the way through: any of them taken would have been synced by now too.
      const model = stack.catalog.createProductModel();
      const sent = await stack.sender.flush('events-api');
      assert.deepEqual(sent.map((r) => r.status), [200]);
      await eventually(() => stack.thirdParty.productModels().has(model.code), 'the control product model at the third party', 30_000);

      const written = stack.thirdParty.requests.map((r) => `${r.method} ${r.path}`);
      assert.deepEqual(written, [`PUT /product-models/${model.code}`], 'the third party saw only the control write');
      const pimPaths = new Set(stack.pim.requests.map((r) => r.path));
      const allowed = ['/api/oauth/v1/token', `/api/rest/v1/product-models/${model.code}`, '/api/rest/v1/product-models', '/api/rest/v1/products-uuid'];
      assert.deepEqual([...pimPaths].filter((p) => !allowed.includes(p)), [], 'no PIM request to a collapsed path');
      const control = entityWorkflowId({ kind: 'product-model', id: model.code });
      const started = await eventually(async () => {
        const ids: string[] = [];
        for await (const wf of server.env.client.workflow.list({ query: `TaskQueue = ${quoted(stack.taskQueue)}` })) ids.push(wf.workflowId);
        return ids.includes(control) && ids;
      }, 'visibility to show the control workflow');
      assert.deepEqual(started.filter((id) => id.startsWith('product-')), [control], 'no workflow but the control one');
    } finally {
      agent.destroy();
      await stack.close();
    }
  });
});

describe('fuzz: replays of signed Event Platform requests', function () {
  this.timeout(180_000);
  let server: DevServer;
  let stack: TestStack;
  let agent: http.Agent;
  const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const why = `seed ${seed} (FUZZ_SEED=${seed} replays it)`;
  const product = (id: string) => ({ kind: 'product', id }) as const;

  before(async () => {
    server = await startTemporal();
    stack = await startTestStack(server);
    agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
  });

  after(async () => {
    agent?.destroy();
    await stack?.close();
    await server?.stop();
  });

  /** Creates a product with `updates` more changes, delivers each change once, and waits until it is synced. */
  async function syncedProduct(updates: number): Promise<{ uuid: string; deliveries: string[]; eventIds: string[] }> {
    const p = stack.catalog.createProduct();
    for (let i = 0; i < updates; i++) stack.catalog.updateProduct(p.uuid);
    const events = stack.sender.pending().filter((c) => c.id === p.uuid).map((c) => eventPlatformEventFromChange(c));
    const deliveries = events.map((e) => JSON.stringify(e));
    for (const body of deliveries) assert.equal((await sendWire(stack.api.url, signedDelivery(body, LOCAL_SECRETS.platform), agent)).status, 200);
    await eventually(async () => {
      const h = await stack.history(product(p.uuid));
      return h.status === 'synced' && h.lastWrittenVersion === stack.catalog.get(p.uuid)?.updated;
    }, 'the product to be synced');
    return { uuid: p.uuid, deliveries, eventIds: events.map((e) => e.id) };
  }

  async function workflowIds(): Promise<string[]> {
    const ids: string[] = [];
    for await (const wf of server.env.client.workflow.list({ query: `TaskQueue = ${quoted(stack.taskQueue)}` })) ids.push(wf.workflowId);
    return ids;
  }

  it('refuses signed captures re-sent after EVENT_PLATFORM_MAX_EVENT_AGE with 400 stale_event, and applies none', async () => {
    const known = await syncedProduct(0);
    const before = await stack.history(product(known.uuid));
    const nowMs = Date.now();
    const captures = fc.sample(staleCaptureArb(DEFAULT_EVENT_PLATFORM_MAX_EVENT_AGE_MS), { numRuns: 200, seed });
    // Captures of the synced product too: an old update, and its own accepted event re-dated (both refused by date alone).
    const [own] = known.deliveries.map((d) => JSON.parse(d) as Record<string, unknown>);
    const bodies = [
      ...captures.map((c) => JSON.stringify(datedEvent(c, nowMs))),
      JSON.stringify({ ...own, id: 'an-old-capture', time: new Date(nowMs - DEFAULT_EVENT_PLATFORM_MAX_EVENT_AGE_MS - 60_000).toISOString() }),
      JSON.stringify({ ...own, time: new Date(nowMs - 30 * 86_400_000).toISOString() }),
    ];
    const answers = await pool(bodies, 20, (body) => sendWire(stack.api.url, signedDelivery(body, LOCAL_SECRETS.platform), agent));
    const wrong = answers.map((a, i) => ({ a, body: bodies[i] })).filter(({ a }) => a.status !== 400 || a.code !== 'stale_event');
    assert.deepEqual(wrong.slice(0, 3).map(({ a, body }) => `${a.status} ${a.code ?? ''} for ${body.slice(0, 300)}`), [], why);

    const after = await stack.history(product(known.uuid));
    assert.deepEqual(after, before, 'nothing reached the synced product');
    // A delivery sent after them starts its workflow; once visibility shows it, it would show any started before.
    const control = await syncedProduct(0);
    const expected = [known.uuid, control.uuid].map((id) => entityWorkflowId(product(id)));
    const ids = await eventually(async () => {
      const listed = await workflowIds();
      return expected.every((id) => listed.includes(id)) && listed;
    }, 'visibility to show the control workflow');
    assert.deepEqual(ids.filter((id) => !expected.includes(id)), [], `${why}: workflows started by refused captures`);
  });

  it('counts a capture re-sent hundreds of times inside the window as duplicates, and keeps the real history entries', async () => {
    const p = await syncedProduct(4);
    const before = await stack.history(product(p.uuid));
    const plan = fc.sample(replayPlanArb(p.deliveries.length), { numRuns: 1, seed })[0];
    const answers = await pool(plan, 20, (i) => sendWire(stack.api.url, signedDelivery(p.deliveries[i], LOCAL_SECRETS.platform), agent));
    // Inside the window a replay is answered like the platform's own retry: 200, deduplicated by the workflow.
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [200], why);

    const h = await eventually(async () => {
      const q = await stack.history(product(p.uuid));
      return q.duplicatesIgnored === plan.length && q;
    }, `${plan.length} duplicates to be counted`);
    assert.deepEqual(h.entries.slice(0, before.entries.length), before.entries, `${why}: the real entries are all kept`);
    const added = h.entries.slice(before.entries.length);
    assert.deepEqual(added.map((e) => [e.kind, e.count]), [['ignored-duplicate', plan.length]], why);
    assert.equal(h.status, 'synced');
    assert.equal(h.lastWrittenVersion, before.lastWrittenVersion, 'no replay caused a write');
    for (const id of p.eventIds) assert.ok(h.entries.some((e) => e.kind === 'event-accepted' && e.eventId === id), `${id} still in the history`);
  });
});
