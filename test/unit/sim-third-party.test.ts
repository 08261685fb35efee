import assert from 'node:assert/strict';
import { HttpDestination } from '../../src/destination/http-destination';
import { seededRandom, ThirdPartySimulator } from '../../src/sim';

const UUID = '9a8b7c6d-1111-4222-8333-444455556666';

describe('sim ThirdPartySimulator', () => {
  let tp: ThirdPartySimulator;
  let url: string;

  async function start(options: ConstructorParameters<typeof ThirdPartySimulator>[0] = {}): Promise<void> {
    tp = new ThirdPartySimulator(options);
    ({ url } = await tp.start());
  }
  afterEach(() => tp.close());

  function put(path: string, body: unknown, key?: string, token?: string, extra: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...extra };
    if (key) headers['Idempotency-Key'] = key;
    if (token) headers.Authorization = `Bearer ${token}`;
    return fetch(`${url}${path}`, { method: 'PUT', headers, body: JSON.stringify(body) });
  }

  /** A PUT of `/products/{UUID}` carrying the version headers. */
  function putVersion(updated: string, digest: string, body: unknown = { updated, digest }): Promise<Response> {
    return put(`/products/${UUID}`, body, `${UUID}:${digest}`, undefined, { 'X-Akeneo-Updated': updated, 'X-Akeneo-Content-Digest': digest });
  }

  it('stores PUT bodies with their idempotency key and serves them back', async () => {
    await start();
    const first = await put(`/products/${UUID}`, { uuid: UUID, v: 1 }, `${UUID}:v1`);
    assert.equal(first.status, 200);
    assert.equal((await put(`/products/${UUID}`, { uuid: UUID, v: 2 }, `${UUID}:v2`)).status, 204);
    assert.equal((await put(`/products/${UUID}`, { uuid: UUID, v: 2 }, `${UUID}:v2`)).status, 204);
    assert.deepEqual(tp.products(), new Map([[UUID, { uuid: UUID, v: 2 }]]));
    assert.equal(tp.storedProduct(UUID)?.idempotencyKey, `${UUID}:v2`);
    assert.equal(tp.writes, 3);
    assert.equal(tp.replays, 1);
    assert.deepEqual(await (await fetch(`${url}/products/${UUID}`)).json(), { uuid: UUID, v: 2 });
    const listed = (await (await fetch(`${url}/products`)).json()) as unknown[];
    assert.deepEqual(listed, [{ id: UUID, body: { uuid: UUID, v: 2 }, idempotencyKey: `${UUID}:v2`, headers: {} }]);
    assert.deepEqual({ ...tp.requests[0], at: 0 }, { at: 0,  method: 'PUT', path: `/products/${UUID}`, query: '', status: 200, idempotencyKey: `${UUID}:v1` });
  });

  it('records the version headers of the write that stored each entity', async () => {
    await start();
    assert.equal((await putVersion('2024-05-02T08:00:00+00:00', 'd1')).status, 200);
    assert.equal((await putVersion('2024-05-02T08:00:01+00:00', 'd2')).status, 204);
    assert.deepEqual(tp.storedProduct(UUID), {
      id: UUID,
      body: { updated: '2024-05-02T08:00:01+00:00', digest: 'd2' },
      idempotencyKey: `${UUID}:d2`,
      headers: { 'x-akeneo-updated': '2024-05-02T08:00:01+00:00', 'x-akeneo-content-digest': 'd2' },
    });
  });

  it('accepts an older write by default', async () => {
    await start();
    await putVersion('2024-05-02T09:00:00+00:00', 'new');
    assert.equal((await putVersion('2024-05-02T08:00:00+00:00', 'old')).status, 204);
    assert.equal(tp.storedProduct(UUID)?.headers['x-akeneo-content-digest'], 'old');
    assert.equal(tp.staleRefused, 0);
  });

  it('with refuseStale answers 412 to an older write, and accepts an equal or newer one', async () => {
    await start({ refuseStale: true });
    await putVersion('2024-05-02T09:00:00+00:00', 'new');
    const stale = await putVersion('2024-05-02T10:59:59+02:00', 'old'); // 08:59:59Z: compared as times, not strings
    assert.equal(stale.status, 412);
    assert.equal(((await stale.json()) as { error: { code: string } }).error.code, 'stale');
    assert.equal(tp.storedProduct(UUID)?.headers['x-akeneo-content-digest'], 'new', 'the newer version is kept');
    assert.equal((await putVersion('2024-05-02T09:00:00+00:00', 'same-second')).status, 204, 'an equal updated is accepted');
    assert.equal((await putVersion('2024-05-02T09:00:01+00:00', 'newer')).status, 204);
    assert.equal((await put(`/products/${UUID}`, { unversioned: true })).status, 204, 'a write without the header is not compared');
    assert.equal(tp.staleRefused, 1);
    assert.equal(tp.writes, 4);
  });

  it('with refuseStale, the HTTP destination gets its 412 as a superseded write', async () => {
    await start({ refuseStale: true });
    const destination = new HttpDestination({ baseUrl: url });
    const ref = { kind: 'product', id: UUID } as const;
    assert.equal(await destination.upsert(ref, { v: 'new' }, { version: '2024-05-02T09:00:00+00:00', digest: 'new' }), 'written');
    assert.equal(await destination.upsert(ref, { v: 'old' }, { version: '2024-05-02T08:00:00+00:00', digest: 'old' }), 'superseded');
    assert.deepEqual(tp.products().get(UUID), { v: 'new' });
  });

  it('deletes with 204, then 404s; product models live apart', async () => {
    await start();
    await put('/product-models/tshirt_red', { code: 'tshirt_red' });
    assert.deepEqual([...tp.productModels().keys()], ['tshirt_red']);
    assert.equal(tp.products().size, 0);
    assert.equal((await fetch(`${url}/product-models/tshirt_red`, { method: 'DELETE' })).status, 204);
    assert.equal((await fetch(`${url}/product-models/tshirt_red`, { method: 'DELETE' })).status, 404);
    assert.equal((await fetch(`${url}/products/${UUID}`)).status, 404);
    assert.equal(tp.deletes, 1);
  });

  it('requires the bearer token when configured', async () => {
    await start({ token: 't0k' });
    assert.equal((await put(`/products/${UUID}`, {})).status, 401);
    assert.equal((await put(`/products/${UUID}`, {}, undefined, 'wrong')).status, 401);
    assert.equal((await put(`/products/${UUID}`, {}, undefined, 't0k')).status, 200);
    assert.equal(tp.writes, 1);
  });

  it('fails the next n writes, rate-limits with Retry-After, then recovers', async () => {
    await start();
    tp.failNext(2, 503);
    tp.rateLimitNext(1, 9);
    assert.equal((await put(`/products/${UUID}`, {})).status, 503);
    assert.equal((await fetch(`${url}/products`)).status, 200, 'inspection GETs are never faulted');
    assert.equal((await put(`/products/${UUID}`, {})).status, 503);
    const limited = await put(`/products/${UUID}`, {});
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '9');
    assert.equal((await put(`/products/${UUID}`, { ok: true })).status, 200);
    assert.equal(tp.writes, 1);
    assert.deepEqual(
      tp.requests.filter((r) => r.method === 'PUT').map((r) => r.status),
      [503, 503, 429, 200],
    );
  });

  it('fails a random fraction of writes with the given statuses', async () => {
    await start({ random: seededRandom(42) });
    tp.failRate(1, [500]);
    assert.equal((await put(`/products/${UUID}`, {})).status, 500);
    tp.failRate(0.5, [500, 503]);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await put(`/products/${UUID}`, {})).status);
    const failed = statuses.filter((s) => s >= 500);
    assert.ok(failed.length > 5 && failed.length < 35, `about half fail (${failed.length}/40)`);
    assert.ok(failed.every((s) => s === 500 || s === 503));
    tp.failRate(0);
    assert.ok((await put(`/products/${UUID}`, {})).ok);
  });

  it('holds responses for latencyMs and measures peak concurrency', async () => {
    await start({ latencyMs: 40 });
    const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => put(`/products/${UUID}-${i}`, { i })));
    assert.ok(answers.every((a) => a.ok));
    assert.equal(tp.peakConcurrency, 4);
    assert.equal(tp.products().size, 4);
  });
});
