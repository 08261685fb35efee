import assert from 'node:assert/strict';
import { signEventPlatform } from '../../src/akeneo/signature';
import { DELIVERY_RATE_BOUNDS, seededRandom, type EventPlatformEvent } from '../../src/sim';
import { PRIMARY, SECONDARY, platform, receiver, type Platform, type Receiver, type Script } from './sim-event-platform-helpers';

const T = 'com.akeneo.pim.v1.';
const MIN = 60_000;

describe('sim Event Platform delivery', () => {
  let p: Platform;
  let hook: Receiver;
  const start = async (script?: Script, options: Parameters<typeof platform>[0] = {}): Promise<void> => {
    hook = await receiver(script);
    p = await platform(options);
  };
  afterEach(async () => {
    await p.close();
    await hook.close();
  });
  const events = (): EventPlatformEvent[] => hook.got.map((r) => JSON.parse(r.body) as EventPlatformEvent);

  it('POSTs one CloudEvent per event, signed with both secrets over the exact bytes; custom headers unsigned', async () => {
    await start();
    const config = { url: hook.url, secret: { primary: PRIMARY, secondary: SECONDARY }, headers: { 'X-Api-Key': 'k-123' } };
    const { subscriptionId } = await p.subscribe(hook.url, { config });
    const product = p.catalog.createProduct();
    await p.ep.deliver();
    assert.equal(hook.got.length, 1);
    const [{ headers, body }] = hook.got;
    assert.equal(headers['x-akeneo-signature-primary'], signEventPlatform(PRIMARY, body));
    assert.equal(headers['x-akeneo-signature-secondary'], signEventPlatform(SECONDARY, body));
    assert.equal(headers['x-akeneo-signature-algorithm'], 'HmacSHA256');
    assert.deepEqual([headers['content-type'], headers['user-agent'], headers['x-api-key']], ['application/json', 'akeneo/event-platform', 'k-123']);
    const [event] = events();
    assert.deepEqual(
      { ...event, id: undefined, time: undefined },
      {
        ...{ specversion: '1.0', id: undefined, source: 'akeneo-event-platform', type: `${T}product.created`, subject: subscriptionId },
        ...{ datacontenttype: 'application/json', dataschema: `https://event.prd.sdk.akeneo.cloud/spec/${T}product.created.schema.json` },
        ...{ time: undefined, data: { product: { uuid: product.uuid }, author: event.data.author } },
      },
    );
    assert.match(event.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(p.ep.records.map((r) => [r.eventId, r.status, r.attempt, r.outcome]), [[event.id, 200, 1, 'delivered']]);
    assert.equal(p.ep.counters.delivered, 1);
  });

  it('sends only the listed types; updates give updated and updated.delta; send_product_identifier adds the identifier', async () => {
    await start();
    await p.subscribe(hook.url, { events: [`${T}product.updated`, `${T}product.updated.delta`, `${T}product-model.deleted`], send_product_identifier: true });
    const product = p.catalog.createProduct();
    const model = p.catalog.createProductModel();
    p.catalog.updateProduct(product.uuid, { enabled: false, categories: ['shoes'] });
    p.catalog.removeProductModel(model.code);
    await p.ep.deliver();
    const got = events().sort((a, b) => a.type.localeCompare(b.type));
    assert.deepEqual(got.map((e) => e.type), [`${T}product-model.deleted`, `${T}product.updated`, `${T}product.updated.delta`]);
    assert.deepEqual(got[0].data, { product_model: { code: model.code }, author: got[0].data.author });
    assert.deepEqual(got[1].data, { product: { uuid: product.uuid, identifier: 'SKU-0001' }, author: got[1].data.author });
    const delta = got[2].data as { product: { identifier: string; updated_at: { timezone: string }; changes: Record<string, unknown> } };
    assert.equal(delta.product.identifier, 'SKU-0001');
    assert.equal(delta.product.updated_at.timezone, 'UTC');
    assert.deepEqual(delta.product.changes, { enabled: { previous: true, new: false }, categories: { added: ['shoes'], removed: ['master'] } });
  });

  it('skips events that the subscription filter does not pass', async () => {
    await start();
    await p.subscribe(hook.url, { filter: 'user_type="api" or attribute in ["price"]' });
    const product = p.catalog.createProduct();
    p.catalog.updateProduct(product.uuid, { values: { price: [{ locale: null, scope: null, data: 10 }] } });
    await p.ep.deliver();
    assert.deepEqual(events().map((e) => e.type), [`${T}product.updated.delta`]);
    assert.equal(p.ep.counters.filteredOut, 2);
  });

  it('slows down on 429 whatever the Retry-After, re-sends the throttled events, and speeds up again on 200', async () => {
    await start((n) => (n < 4 ? 429 : 200));
    const { subscriptionId } = await p.subscribe(hook.url, { events: [`${T}product.created`] });
    p.catalog.seed(12);
    await p.ep.deliver();
    const records = [...p.ep.records].sort((a, b) => a.at - b.at);
    assert.deepEqual(records.filter((r) => r.status === 429).length, 4);
    assert.equal(p.ep.counters.delivered, 12, 'every throttled event is delivered in the end');
    assert.equal(p.ep.counters.retried, 0, 'a throttled event is not a failed one');
    const rates = records.map((r) => r.rate);
    assert.ok(Math.min(...rates) < rates[0], `the rate went down: ${rates.join(', ')}`);
    assert.ok(p.ep.delivery.rateOf(subscriptionId) > Math.min(...rates), 'and up again');
    for (let i = 1; i < records.length; i++) {
      const gap = records[i].at - records[i - 1].at;
      assert.ok(gap >= (1000 / records[i - 1].rate) * 0.999, `sends ${i - 1} and ${i} are paced: ${gap} ms at ${records[i - 1].rate}/s`);
    }
    const firstThrottled = records.find((r) => r.status === 429);
    const resent = records.find((r) => r.eventId === firstThrottled?.eventId && r.status === 200);
    assert.ok(resent && firstThrottled && resent.at - firstThrottled.at < 3_600_000, 'Retry-After: 3600 was ignored');
  });

  it('keeps the rate between 1 and 100 events per second', async () => {
    await start((n) => (n < 30 ? 429 : 200), { delivery: { rate: { initial: 99, increase: 5 } } });
    const { subscriptionId } = await p.subscribe(hook.url, { events: [`${T}product.created`] });
    p.catalog.seed(60);
    await p.ep.deliver();
    const rates = p.ep.records.map((r) => r.rate);
    assert.equal(Math.min(...rates), DELIVERY_RATE_BOUNDS.min);
    assert.equal(p.ep.delivery.rateOf(subscriptionId), DELIVERY_RATE_BOUNDS.max);
  });

  it('retries a transient failure after 5, 10 and 20 minutes of platform time, then drops it', async () => {
    await start(() => 500);
    await p.subscribe(hook.url, { events: [`${T}product.created`] });
    p.catalog.createProduct();
    const began = performance.now();
    await p.ep.deliver();
    assert.ok(performance.now() - began < 3000, 'scaled time: 35 minutes in milliseconds');
    const records = p.ep.records;
    assert.deepEqual(records.map((r) => [r.attempt, r.status, r.outcome]), [
      [1, 500, 'retry-scheduled'],
      [2, 500, 'retry-scheduled'],
      [3, 500, 'retry-scheduled'],
      [4, 500, 'dropped'],
    ]);
    [5, 10, 20].forEach((minutes, i) => {
      const gap = records[i + 1].at - records[i].at;
      assert.ok(gap >= minutes * MIN && gap < (minutes + 10) * MIN, `retry ${i + 1} came ${gap / MIN} min later`);
    });
    assert.equal(new Set(records.map((r) => r.eventId)).size, 1, 'the same event each time');
    assert.deepEqual([p.ep.counters.retried, p.ep.counters.dropped, p.ep.counters.systemSuspensions], [3, 1, 0]);
  });

  it('treats a timeout as transient, and does not retry a 400', async () => {
    await start((n, body) => (body.includes('product-model') ? 400 : n === 0 ? 'hang' : 200), { delivery: { timeoutMs: 150 } });
    await p.subscribe(hook.url);
    p.catalog.createProduct();
    await p.ep.deliver();
    p.catalog.createProductModel();
    await p.ep.deliver();
    assert.deepEqual(p.ep.records.map((r) => [r.type.slice(T.length), r.attempt, r.status, r.error, r.outcome]), [
      ['product.created', 1, 0, 'timeout', 'retry-scheduled'],
      ['product.created', 2, 200, undefined, 'delivered'],
      ['product-model.created', 1, 400, undefined, 'dropped'],
    ]);
  });

  it('duplicates and reorders on demand (at least once), keeping the event ids', async () => {
    await start(undefined, { chaos: { duplicateRate: 1, shuffle: true }, random: seededRandom(7) });
    await p.subscribe(hook.url, { events: [`${T}product.created`] });
    const uuids = p.catalog.seed(6).map((x) => x.uuid);
    await p.ep.deliver();
    const got = events();
    assert.equal(got.length, 12);
    assert.equal(new Set(got.map((e) => e.id)).size, 6);
    assert.equal(p.ep.counters.duplicates, 6);
    const order = got.map((e) => (e.data as { product: { uuid: string } }).product.uuid);
    assert.notDeepEqual(order.slice(0, 6), uuids, 'shuffled');
  });
});
