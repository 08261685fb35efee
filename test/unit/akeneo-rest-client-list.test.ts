import assert from 'node:assert/strict';
import { contentDigest } from '../../src/akeneo/content-digest';
import { AkeneoRestClient, PimHttpError, PimNetworkError } from '../../src/akeneo/rest-client';
import type { PimPage } from '../../src/akeneo/types';
import type { EntityKind } from '../../src/workflows/definitions';
import { Catalog, PimSimulator } from '../../src/sim';
import { sendJson, startTinyServer, type TinyServer } from '../helpers/tiny-server';

const CREDS = { clientId: 'client', clientSecret: 'secret', username: 'connector', password: 'pw' };
const START = Date.UTC(2024, 4, 2, 8, 15, 0);

describe('AkeneoRestClient as a PimLister', () => {
  let now = START;
  let catalog: Catalog;
  let pim: PimSimulator;
  let client: AkeneoRestClient;

  beforeEach(async () => {
    now = START;
    catalog = new Catalog({ now: () => now });
    pim = new PimSimulator({ catalog, ...CREDS, now: () => now });
    const { url } = await pim.start();
    client = new AkeneoRestClient({ baseUrl: url, ...CREDS });
  });
  afterEach(() => pim.close());

  const restQueries = () => pim.requests.filter((r) => r.path.startsWith('/api/rest/v1/'));

  async function listAll(kind: EntityKind, options: { updatedAfter?: string; limit?: number } = {}): Promise<PimPage[]> {
    const pages = [await client.listPage(kind, options)];
    for (let next = pages[0].next; next; next = pages.at(-1)!.next) pages.push(await client.listPage(kind, { next }));
    return pages;
  }

  it('pages 250 products by 100: three pages of {id, updated} in uuid order, then no next link', async () => {
    const products = catalog.seed(250, { silent: true });
    const pages = await listAll('product');
    assert.deepEqual(pages.map((p) => p.items.length), [100, 100, 50]);
    assert.equal(pages[2].next, undefined);
    const expected = products.map((p) => ({ id: p.uuid, updated: p.updated, digest: contentDigest(p) })).sort((a, b) => (a.id < b.id ? -1 : 1));
    assert.deepEqual(pages.flatMap((p) => p.items), expected, 'a list item has the digest of the product as GET returns it');
    const [first, second] = restQueries();
    assert.equal(first.path, '/api/rest/v1/products-uuid');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(first.query)), { pagination_type: 'search_after', limit: '100' });
    assert.equal(`${pim.url}${second.path}${second.query}`, pages[0].next, 'the next link is followed verbatim');
  });

  it('ends on a page without a next link, even when the page before was exactly full', async () => {
    catalog.seed(20, { silent: true });
    const pages = await listAll('product', { limit: 10 });
    assert.deepEqual(pages.map((p) => p.items.length), [10, 10, 0]);
    assert.ok(pages[0].next && pages[1].next);
    assert.equal(pages[2].next, undefined);
  });

  it('lists only what was updated strictly after updatedAfter, compared in whole UTC seconds', async () => {
    const [a] = catalog.seed(3, { silent: true });
    now = START + 10_000;
    const fresh = catalog.createProduct({}, { silent: true });
    const touched = catalog.updateProduct(a.uuid, { enabled: false }, { silent: true });
    const [page] = await listAll('product', { updatedAfter: new Date(START + 5_999).toISOString() });
    const ids = page.items.map((i) => i.id).sort();
    assert.deepEqual(ids, [fresh.uuid, touched.uuid].sort());
    assert.equal(page.items.find((i) => i.id === touched.uuid)?.updated, '2024-05-02T08:15:10+00:00', 'updated exactly as the PIM wrote it');
    const search = new URLSearchParams(restQueries()[0].query).get('search');
    assert.deepEqual(JSON.parse(search!), { updated: [{ operator: '>', value: '2024-05-02 08:15:05' }] });
    const [none] = await listAll('product', { updatedAfter: fresh.updated });
    assert.deepEqual(none.items, [], `nothing is newer than ${fresh.updated}`);
  });

  it('refuses a limit over 100 and an updatedAfter that is not a date, without a request', async () => {
    await assert.rejects(client.listPage('product', { limit: 101 }), RangeError);
    await assert.rejects(client.listPage('product', { limit: 0 }), RangeError);
    await assert.rejects(client.listPage('product', { updatedAfter: 'yesterday' }), RangeError);
    assert.equal(pim.requests.length, 0);
  });

  it('finds the uuids still present with one uuid IN search, keeping the caller spelling', async () => {
    const products = catalog.seed(5, { silent: true });
    const gone = [products[1].uuid, products[3].uuid];
    for (const uuid of gone) catalog.removeProduct(uuid, { silent: true });
    const unknown = '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b';
    const asked = [...products.map((p) => p.uuid), unknown];
    asked[0] = asked[0].toUpperCase();
    const found = await client.findExisting('product', asked);
    assert.deepEqual(found, [asked[0], products[2].uuid, products[4].uuid]);
    const queries = restQueries();
    assert.equal(queries.length, 1);
    const params = new URLSearchParams(queries[0].query);
    assert.deepEqual(JSON.parse(params.get('search')!), { uuid: [{ operator: 'IN', value: asked }] });
    assert.equal(params.get('limit'), '100');
  });

  it('answers [] to no ids without a request and refuses more than 100 ids', async () => {
    assert.deepEqual(await client.findExisting('product', []), []);
    assert.deepEqual(await client.findExisting('product-model', []), []);
    const many = catalog.seed(101, { silent: true }).map((p) => p.uuid);
    await assert.rejects(client.findExisting('product', many), RangeError);
    await assert.rejects(client.findExisting('product-model', many), RangeError);
    assert.equal(pim.requests.length, 0);
    assert.equal((await client.findExisting('product', many.slice(0, 100))).length, 100);
  });

  it('lists product models by code, with updatedAfter too', async () => {
    for (const code of ['shirt', 'cap', 'boot']) catalog.createProductModel({ code }, { silent: true });
    now = START + 2_000;
    catalog.updateProductModel('cap', undefined, { silent: true });
    const [all] = await listAll('product-model');
    assert.deepEqual(all.items.map((i) => i.id), ['boot', 'cap', 'shirt']);
    assert.equal(restQueries()[0].path, '/api/rest/v1/product-models');
    const [recent] = await listAll('product-model', { updatedAfter: new Date(START).toISOString() });
    assert.deepEqual(recent.items.map(({ id, updated }) => ({ id, updated })), [{ id: 'cap', updated: '2024-05-02T08:15:02+00:00' }]);
  });

  it('finds existing product models with one GET per distinct code', async () => {
    for (const code of ['shirt', 'cap']) catalog.createProductModel({ code }, { silent: true });
    assert.deepEqual(await client.findExisting('product-model', ['cap', 'gone', 'shirt', 'cap']), ['cap', 'shirt', 'cap']);
    const paths = restQueries().map((r) => r.path).sort();
    assert.deepEqual(paths, ['/api/rest/v1/product-models/cap', '/api/rest/v1/product-models/gone', '/api/rest/v1/product-models/shirt']);
  });

  it('stops asking for product models after the first failure and rethrows it', async () => {
    for (const code of ['a', 'b', 'c', 'd', 'e']) catalog.createProductModel({ code }, { silent: true });
    const one = new AkeneoRestClient({ baseUrl: pim.url, ...CREDS, maxConcurrency: 1 });
    await one.getProductModel('a'); // a token first, so that the failure below is the first REST call of the batch
    pim.failNext(1, 500);
    await assert.rejects(one.findExisting('product-model', ['a', 'b', 'c', 'd', 'e']), (err: unknown) => {
      assert.ok(err instanceof PimHttpError);
      assert.equal(err.status, 500);
      return true;
    });
    await one.getProductModel('a'); // queued behind any call of the batch that was not abandoned
    const batchCalls = pim.requestCount - 2;
    assert.ok(batchCalls <= 2, `the failed call and at most one more already in flight, saw ${batchCalls}`);
  });
});

describe('AkeneoRestClient list page validation', () => {
  let server: TinyServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function answering(body: unknown): Promise<AkeneoRestClient> {
    server = await startTinyServer((req, res) =>
      req.path === '/api/oauth/v1/token' ? sendJson(res, 200, { access_token: 't', expires_in: 3600, refresh_token: 'r' }) : sendJson(res, 200, body),
    );
    return new AkeneoRestClient({ baseUrl: server.url, ...CREDS });
  }

  const malformed = [
    {},
    { _embedded: {} },
    { _embedded: { items: [{ uuid: 7, updated: '2024-05-02T08:15:00+00:00' }] } },
    { _embedded: { items: [{ uuid: 'x' }] } },
    { _embedded: { items: [] }, _links: { next: { href: 42 } } },
  ];
  for (const body of malformed) {
    it(`throws a PimNetworkError on a malformed page: ${JSON.stringify(body)}`, async () => {
      const client = await answering(body);
      await assert.rejects(client.listPage('product', {}), PimNetworkError);
    });
  }

  it('reads a page without _links as the last one', async () => {
    const client = await answering({ _embedded: { items: [{ code: 'm', updated: 'u' }] } });
    assert.deepEqual(await client.listPage('product-model', {}), { items: [{ id: 'm', updated: 'u', digest: contentDigest({ code: 'm', updated: 'u' }) }] });
  });
});
