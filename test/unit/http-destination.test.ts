import assert from 'node:assert/strict';
import { DestinationHttpError, DestinationNetworkError, HttpDestination } from '../../src/destination/http-destination';
import type { EntityRef } from '../../src/workflows/definitions';
import { sendJson, startTinyServer, type TinyServer } from '../helpers/tiny-server';

const PRODUCT: EntityRef = { kind: 'product', id: '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b' };
const MODEL: EntityRef = { kind: 'product-model', id: 'tshirt model' };
const VERSION = '2024-05-02T08:15:00+00:00';

describe('HttpDestination', () => {
  let server: TinyServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('PUTs the PIM JSON unchanged with the idempotency key and the bearer token', async () => {
    server = await startTinyServer((_req, res) => {
      res.writeHead(204).end();
    });
    const data = { uuid: PRODUCT.id, updated: VERSION, values: { name: [{ locale: 'fr_FR', scope: null, data: 'Été' }] } };
    await new HttpDestination({ baseUrl: `${server.url}/`, token: 'dest-token' }).upsert(PRODUCT, data, VERSION);
    const [req] = server.requests;
    assert.equal(req.method, 'PUT');
    assert.equal(req.path, `/products/${PRODUCT.id}`);
    assert.equal(req.body, JSON.stringify(data));
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['idempotency-key'], `${PRODUCT.id}:${VERSION}`);
    assert.equal(req.headers.authorization, 'Bearer dest-token');
  });

  it('writes product models under /product-models and sends no Authorization without a token', async () => {
    server = await startTinyServer((_req, res) => {
      res.writeHead(200).end();
    });
    await new HttpDestination({ baseUrl: server.url }).upsert(MODEL, { code: MODEL.id }, VERSION);
    const [req] = server.requests;
    assert.equal(req.path, '/product-models/tshirt%20model');
    assert.equal(req.headers.authorization, undefined);
  });

  it('DELETEs the entity and counts a 404 as done', async () => {
    server = await startTinyServer((_req, res) => sendJson(res, 404, { error: 'unknown' }));
    await new HttpDestination({ baseUrl: server.url, token: 't' }).remove(PRODUCT);
    const [req] = server.requests;
    assert.equal(req.method, 'DELETE');
    assert.equal(req.path, `/products/${PRODUCT.id}`);
    assert.equal(req.headers.authorization, 'Bearer t');
  });

  it('throws a DestinationHttpError on a 500', async () => {
    server = await startTinyServer((_req, res) => sendJson(res, 500, { error: 'boom' }));
    await assert.rejects(new HttpDestination({ baseUrl: server.url }).upsert(PRODUCT, {}, VERSION), (err: unknown) => {
      assert.ok(err instanceof DestinationHttpError);
      assert.equal(err.status, 500);
      assert.equal(err.retryAfterSeconds, undefined);
      return true;
    });
  });

  it('throws a DestinationHttpError carrying Retry-After on a 429', async () => {
    server = await startTinyServer((_req, res) => sendJson(res, 429, {}, { 'Retry-After': '12' }));
    await assert.rejects(new HttpDestination({ baseUrl: server.url }).remove(PRODUCT), (err: unknown) => {
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
    await assert.rejects(destination.upsert(PRODUCT, {}, VERSION), DestinationNetworkError);
  });
});
