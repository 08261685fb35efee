import assert from 'node:assert/strict';
import type http from 'node:http';
import { AkeneoRestClient, parseRetryAfter, PimHttpError, PimNetworkError } from '../../src/akeneo/rest-client';
import { type SeenRequest, sendJson, startTinyServer, type TinyServer } from '../helpers/tiny-server';

const UUID = '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b';
const PRODUCT = { uuid: UUID, updated: '2024-05-02T08:15:00+00:00', values: {} };
const TOKEN_PATH = '/api/oauth/v1/token';

type RestHandler = (req: SeenRequest, res: http.ServerResponse) => void | Promise<void>;

/** A fake PIM: the token endpoint issues t1, t2, ... (refresh tokens r1, r2, ...); REST calls go to `rest`. */
async function startPim(rest: RestHandler, token: RestHandler | undefined = undefined): Promise<TinyServer> {
  let issued = 0;
  return startTinyServer((req, res) => {
    if (req.path !== TOKEN_PATH) return rest(req, res);
    if (token) return token(req, res);
    issued += 1;
    sendJson(res, 200, { access_token: `t${issued}`, expires_in: 3600, token_type: 'bearer', scope: null, refresh_token: `r${issued}` });
  });
}

function clientFor(server: TinyServer, extra: Partial<ConstructorParameters<typeof AkeneoRestClient>[0]> = {}) {
  return new AkeneoRestClient({ baseUrl: `${server.url}/`, clientId: 'cid', clientSecret: 's3cret', username: 'conn_user', password: 'pw', ...extra });
}

const tokenRequests = (s: TinyServer) => s.requests.filter((r) => r.path === TOKEN_PATH);
const restRequests = (s: TinyServer) => s.requests.filter((r) => r.path !== TOKEN_PATH);

describe('AkeneoRestClient', () => {
  let server: TinyServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('authenticates with the password grant and a Basic header, then sends the bearer token', async () => {
    server = await startPim((_req, res) => sendJson(res, 200, PRODUCT));
    const product = await clientFor(server).getProduct(UUID);
    assert.deepEqual(product, PRODUCT);
    const [tokenReq] = tokenRequests(server);
    assert.equal(tokenReq.method, 'POST');
    assert.equal(tokenReq.headers.authorization, `Basic ${Buffer.from('cid:s3cret').toString('base64')}`);
    assert.equal(tokenReq.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(tokenReq.body), { grant_type: 'password', username: 'conn_user', password: 'pw' });
    const [get] = restRequests(server);
    assert.equal(get.path, `/api/rest/v1/products-uuid/${UUID}`);
    assert.equal(get.headers.authorization, 'Bearer t1');
  });

  it('reuses the cached token across calls', async () => {
    server = await startPim((_req, res) => sendJson(res, 200, PRODUCT));
    const client = clientFor(server);
    for (let i = 0; i < 3; i++) await client.getProduct(UUID);
    assert.equal(tokenRequests(server).length, 1);
    assert.equal(restRequests(server).length, 3);
  });

  it('refreshes the token with the refresh grant when less than 60 s are left', async () => {
    server = await startPim((_req, res) => sendJson(res, 200, PRODUCT));
    let clock = 1_700_000_000_000;
    const client = clientFor(server, { now: () => clock });
    await client.getProduct(UUID);
    clock += (3600 - 61) * 1000;
    await client.getProduct(UUID);
    assert.equal(tokenRequests(server).length, 1, 'still 61 s left: no refresh yet');
    clock += 2000;
    await client.getProduct(UUID);
    const grants = tokenRequests(server).map((r) => JSON.parse(r.body) as Record<string, unknown>);
    assert.deepEqual(grants[1], { grant_type: 'refresh_token', refresh_token: 'r1' });
    assert.equal(restRequests(server)[2].headers.authorization, 'Bearer t2');
  });

  it('falls back to the password grant when the refresh token is rejected with 422', async () => {
    let calls = 0;
    server = await startPim(
      (_req, res) => sendJson(res, 200, PRODUCT),
      (req, res) => {
        calls += 1;
        if ((JSON.parse(req.body) as { grant_type: string }).grant_type === 'refresh_token') {
          return sendJson(res, 422, { code: 422, message: 'Refresh token is invalid or has expired' });
        }
        sendJson(res, 200, { access_token: `t${calls}`, expires_in: 3600, refresh_token: `r${calls}` });
      },
    );
    let clock = 0;
    const client = clientFor(server, { now: () => clock });
    await client.getProduct(UUID);
    clock += 3600 * 1000;
    await client.getProduct(UUID);
    const grants = tokenRequests(server).map((r) => (JSON.parse(r.body) as { grant_type: string }).grant_type);
    assert.deepEqual(grants, ['password', 'refresh_token', 'password']);
    assert.equal(restRequests(server)[1].headers.authorization, 'Bearer t3');
  });

  it('re-authenticates once on a 401 and replays the request', async () => {
    server = await startPim((req, res) =>
      req.headers.authorization === 'Bearer t2'
        ? sendJson(res, 200, PRODUCT)
        : sendJson(res, 401, { code: 401, message: 'The access token provided has expired.' }),
    );
    assert.deepEqual(await clientFor(server).getProduct(UUID), PRODUCT);
    assert.equal(restRequests(server).length, 2);
    assert.equal(tokenRequests(server).length, 2);
  });

  it('gives up with a PimHttpError when the replay gets a 401 too', async () => {
    server = await startPim((_req, res) => sendJson(res, 401, { code: 401, message: 'Authentication is required' }));
    await assert.rejects(clientFor(server).getProduct(UUID), (err: unknown) => {
      assert.ok(err instanceof PimHttpError);
      assert.equal(err.status, 401);
      assert.deepEqual(err.body, { code: 401, message: 'Authentication is required' });
      return true;
    });
    assert.equal(restRequests(server).length, 2);
  });

  it('returns undefined on a 404 and encodes the code of a product model', async () => {
    server = await startPim((_req, res) => sendJson(res, 404, { code: 404, message: 'does not exist' }));
    const client = clientFor(server);
    assert.equal(await client.getProduct(UUID), undefined);
    assert.equal(await client.getProductModel('a b/c'), undefined);
    assert.equal(restRequests(server)[1].path, '/api/rest/v1/product-models/a%20b%2Fc');
  });

  it('throws a PimHttpError carrying Retry-After on a 429', async () => {
    server = await startPim((_req, res) =>
      sendJson(res, 429, { code: 429, message: 'You have exceeded the limit of API requests per second.' }, { 'Retry-After': '7' }),
    );
    await assert.rejects(clientFor(server).getProduct(UUID), (err: unknown) => {
      assert.ok(err instanceof PimHttpError);
      assert.equal(err.status, 429);
      assert.equal(err.retryAfterSeconds, 7);
      assert.equal(err.body?.message, 'You have exceeded the limit of API requests per second.');
      return true;
    });
  });

  it('parses Retry-After as seconds or as an HTTP-date', () => {
    const now = Date.parse('2024-05-02T08:00:00Z');
    assert.equal(parseRetryAfter('15', now), 15);
    assert.equal(parseRetryAfter('Thu, 02 May 2024 08:00:30 GMT', now), 30);
    assert.equal(parseRetryAfter('Thu, 02 May 2024 07:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });

  it('never has more than 4 calls in flight when 20 are made at once, and shares one token request', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    server = await startTinyServer((req, res) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on('finish', () => (inFlight -= 1));
      // Hold each answer briefly so that a client without a limit would pile up far more than 4.
      const body = req.path === TOKEN_PATH ? { access_token: 't1', expires_in: 3600, refresh_token: 'r1' } : PRODUCT;
      setTimeout(() => sendJson(res, 200, body), 15);
    });
    const client = clientFor(server);
    const results = await Promise.all(Array.from({ length: 20 }, () => client.getProduct(UUID)));
    assert.equal(results.length, 20);
    assert.equal(tokenRequests(server).length, 1);
    assert.equal(maxInFlight, 4);
  });

  it('follows an absolute link of the same origin verbatim and refuses another origin', async () => {
    server = await startPim((req, res) => sendJson(res, 200, { path: req.path }));
    const client = clientFor(server);
    const next = `${server.url}/api/rest/v1/products-uuid?pagination_type=search_after&search_after=abc%3D`;
    assert.deepEqual(await client.getJson(next), { path: '/api/rest/v1/products-uuid?pagination_type=search_after&search_after=abc%3D' });
    await assert.rejects(client.getJson('http://evil.example/api/rest/v1/products-uuid'), PimNetworkError);
  });

  it('reports an unreachable PIM as a PimNetworkError', async () => {
    server = await startPim((_req, res) => sendJson(res, 200, PRODUCT));
    const client = clientFor(server);
    await server.close();
    await assert.rejects(client.getProduct(UUID), PimNetworkError);
  });

  it('times out a request that takes too long', async () => {
    server = await startPim(() => undefined);
    await assert.rejects(clientFor(server, { requestTimeoutMs: 50 }).getProduct(UUID), /timed out/);
  });

  it("rethrows the caller's abort reason rather than a PimNetworkError", async () => {
    const controller = new AbortController();
    server = await startPim(() => controller.abort(new Error('cancelled by caller')));
    await assert.rejects(clientFor(server).getProduct(UUID, controller.signal), /cancelled by caller/);
  });
});
