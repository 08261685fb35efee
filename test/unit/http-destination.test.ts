import assert from 'node:assert/strict';
import { DestinationHttpError, DestinationNetworkError, HttpDestination } from '../../src/destination/http-destination';
import type { EntityRef } from '../../src/domain/entity';
import { sendJson, startTinyServer, type TinyServer } from '../helpers/tiny-server';

const PRODUCT: EntityRef = { kind: 'product', id: '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b' };
const MODEL: EntityRef = { kind: 'product-model', id: 'tshirt model' };
const VERSION = '2024-05-02T08:15:00+00:00';
const META = { version: VERSION, digest: 'sha256-3f2a9c' };
const REMOVED = { version: '2024-05-03T10:00:00.000Z' };

describe('HttpDestination', () => {
  let server: TinyServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('PUTs the PIM JSON unchanged with the version headers, the idempotency key and the bearer token', async () => {
    server = await startTinyServer((_req, res) => {
      res.writeHead(204).end();
    });
    const data = { uuid: PRODUCT.id, updated: VERSION, values: { name: [{ locale: 'fr_FR', scope: null, data: 'Été' }] } };
    const outcome = await new HttpDestination({ baseUrl: `${server.url}/`, token: 'dest-token' }).upsert(PRODUCT, data, META);
    assert.equal(outcome, 'written');
    const [req] = server.requests;
    assert.equal(req.method, 'PUT');
    assert.equal(req.path, `/products/${PRODUCT.id}`);
    assert.equal(req.body, JSON.stringify(data));
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['x-akeneo-updated'], VERSION, 'the PIM updated, as given');
    assert.equal(req.headers['x-akeneo-content-digest'], META.digest);
    assert.equal(req.headers['idempotency-key'], `${PRODUCT.id}:${META.digest}`);
    assert.equal(req.headers.authorization, 'Bearer dest-token');
  });

  it('gives two saves within one second (same updated, other digest) different idempotency keys', async () => {
    server = await startTinyServer((_req, res) => {
      res.writeHead(200).end();
    });
    const destination = new HttpDestination({ baseUrl: server.url });
    await destination.upsert(PRODUCT, { v: 1 }, { version: VERSION, digest: 'd1' });
    await destination.upsert(PRODUCT, { v: 2 }, { version: VERSION, digest: 'd2' });
    assert.deepEqual(
      server.requests.map((r) => r.headers['idempotency-key']),
      [`${PRODUCT.id}:d1`, `${PRODUCT.id}:d2`],
    );
  });

  it('without a digest sends no digest header and keys the write by version', async () => {
    server = await startTinyServer((_req, res) => {
      res.writeHead(200).end();
    });
    await new HttpDestination({ baseUrl: server.url }).upsert(PRODUCT, {}, { version: VERSION });
    const [req] = server.requests;
    assert.equal(req.headers['x-akeneo-updated'], VERSION);
    assert.equal(req.headers['x-akeneo-content-digest'], undefined);
    assert.equal(req.headers['idempotency-key'], `${PRODUCT.id}:${VERSION}`);
  });

  it('writes product models under /product-models and sends no Authorization without a token', async () => {
    server = await startTinyServer((_req, res) => {
      res.writeHead(200).end();
    });
    await new HttpDestination({ baseUrl: server.url }).upsert(MODEL, { code: MODEL.id }, META);
    const [req] = server.requests;
    assert.equal(req.path, '/product-models/tshirt%20model');
    assert.equal(req.headers.authorization, undefined);
  });

  it('DELETEs the entity with the removal time, and counts a 404 as done', async () => {
    server = await startTinyServer((_req, res) => sendJson(res, 404, { error: 'unknown' }));
    assert.equal(await new HttpDestination({ baseUrl: server.url, token: 't' }).remove(PRODUCT, REMOVED), 'written');
    const [req] = server.requests;
    assert.equal(req.method, 'DELETE');
    assert.equal(req.path, `/products/${PRODUCT.id}`);
    assert.equal(req.headers.authorization, 'Bearer t');
    assert.equal(req.headers['x-akeneo-updated'], REMOVED.version);
    assert.equal(req.headers['x-akeneo-content-digest'], undefined);
    assert.equal(req.headers['idempotency-key'], undefined);
  });

  for (const status of [409, 412]) {
    it(`counts a ${status} (a newer version is already there) as superseded, for a PUT and a DELETE`, async () => {
      server = await startTinyServer((_req, res) => sendJson(res, status, { error: 'newer version stored' }));
      const destination = new HttpDestination({ baseUrl: server.url });
      assert.equal(await destination.upsert(PRODUCT, {}, META), 'superseded');
      assert.equal(await destination.remove(MODEL, REMOVED), 'superseded');
    });
  }

  it('still rejects other 4xx answers', async () => {
    let status = 400;
    server = await startTinyServer((_req, res) => sendJson(res, status, { error: 'no' }));
    const destination = new HttpDestination({ baseUrl: server.url });
    for (status of [400, 403, 410, 422]) {
      await assert.rejects(destination.upsert(PRODUCT, {}, META), (err: unknown) => err instanceof DestinationHttpError && err.status === status);
    }
  });

  it('throws a DestinationHttpError on a 500', async () => {
    server = await startTinyServer((_req, res) => sendJson(res, 500, { error: 'boom' }));
    await assert.rejects(new HttpDestination({ baseUrl: server.url }).upsert(PRODUCT, {}, META), (err: unknown) => {
      assert.ok(err instanceof DestinationHttpError);
      assert.equal(err.status, 500);
      assert.equal(err.retryAfterSeconds, undefined);
      return true;
    });
  });

  it('throws a DestinationHttpError carrying Retry-After on a 429', async () => {
    server = await startTinyServer((_req, res) => sendJson(res, 429, {}, { 'Retry-After': '12' }));
    await assert.rejects(new HttpDestination({ baseUrl: server.url }).remove(PRODUCT, REMOVED), (err: unknown) => {
      assert.ok(err instanceof DestinationHttpError);
      assert.equal(err.status, 429);
      assert.equal(err.retryAfterSeconds, 12);
      return true;
    });
  });

  it('reports an unreachable destination as a DestinationNetworkError', async () => {
    server = await startTinyServer((_req, res) => {
      res.end();
    });
    const destination = new HttpDestination({ baseUrl: server.url });
    await server.close();
    await assert.rejects(destination.upsert(PRODUCT, {}, META), DestinationNetworkError);
  });
});
