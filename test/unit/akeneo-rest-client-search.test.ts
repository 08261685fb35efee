import assert from 'node:assert/strict';
import { noopMetricMeter, type MetricMeter, type MetricTags } from '@temporalio/common';
import { AkeneoRestClient, PimNetworkError } from '../../src/akeneo/rest-client';
import { MetricName, PimOperation } from '../../src/metrics/names';
import { countPimRequests } from '../../src/metrics/pim-requests';
import { Catalog, PimSimulator } from '../../src/sim';
import { sendJson, startTinyServer } from '../helpers/tiny-server';

const CREDS = { clientId: 'client', clientSecret: 'secret', username: 'connector', password: 'pw' };

describe('AkeneoRestClient as a PimSearcher', () => {
  let catalog: Catalog;
  let pim: PimSimulator;
  let client: AkeneoRestClient;
  let operations: PimOperation[];

  beforeEach(async () => {
    catalog = new Catalog();
    pim = new PimSimulator({ catalog, ...CREDS, latencyMs: 0 });
    const { url } = await pim.start();
    operations = [];
    client = new AkeneoRestClient({ baseUrl: url, ...CREDS, onRequest: (op) => operations.push(op) });
  });
  afterEach(() => pim.close());

  const searches = () => pim.requests.filter((r) => r.path.startsWith('/api/rest/v1/') && r.query.includes('search='));
  const searchOf = (query: string): unknown => JSON.parse(new URLSearchParams(query).get('search')!);

  it('reads the products among 100 uuids with one uuid IN search, whole and with their _links', async () => {
    const products = catalog.seed(100, { silent: true });
    const found = await client.searchByIds('product', products.map((p) => p.uuid));
    assert.equal(found.length, 100);
    const first = found.find((f) => f.uuid === products[0].uuid) as Record<string, unknown>;
    const { _links, ...data } = first;
    assert.ok(_links, 'a list item carries _links');
    assert.deepEqual(data, catalog.get(products[0].uuid), 'the rest is the product as GET shows it');
    const [search] = searches();
    assert.equal(search.path, '/api/rest/v1/products-uuid');
    assert.deepEqual(searchOf(search.query), { uuid: [{ operator: 'IN', value: products.map((p) => p.uuid) }] });
    assert.equal(new URLSearchParams(search.query).get('limit'), '100');
  });

  it('leaves out what the search index misses (the caller confirms those by GET)', async () => {
    const [a, b] = catalog.seed(2, { silent: true });
    pim.index.hide('product', b.uuid);
    assert.deepEqual((await client.searchByIds('product', [a.uuid, b.uuid])).map((p) => p.uuid), [a.uuid]);
  });

  it('reads product models by code with the identifier IN filter', async () => {
    for (const code of ['shirt', 'cap', 'boot']) catalog.createProductModel({ code }, { silent: true });
    const found = await client.searchByIds('product-model', ['cap', 'gone', 'shirt']);
    assert.deepEqual(found.map((m) => m.code).sort(), ['cap', 'shirt']);
    const [search] = searches();
    assert.equal(search.path, '/api/rest/v1/product-models');
    assert.deepEqual(searchOf(search.query), { identifier: [{ operator: 'IN', value: ['cap', 'gone', 'shirt'] }] });
  });

  it('answers [] to no ids without a request and refuses more than 100 ids', async () => {
    assert.deepEqual(await client.searchByIds('product', []), []);
    const many = Array.from({ length: 101 }, (_, i) => `m${i}`);
    await assert.rejects(client.searchByIds('product-model', many), RangeError);
    assert.equal(pim.requests.length, 0);
  });

  it('tells onRequest of every HTTP request by operation, token calls and 401 replays included', async () => {
    const [p] = catalog.seed(1, { silent: true });
    await client.getProduct(p.uuid);
    await client.searchByIds('product', [p.uuid]);
    await client.findExisting('product', [p.uuid]);
    await client.listPage('product', {});
    pim.expireAllTokens();
    await client.getProduct(p.uuid);
    const { GET, SEARCH, LIST, TOKEN } = PimOperation;
    assert.deepEqual(operations, [TOKEN, GET, SEARCH, SEARCH, LIST, GET, TOKEN, GET]);
    assert.equal(operations.length, pim.requests.length, 'one call per request the PIM saw');
  });
});

describe('AkeneoRestClient search answer validation', () => {
  it('throws a PimNetworkError on a search answer that is not a list page', async () => {
    const server = await startTinyServer((req, res) =>
      req.path === '/api/oauth/v1/token' ? sendJson(res, 200, { access_token: 't', expires_in: 3600 }) : sendJson(res, 200, { items: [] }),
    );
    try {
      const client = new AkeneoRestClient({ baseUrl: server.url, ...CREDS });
      await assert.rejects(client.searchByIds('product', ['a', 'b']), PimNetworkError);
    } finally {
      await server.close();
    }
  });
});

describe('the PIM request counter', () => {
  it('adds one to akeneo_sync_pim_requests{operation} per request, on the meter it is given', () => {
    const adds: Array<{ name: string; tags?: MetricTags }> = [];
    const meter: MetricMeter = {
      createCounter: (name) => ({ ...noopMetricMeter.createCounter(name), add: (_value, tags) => void adds.push({ name, tags }) }),
      createHistogram: (name) => noopMetricMeter.createHistogram(name),
      createGauge: (name) => noopMetricMeter.createGauge(name),
      withTags: () => meter,
    };
    const count = countPimRequests(() => meter);
    count(PimOperation.TOKEN);
    count(PimOperation.SEARCH);
    assert.deepEqual(adds, [
      { name: MetricName.PIM_REQUESTS, tags: { operation: 'token' } },
      { name: MetricName.PIM_REQUESTS, tags: { operation: 'search' } },
    ]);
  });
});
