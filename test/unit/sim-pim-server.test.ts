import assert from 'node:assert/strict';
import { Catalog, PimSimulator, TokenErrorMessage, formatSearchDate } from '../../src/sim';

const CREDS = { clientId: 'client', clientSecret: 'secret', username: 'connector', password: 'pw' };
const START = Date.UTC(2024, 4, 2, 8, 15, 0);

interface TokenAnswer {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
  scope: null;
  code?: number;
  message?: string;
}
interface HalLink {
  href: string;
}
interface ListPage {
  _links: { self: HalLink; first: HalLink; next?: HalLink; previous?: HalLink };
  current_page?: number;
  items_count?: number;
  _embedded: { items: Array<{ _links: { self: HalLink }; uuid: string }> };
}

function basic(id = CREDS.clientId, secret = CREDS.clientSecret): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

describe('sim Catalog', () => {
  it('formats dates like Akeneo in whole seconds: two saves within one second share updated but differ in content', () => {
    let now = START + 100;
    const catalog = new Catalog({ now: () => now });
    const p = catalog.createProduct();
    assert.equal(p.created, '2024-05-02T08:15:00+00:00');
    assert.match(p.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(p.values.sku?.[0]?.data, 'SKU-0001');
    now = START + 400;
    const u1 = catalog.updateProduct(p.uuid);
    now = START + 900;
    const u2 = catalog.updateProduct(p.uuid, { enabled: false });
    assert.equal(u1.updated, '2024-05-02T08:15:00+00:00');
    assert.equal(u2.updated, u1.updated, 'same second, same updated');
    assert.notDeepEqual(u2, u1, 'but not the same content');
    assert.equal(u2.enabled, false);
    assert.deepEqual(u2.values.sku, p.values.sku, 'values are merged per attribute');
    now = START + 1000;
    assert.equal(catalog.updateProduct(p.uuid).updated, '2024-05-02T08:15:01+00:00', 'the next second moves it on');
    const removed = catalog.removeProduct(p.uuid);
    assert.equal(removed.uuid, p.uuid);
    assert.equal(catalog.get(p.uuid), undefined);
    const log = catalog.changes();
    assert.deepEqual(log.map((c) => c.action), ['created', 'updated', 'updated', 'updated', 'removed']);
    assert.deepEqual(log.map((c) => c.at.slice(17, 19)), ['00', '00', '00', '01', '01']);
    assert.equal(log[4]?.identifier, 'SKU-0001');
  });

  it('keeps product models by code and seeds silently on request', () => {
    const catalog = new Catalog({ now: () => START });
    const m = catalog.createProductModel({ code: 'tshirt_red' });
    assert.equal(catalog.getProductModel('tshirt_red')?.family_variant, 'clothing_by_size');
    assert.equal(catalog.updateProductModel(m.code).updated, '2024-05-02T08:15:00+00:00');
    catalog.seed(3, { silent: true });
    assert.equal(catalog.list().length, 3);
    assert.equal(catalog.lastSeq, 2);
  });
});

describe('sim PimSimulator', () => {
  let now = START;
  let catalog: Catalog;
  let pim: PimSimulator;
  let url: string;

  beforeEach(async () => {
    now = START;
    catalog = new Catalog({ now: () => now });
    pim = new PimSimulator({ catalog, ...CREDS, now: () => now, latencyMs: 0 });
    ({ url } = await pim.start());
  });
  afterEach(() => pim.close());

  async function tokenCall(body: unknown, auth = basic()): Promise<{ status: number; json: TokenAnswer }> {
    const res = await fetch(`${url}/api/oauth/v1/token`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as TokenAnswer };
  }

  async function login(): Promise<TokenAnswer> {
    const { status, json } = await tokenCall({ grant_type: 'password', username: 'connector', password: 'pw' });
    assert.equal(status, 200);
    return json;
  }

  async function get<T = unknown>(pathOrUrl: string, token?: string): Promise<{ status: number; json: T; headers: Headers }> {
    const target = pathOrUrl.startsWith('http') ? pathOrUrl : `${url}${pathOrUrl}`;
    const res = await fetch(target, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    return { status: res.status, json: (await res.json()) as T, headers: res.headers };
  }

  it('issues tokens with the password grant (JSON or form) and refreshes them once', async () => {
    const first = await login();
    assert.equal(first.token_type, 'bearer');
    assert.equal(first.expires_in, 3600);
    assert.equal(first.scope, null);
    const form = await fetch(`${url}/api/oauth/v1/token`, {
      method: 'POST',
      headers: { Authorization: basic(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&username=connector&password=pw',
    });
    assert.equal(form.status, 200);
    const refreshed = await tokenCall({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.json.access_token, first.access_token);
    const again = await tokenCall({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    assert.deepEqual(again.json, { code: 422, message: TokenErrorMessage.BAD_REFRESH_TOKEN });
    assert.equal(pim.tokenRequests, 4);
    assert.equal(pim.tokensIssued, 3);
  });

  it('answers 422 with Akeneo messages to bad token requests', async () => {
    const wrongUser = await tokenCall({ grant_type: 'password', username: 'connector', password: 'nope' });
    assert.deepEqual(wrongUser, { status: 422, json: { code: 422, message: TokenErrorMessage.NO_USER } });
    const wrongClient = await tokenCall({ grant_type: 'password', username: 'connector', password: 'pw' }, basic('client', 'x'));
    assert.equal(wrongClient.json.message, TokenErrorMessage.BAD_CLIENT);
    const noPassword = await tokenCall({ grant_type: 'password', username: 'connector' });
    assert.equal(noPassword.json.message, TokenErrorMessage.BAD_PASSWORD_GRANT);
    const noRefresh = await tokenCall({ grant_type: 'refresh_token' });
    assert.equal(noRefresh.json.message, TokenErrorMessage.BAD_REFRESH_GRANT);
  });

  it('answers 401 without a token, with an expired one, and accepts a refreshed one', async () => {
    const p = catalog.createProduct();
    assert.deepEqual((await get(`/api/rest/v1/products-uuid/${p.uuid}`)).json, { code: 401, message: 'Authentication is required' });
    const tokens = await login();
    assert.equal((await get(`/api/rest/v1/products-uuid/${p.uuid}`, tokens.access_token)).status, 200);
    pim.expireAllTokens();
    const expired = await get(`/api/rest/v1/products-uuid/${p.uuid}`, tokens.access_token);
    assert.deepEqual(expired.json, { code: 401, message: 'The access token provided has expired.' });
    const fresh = await tokenCall({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal((await get(`/api/rest/v1/products-uuid/${p.uuid}`, fresh.json.access_token)).status, 200);
    now += 3601_000;
    assert.equal((await get(`/api/rest/v1/products-uuid/${p.uuid}`, fresh.json.access_token)).status, 401, 'expires after expires_in');
  });

  it('serves one product without _links, 404s an unknown one, and counts fetches', async () => {
    const p = catalog.createProduct({ family: 'tshirts' });
    const { access_token: token } = await login();
    const found = await get(`/api/rest/v1/products-uuid/${p.uuid.toUpperCase()}`, token);
    assert.deepEqual(found.json, p);
    const missing = '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b';
    assert.deepEqual((await get(`/api/rest/v1/products-uuid/${missing}`, token)).json, {
      code: 404,
      message: `Product "${missing}" does not exist or you do not have permission to access it.`,
    });
    assert.equal(pim.fetchCount(p.uuid), 1);
    assert.equal(pim.fetchCount(missing), 1);
    const model = catalog.createProductModel();
    assert.deepEqual((await get(`/api/rest/v1/product-models/${model.code}`, token)).json, model);
    assert.equal((await get('/api/rest/v1/product-models/nope', token)).status, 404);
    assert.equal(pim.requestCount, 4);
    assert.deepEqual({ ...pim.requests.at(-1), at: 0 }, { at: 0,  method: 'GET', path: '/api/rest/v1/product-models/nope', query: '', status: 404 });
  });

  it('pages 25 products with search_after by 10: three pages, next absent on the last', async () => {
    catalog.seed(25);
    const { access_token: token } = await login();
    const seen: string[] = [];
    let next: string | undefined = '/api/rest/v1/products-uuid?pagination_type=search_after&limit=10';
    let pages = 0;
    while (next) {
      const answer: { status: number; json: ListPage } = await get<ListPage>(next, token);
      const { status, json } = answer;
      assert.equal(status, 200);
      pages++;
      for (const item of json._embedded.items) {
        assert.equal(item._links.self.href, `${url}/api/rest/v1/products-uuid/${item.uuid}`);
        seen.push(item.uuid);
      }
      assert.ok(json._links.first.href.startsWith(`${url}/api/rest/v1/products-uuid?`));
      next = json._links.next?.href;
      if (next) assert.ok(next.startsWith(url), 'next is absolute');
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, catalog.list().map((p) => p.uuid).sort());
  });

  it('pages with page numbers: current_page, previous, next only when full', async () => {
    catalog.seed(12);
    const { access_token: token } = await login();
    const one = (await get<ListPage>('/api/rest/v1/products-uuid?limit=10&with_count=true', token)).json;
    assert.equal(one.current_page, 1);
    assert.equal(one.items_count, 12);
    assert.equal(one._links.previous, undefined);
    const two = (await get<ListPage>(one._links.next!.href, token)).json;
    assert.equal(two.current_page, 2);
    assert.equal(two._embedded.items.length, 2);
    assert.equal(two._links.next, undefined);
    assert.ok(two._links.previous?.href.includes('page=1'));
  });

  it('filters on updated with >, <, BETWEEN, SINCE LAST N DAYS, and on uuid IN', async () => {
    const old = catalog.createProduct();
    now += 3 * 86_400_000;
    const recent = catalog.createProduct();
    const { access_token: token } = await login();
    const list = async (search: unknown) => {
      const page = await get<ListPage>(`/api/rest/v1/products-uuid?search=${encodeURIComponent(JSON.stringify(search))}`, token);
      return page.json._embedded.items.map((i) => i.uuid);
    };
    const cut = formatSearchDate(START + 1000);
    assert.deepEqual(await list({ updated: [{ operator: '>', value: cut }] }), [recent.uuid]);
    assert.deepEqual(await list({ updated: [{ operator: '<', value: cut }] }), [old.uuid]);
    assert.deepEqual(await list({ updated: [{ operator: 'BETWEEN', value: [formatSearchDate(START), cut] }] }), [old.uuid]);
    assert.deepEqual(await list({ updated: [{ operator: 'SINCE LAST N DAYS', value: 1 }] }), [recent.uuid]);
    assert.deepEqual(await list({ uuid: [{ operator: 'IN', value: [old.uuid] }] }), [old.uuid]);
  });

  it('rejects a bad limit, bad JSON and a bad date format', async () => {
    const { access_token: token } = await login();
    assert.deepEqual((await get('/api/rest/v1/products-uuid?limit=101', token)).json, { code: 422, message: 'You cannot request more than 100 items.' });
    assert.deepEqual((await get('/api/rest/v1/products-uuid?search={nope', token)).json, {
      code: 400,
      message: 'Search query parameter should be valid JSON.',
    });
    const badDate = encodeURIComponent(JSON.stringify({ updated: [{ operator: '>', value: '2024-05-01T00:00:00Z' }] }));
    assert.equal((await get(`/api/rest/v1/products-uuid?search=${badDate}`, token)).status, 422);
  });

  it('answers 429 with Retry-After for the next n REST calls, then recovers', async () => {
    const p = catalog.createProduct();
    pim.rateLimit({ requests: 2, retryAfterSeconds: 7 });
    const { access_token: token } = await login(); // token calls are not rate-limited by default
    for (let i = 0; i < 2; i++) {
      const limited = await get(`/api/rest/v1/products-uuid/${p.uuid}`, token);
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '7');
      assert.deepEqual(limited.json, { code: 429, message: 'You have exceeded the limit of API requests per second.' });
    }
    pim.failNext(1, 503);
    assert.equal((await get(`/api/rest/v1/products-uuid/${p.uuid}`, token)).status, 503);
    assert.equal((await get(`/api/rest/v1/products-uuid/${p.uuid}`, token)).status, 200);
    assert.equal(pim.fetchCount(p.uuid), 1, 'faulted calls never reach the data');
  });

  it('counts concurrent calls as they arrive and answers 429 beyond 4 per connection, as Akeneo', async () => {
    const p = catalog.createProduct();
    const { access_token: token } = await login();
    pim.latencyMs = 50;
    const answers = await Promise.all(Array.from({ length: 5 }, () => get(`/api/rest/v1/products-uuid/${p.uuid}`, token)));
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 200, 429]);
    assert.deepEqual(answers.find((a) => a.status === 429)?.json, { code: 429, message: 'You have exceeded the limit of API requests per second.' });
    assert.equal(pim.peakConcurrency, 5, 'the refused call counts: it arrived');
    assert.equal(pim.peakConnectionConcurrency, 5);
    assert.equal(pim.peakConcurrencyOf(CREDS.clientId), 5);
    assert.equal(pim.concurrencyRefusedCount, 1);
  });

  it('only counts the excess when refusal is turned off', async () => {
    const p = catalog.createProduct();
    const { access_token: token } = await login();
    pim.latencyMs = 50;
    pim.concurrency.refuse = false;
    const answers = await Promise.all(Array.from({ length: 5 }, () => get(`/api/rest/v1/products-uuid/${p.uuid}`, token)));
    assert.ok(answers.every((a) => a.status === 200));
    assert.equal(pim.peakConnectionConcurrency, 5);
    assert.equal(pim.concurrencyRefusedCount, 0);
  });
});
