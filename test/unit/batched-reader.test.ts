import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { toPimFailure } from '../../src/activities/failure-mapping';
import { BatchedPimReader, MAX_BATCH_ID_CHARS } from '../../src/akeneo/batched-reader';
import { ModelSearchSupport } from '../../src/akeneo/model-search-support';
import { AkeneoRestClient, PimHttpError } from '../../src/akeneo/rest-client';
import { FailureType } from '../../src/failures';
import { Catalog, PimSimulator } from '../../src/sim';

const CREDS = { clientId: 'client', clientSecret: 'secret', username: 'connector', password: 'pw' };
const UNKNOWN = '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b';

describe('BatchedPimReader against the PIM simulator', () => {
  let catalog: Catalog;
  let pim: PimSimulator;
  let client: AkeneoRestClient;
  let refusals: Error[];
  let reader: BatchedPimReader;

  async function start(latencyMs: number): Promise<void> {
    catalog = new Catalog();
    pim = new PimSimulator({ catalog, ...CREDS, latencyMs });
    await pim.start();
    client = new AkeneoRestClient({ baseUrl: pim.url, ...CREDS });
    refusals = [];
    const modelSearch = new ModelSearchSupport((err) => refusals.push(err));
    reader = new BatchedPimReader(client, { windowMs: 10, burstWindowMs: 50, modelSearch });
    await client.accessToken(); // so that the requests below are the reads' own
  }
  beforeEach(() => start(5));
  afterEach(() => pim.close());

  const rest = () => pim.requests.filter((r) => r.path.startsWith('/api/rest/v1/'));
  const searches = () => rest().filter((r) => r.query.includes('search='));
  const searchedIds = (query: string): string[] => {
    const search = JSON.parse(new URLSearchParams(query).get('search')!) as Record<string, Array<{ value: string[] }>>;
    return Object.values(search)[0][0].value;
  };
  const gets = () => rest().filter((r) => !r.query);

  it('serves reads asked for at the same time with one search, each as its GET shows it', async () => {
    const products = catalog.seed(30, { silent: true });
    const read = await Promise.all(products.map((p) => reader.read('product', p.uuid)));
    assert.deepEqual(read, products.map((p) => catalog.get(p.uuid)), 'the PIM content, without the list _links');
    assert.equal(rest().length, 1);
    assert.deepEqual(searchedIds(searches()[0].query).sort(), products.map((p) => p.uuid).sort());
  });

  it('reads a batch of one with a plain GET', async () => {
    const [p] = catalog.seed(1, { silent: true });
    assert.deepEqual(await reader.read('product', p.uuid), catalog.get(p.uuid));
    assert.deepEqual(rest().map((r) => r.path), [`/api/rest/v1/products-uuid/${p.uuid}`]);
  });

  it('puts at most 100 ids in one search', async () => {
    const products = catalog.seed(250, { silent: true });
    const read = await Promise.all(products.map((p) => reader.read('product', p.uuid)));
    assert.equal(read.filter((r) => r !== undefined).length, 250);
    assert.deepEqual(searches().map((s) => searchedIds(s.query).length).sort(), [100, 100, 50].sort());
    assert.equal(gets().length, 0);
  });

  it('asks once for an entity read twice in one batch, and answers both reads', async () => {
    const [a, b] = catalog.seed(2, { silent: true });
    const read = await Promise.all([reader.read('product', a.uuid), reader.read('product', b.uuid), reader.read('product', a.uuid.toUpperCase())]);
    assert.deepEqual(read.map((r) => r?.uuid), [a.uuid, b.uuid, a.uuid]);
    assert.deepEqual(searchedIds(searches()[0].query), [a.uuid, b.uuid]);
  });

  it('confirms by GET an entity the search missed, and returns it when the GET finds it', async () => {
    const products = catalog.seed(10, { silent: true });
    const lagging = products.slice(0, 3).map((p) => p.uuid);
    pim.index.hide('product', lagging);
    const read = await Promise.all(products.map((p) => reader.read('product', p.uuid)));
    assert.deepEqual(read, products.map((p) => catalog.get(p.uuid)));
    assert.equal(searches().length, 1);
    assert.deepEqual(gets().map((r) => r.path.split('/').at(-1)).sort(), [...lagging].sort());
  });

  it('answers undefined only for an entity whose GET answers 404', async () => {
    const products = catalog.seed(4, { silent: true });
    const read = await Promise.all([...products.map((p) => reader.read('product', p.uuid)), reader.read('product', UNKNOWN)]);
    assert.equal(read.at(-1), undefined);
    assert.ok(read.slice(0, 4).every((r) => r !== undefined));
    assert.equal(pim.fetchCount(UNKNOWN), 1, 'the GET that proved it gone');
  });

  it('searches product models by code, and on a 422 reads them one GET each from then on, saying so once', async () => {
    for (const code of ['shirt', 'cap', 'boot', 'sock']) catalog.createProductModel({ code }, { silent: true });
    const first = await Promise.all(['shirt', 'cap'].map((code) => reader.read('product-model', code)));
    assert.deepEqual(first, [catalog.getProductModel('shirt'), catalog.getProductModel('cap')]);
    assert.equal(searches().length, 1);
    pim.failNext(1, 422); // an older PIM refusing the `identifier` filter
    const second = await Promise.all(['boot', 'sock', 'gone'].map((code) => reader.read('product-model', code)));
    assert.deepEqual(second, [catalog.getProductModel('boot'), catalog.getProductModel('sock'), undefined]);
    const third = await Promise.all(['shirt', 'cap'].map((code) => reader.read('product-model', code)));
    assert.deepEqual(third.map((m) => m?.code), ['shirt', 'cap']);
    assert.equal(searches().length, 2, 'no search after the refusal');
    assert.equal(refusals.length, 1);
    assert.match(refusals[0].message, /422/);
    const products = catalog.seed(2, { silent: true });
    await Promise.all(products.map((p) => reader.read('product', p.uuid)));
    assert.equal(searches().length, 3, 'products are still searched');
  });

  it('fails every read of a batch with the same 429 failure and Retry-After', async () => {
    const products = catalog.seed(3, { silent: true });
    pim.rateLimit({ requests: 1, retryAfterSeconds: 7 });
    const results = await Promise.allSettled(products.map((p) => reader.read('product', p.uuid)));
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      const err = (r).reason as unknown;
      assert.ok(err instanceof PimHttpError && err.status === 429);
      const failure = toPimFailure(err);
      assert.ok(failure instanceof ApplicationFailure);
      assert.equal(failure.type, FailureType.PIM_RATE_LIMITED);
      assert.equal(failure.nextRetryDelay, '7s');
    }
    assert.equal(rest().length, 1, 'one request failed them all');
  });

  it('fails every read of a batch on a 5xx, and the next batch reads again', async () => {
    const products = catalog.seed(3, { silent: true });
    pim.failNext(1, 503);
    const results = await Promise.allSettled(products.map((p) => reader.read('product', p.uuid)));
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected', 'rejected']);
    assert.ok(results.every((r) => r.status === 'rejected' && (r.reason as PimHttpError).status === 503));
    assert.equal((await Promise.all(products.map((p) => reader.read('product', p.uuid)))).length, 3);
  });

  it('leaves the other reads of a batch alone when one is cancelled before the batch is sent', async () => {
    const [a, b, c] = catalog.seed(3, { silent: true });
    const cancel = new AbortController();
    const reads = [reader.read('product', a.uuid), reader.read('product', b.uuid, cancel.signal), reader.read('product', c.uuid)];
    cancel.abort(new Error('activity cancelled'));
    const [ra, rb, rc] = await Promise.allSettled(reads);
    assert.equal(rb.status, 'rejected');
    assert.match(String((rb).reason), /activity cancelled/);
    assert.deepEqual([ra, rc].map((r) => r.status === 'fulfilled' && r.value?.uuid), [a.uuid, c.uuid]);
    assert.deepEqual(searchedIds(searches()[0].query), [a.uuid, c.uuid], 'the cancelled id is not asked for');
  });

  it('leaves the other reads alone when one is cancelled while the search is in flight', async () => {
    await pim.close();
    await start(150);
    const [a, b] = catalog.seed(2, { silent: true });
    const cancel = new AbortController();
    const reads = [reader.read('product', a.uuid, cancel.signal), reader.read('product', b.uuid)];
    const sent = Date.now();
    while (pim.inFlightRequests === 0 && Date.now() - sent < 5_000) await new Promise((r) => setImmediate(r));
    assert.equal(pim.inFlightRequests, 1, 'the search is in flight');
    cancel.abort(new Error('activity cancelled'));
    const [ra, rb] = await Promise.allSettled(reads);
    assert.equal(ra.status, 'rejected');
    assert.equal(rb.status === 'fulfilled' && rb.value?.uuid, b.uuid);
    assert.equal(searches().length, 1);
  });

  it('splits a batch whose ids would make too long a URL', async () => {
    const codes = Array.from({ length: 60 }, (_, i) => `${'long_code_'.repeat(9)}${String(i).padStart(10, '0')}`);
    for (const code of codes) catalog.createProductModel({ code }, { silent: true });
    const read = await Promise.all(codes.map((code) => reader.read('product-model', code)));
    assert.deepEqual(read.map((m) => m?.code), codes);
    const sizes = searches().map((s) => searchedIds(s.query).length);
    assert.deepEqual([...sizes].sort(), [10, 50], `at most ${MAX_BATCH_ID_CHARS} characters of ids per search`);
  });

  it('gathers the reads asked for while two batches are in flight into the next batch', async () => {
    await pim.close();
    await start(150);
    const products = catalog.seed(32, { silent: true });
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const reads = [reader.read('product', products[0].uuid)];
    await pause(20);
    reads.push(reader.read('product', products[1].uuid));
    await pause(20);
    reads.push(...products.slice(2, 22).map((p) => reader.read('product', p.uuid)));
    await pause(40);
    reads.push(...products.slice(22).map((p) => reader.read('product', p.uuid)));
    assert.equal((await Promise.all(reads)).filter((r) => r !== undefined).length, 32);
    assert.equal(gets().length, 2, 'the first two batches, of one read each');
    assert.deepEqual(searches().map((s) => searchedIds(s.query).length), [30], 'the 30 reads asked for meanwhile: one search');
  });

  it('waits longer for more reads during a burst, so its reads share one search', async () => {
    reader = new BatchedPimReader(client, { windowMs: 10, burstWindowMs: 500, burstReadsPerSecond: 5 });
    const products = catalog.seed(15, { silent: true });
    const reads: Array<Promise<unknown>> = [];
    // One read every 20 ms: alone in a 10 ms window, but the fifth makes a burst (five within a second).
    for (const p of products) {
      reads.push(reader.read('product', p.uuid));
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(reads);
    const last = searches().at(-1);
    assert.ok(last, 'the burst was read by search');
    assert.deepEqual(searchedIds(last.query), products.slice(4).map((p) => p.uuid), 'the eleven reads of the burst in one search');
  });

  it('rejects at once a read whose signal is already aborted, without a request', async () => {
    const cancel = new AbortController();
    cancel.abort(new Error('too late'));
    await assert.rejects(reader.read('product', UNKNOWN, cancel.signal), /too late/);
    assert.equal(rest().length, 0);
  });
});

describe('BatchedPimReader cancellation of a whole batch', () => {
  it('aborts the search in flight once every read of its batch is cancelled', async () => {
    let searchSignal: AbortSignal | undefined;
    const hanging = {
      getProduct: () => Promise.resolve(undefined),
      getProductModel: () => Promise.resolve(undefined),
      searchByIds: (_kind: unknown, _ids: string[], signal?: AbortSignal) => {
        searchSignal = signal;
        return new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error)));
      },
    };
    const reader = new BatchedPimReader(hanging, { windowMs: 1 });
    const cancels = [new AbortController(), new AbortController()];
    const reads = [randomUUID(), randomUUID()].map((id, i) => reader.read('product', id, cancels[i].signal));
    const deadline = Date.now() + 5_000;
    while (!searchSignal && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    cancels[0].abort(new Error('first cancelled'));
    assert.equal(searchSignal?.aborted, false, 'one read still waits');
    cancels[1].abort(new Error('second cancelled'));
    assert.equal(searchSignal?.aborted, true, 'nobody waits any more');
    const results = await Promise.allSettled(reads);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  });
});
