import assert from 'node:assert/strict';
import { Catalog, EventSender, PimSimulator, RATE_LIMIT_MESSAGE, SlidingWindowLimiter } from '../../src/sim';

const CREDS = { clientId: 'client', clientSecret: 'secret', username: 'connector', password: 'pw' };
const START = Date.UTC(2024, 4, 2, 8, 15, 0);

describe('sim PimSimulator requests-per-second cap', () => {
  let now = START;
  let catalog: Catalog;
  let pim: PimSimulator;
  let token: string;
  let productPath: string;

  async function start(maxRequestsPerSecond?: number): Promise<void> {
    pim = new PimSimulator({ catalog, ...CREDS, now: () => now, maxRequestsPerSecond, latencyMs: 0, refuseExcessConcurrency: false });
    await pim.start();
    token = await login();
  }

  async function login(): Promise<string> {
    const res = await fetch(`${pim.url}/api/oauth/v1/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('client:secret').toString('base64')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: 'connector', password: 'pw' }),
    });
    assert.equal(res.status, 200);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  async function get(): Promise<{ status: number; retryAfter: string | null; body: unknown }> {
    const res = await fetch(`${pim.url}${productPath}`, { headers: { Authorization: `Bearer ${token}` } });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
  }

  async function statusAt(ms: number): Promise<number> {
    now = START + ms;
    return (await get()).status;
  }

  beforeEach(() => {
    now = START;
    catalog = new Catalog({ now: () => now });
    productPath = `/api/rest/v1/products-uuid/${catalog.createProduct().uuid}`;
  });
  afterEach(() => pim.close());

  it('serves exactly N of N + 5 concurrent calls within one second and answers the rest 429, Retry-After: 1', async () => {
    await start(5);
    const answers = await Promise.all(Array.from({ length: 10 }, () => get()));
    const limited = answers.filter((a) => a.status === 429);
    assert.equal(answers.filter((a) => a.status === 200).length, 5);
    assert.equal(limited.length, 5);
    for (const a of limited) {
      assert.equal(a.retryAfter, '1');
      assert.deepEqual(a.body, { code: 429, message: RATE_LIMIT_MESSAGE });
    }
    assert.equal(pim.rateLimitedCount, 5);
    assert.equal(pim.restRequestsServed, 5);
    assert.equal(pim.requestCount, 10);
    assert.equal(pim.fetchCount(productPath.split('/').at(-1)!), 5, 'rejected calls never reach the data');
  });

  it('slides the window: a call is admitted again once an admitted one is a full second old', async () => {
    await start();
    pim.maxRequestsPerSecond = 3; // set while running
    assert.deepEqual([await statusAt(0), await statusAt(0), await statusAt(500), await statusAt(999)], [200, 200, 200, 429]);
    assert.deepEqual([await statusAt(1000), await statusAt(1000), await statusAt(1000)], [200, 200, 429]);
    assert.deepEqual([await statusAt(1499), await statusAt(1500)], [429, 200]);
    assert.equal(pim.rateLimitedCount, 3);
    assert.equal(pim.restRequestsServed, 6);
  });

  it('never limits token calls, and lifts the cap with undefined', async () => {
    await start(1);
    assert.equal(await statusAt(0), 200);
    assert.equal(await statusAt(0), 429);
    for (let i = 0; i < 3; i++) await login();
    assert.equal(pim.rateLimitedCount, 1);
    pim.maxRequestsPerSecond = undefined;
    assert.deepEqual([await statusAt(0), await statusAt(0)], [200, 200]);
    assert.throws(() => (pim.maxRequestsPerSecond = 0), RangeError);
    assert.throws(() => (pim.maxRequestsPerSecond = 2.5), RangeError);
  });

  it('counts a scripted 429 in neither rateLimitedCount nor restRequestsServed, and a 5xx as served', async () => {
    await start();
    pim.rateLimit({ requests: 1 });
    pim.failNext(1, 503);
    assert.deepEqual([await statusAt(0), await statusAt(0), await statusAt(0)], [429, 503, 200]);
    assert.equal(pim.rateLimitedCount, 0);
    assert.equal(pim.restRequestsServed, 2);
  });
});

describe('sim SlidingWindowLimiter', () => {
  it('does not count rejected requests against the window', () => {
    const limiter = new SlidingWindowLimiter(2);
    assert.deepEqual([0, 10, 20, 900, 999].map((t) => limiter.admit(t)), [true, true, false, false, false]);
    assert.equal(limiter.admit(1000), true, 'the request at 0 has left the window');
    assert.equal(limiter.admit(1009), false);
    assert.equal(limiter.admit(1010), true);
  });
});

describe('sim Catalog silent changes and list index', () => {
  it('updates and removes products and product models silently: the data changes, the change log does not', () => {
    const catalog = new Catalog({ now: () => START });
    const sender = new EventSender({ catalog, eventsApi: { url: 'http://127.0.0.1:9/unused', secret: 's' } });
    const [p, q] = catalog.seed(2);
    const m = catalog.createProductModel({ code: 'shirt' });
    const seq = catalog.lastSeq;
    const pending = sender.pending();
    assert.equal(pending.length, 3);
    assert.equal(catalog.updateProduct(p.uuid, { enabled: false }, { silent: true }).enabled, false);
    assert.equal(catalog.get(p.uuid)?.enabled, false);
    catalog.updateProduct(q.uuid, undefined, { silent: true });
    catalog.removeProduct(q.uuid, { silent: true });
    assert.equal(catalog.get(q.uuid), undefined);
    assert.equal(catalog.updateProductModel(m.code, { family: 'shoes' }, { silent: true }).family, 'shoes');
    catalog.removeProductModel(m.code, { silent: true });
    assert.equal(catalog.getProductModel(m.code), undefined);
    catalog.createProduct({}, { silent: true });
    assert.equal(catalog.lastSeq, seq);
    assert.deepEqual(sender.pending(), pending);
    const loud = catalog.updateProduct(p.uuid);
    assert.deepEqual(catalog.changes(seq).map((c) => [c.seq, c.action, c.id, c.at]), [[seq + 1, 'updated', p.uuid, loud.updated]]);
  });

  it('keeps the list index sorted and exact through seeds, removals, re-creations and updates', () => {
    const catalog = new Catalog({ now: () => START });
    const seeded = catalog.seed(50, { silent: true });
    const index = () => catalog.productIndex();
    const expected = () => catalog.list().map((p) => p.uuid).sort();
    assert.deepEqual(index().ids, expected());
    for (const p of seeded.slice(0, 10)) catalog.removeProduct(p.uuid, { silent: true });
    catalog.createProduct({ uuid: seeded[3].uuid });
    catalog.seed(5);
    assert.deepEqual(index().ids, expected());
    assert.equal(index().ids.length, 46);
    const updated = catalog.updateProduct(seeded[20].uuid, { family: 'shoes' });
    assert.equal(index().get(seeded[20].uuid)?.family, 'shoes');
    assert.equal(index().get(seeded[20].uuid)?.updated, updated.updated);
    for (const code of ['b', 'a', 'c']) catalog.createProductModel({ code });
    catalog.removeProductModel('c');
    assert.deepEqual(catalog.productModelIndex().ids, ['a', 'b']);
  });

  it('returns copies the caller may change without touching the catalog', () => {
    const catalog = new Catalog({ now: () => START });
    const [p] = catalog.seed(1);
    p.values.sku[0].data = 'changed';
    catalog.list()[0].categories.push('x');
    assert.equal(catalog.get(p.uuid)?.values.sku?.[0]?.data, 'SKU-0001');
    assert.deepEqual(catalog.get(p.uuid)?.categories, ['master']);
    assert.equal(catalog.changes()[0]?.snapshot.values.sku?.[0]?.data, 'SKU-0001');
  });
});
