import assert from 'node:assert/strict';
import { DestinationHttpError, HttpDestination } from '../../src/destination/http-destination';
import { sendJson, startTinyServer, type TinyServer } from '../helpers/tiny-server';

describe('HttpDestination structure writes', () => {
  let server: TinyServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('PUTs a structure item to its encoded path with the digest, the idempotency key and the token', async () => {
    server = await startTinyServer((_req, res) => {
      res.writeHead(204).end();
    });
    const data = { code: 'red', attribute: 'color', labels: { en_US: 'Red' } };
    const outcome = await new HttpDestination({ baseUrl: server.url, token: 't' }).upsertStructure('attribute-options/col%2For/red', data, { digest: 'abc' });
    assert.equal(outcome, 'written');
    const [req] = server.requests;
    assert.equal(req.method, 'PUT');
    assert.equal(req.path, '/structure/attribute-options/col%2For/red');
    assert.equal(req.body, JSON.stringify(data));
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['x-akeneo-content-digest'], 'abc');
    assert.equal(req.headers['idempotency-key'], 'attribute-options/col%2For/red:abc');
    assert.equal(req.headers.authorization, 'Bearer t');
  });

  it('DELETEs a structure item and counts a 404 as done', async () => {
    server = await startTinyServer((_req, res) => sendJson(res, 404, { error: { code: 'not_found', message: 'gone' } }));
    assert.equal(await new HttpDestination({ baseUrl: server.url }).removeStructure('categories/summer'), 'written');
    assert.equal(server.requests[0].method, 'DELETE');
    assert.equal(server.requests[0].path, '/structure/categories/summer');
  });

  it('throws a 503 with its Retry-After as product writes do', async () => {
    server = await startTinyServer((_req, res) => {
      res.writeHead(503, { 'Retry-After': '7' }).end();
    });
    await assert.rejects(
      new HttpDestination({ baseUrl: server.url }).upsertStructure('attributes/color', {}, { digest: 'd' }),
      (err: unknown) => err instanceof DestinationHttpError && err.status === 503 && err.retryAfterSeconds === 7,
    );
  });

  it('refuses a dot-segment code before any request', async () => {
    server = await startTinyServer((_req, res) => {
      res.writeHead(204).end();
    });
    await assert.rejects(new HttpDestination({ baseUrl: server.url }).removeStructure('attributes/..'), /dot segment/);
    assert.equal(server.requests.length, 0);
  });
});
