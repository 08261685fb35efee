import assert from 'node:assert/strict';
import { Catalog, DEFAULT_PIM_LATENCY_MS, PimSimulator, TOKEN_BODY_MAX_BYTES, TokenErrorMessage } from '../../src/sim';

const MAIN = { clientId: 'client', clientSecret: 'secret', username: 'connector', password: 'pw' };
const OTHERS = [
  { clientId: 'erp', clientSecret: 's2', username: 'erp_user', password: 'pw2' },
  { clientId: 'shop', clientSecret: 's3', username: 'shop_user', password: 'pw3' },
];

describe('sim PimSimulator latency, token body size and concurrency limits', () => {
  let catalog: Catalog;
  let pim: PimSimulator;
  let productPath: string;

  beforeEach(() => {
    catalog = new Catalog();
    productPath = `/api/rest/v1/products-uuid/${catalog.createProduct().uuid}`;
  });
  afterEach(() => pim.close());

  async function tokenCall(creds: typeof MAIN, body: string, contentType = 'application/json'): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${pim.url}/api/oauth/v1/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${creds.clientId}:${creds.clientSecret}`).toString('base64')}`, 'Content-Type': contentType },
      body,
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  async function login(creds = MAIN): Promise<string> {
    const { status, json } = await tokenCall(creds, JSON.stringify({ grant_type: 'password', username: creds.username, password: creds.password }));
    assert.equal(status, 200);
    return json.access_token as string;
  }

  const get = async (token: string) => (await fetch(`${pim.url}${productPath}`, { headers: { Authorization: `Bearer ${token}` } })).status;

  it('holds every REST answer about 100 ms by default; 0 is allowed', async () => {
    pim = new PimSimulator({ catalog, ...MAIN });
    await pim.start();
    assert.equal(pim.latencyMs, DEFAULT_PIM_LATENCY_MS);
    const token = await login();
    let t0 = performance.now();
    assert.equal(await get(token), 200);
    assert.ok(performance.now() - t0 >= DEFAULT_PIM_LATENCY_MS - 5, 'held about 100 ms');
    pim.latencyMs = 0;
    t0 = performance.now();
    assert.equal(await get(token), 200);
    assert.ok(performance.now() - t0 < DEFAULT_PIM_LATENCY_MS - 5);
  });

  it('answers 422 to a token request body over 200 bytes, JSON or form', async () => {
    pim = new PimSimulator({ catalog, ...MAIN, latencyMs: 0 });
    await pim.start();
    const padded = (n: number) => {
      const base = JSON.stringify({ grant_type: 'password', username: MAIN.username, password: MAIN.password, pad: '' });
      return base.replace('"pad":""', `"pad":"${'x'.repeat(n - base.length)}"`);
    };
    assert.equal(padded(TOKEN_BODY_MAX_BYTES).length, 200);
    assert.equal((await tokenCall(MAIN, padded(TOKEN_BODY_MAX_BYTES))).status, 200);
    assert.deepEqual(await tokenCall(MAIN, padded(TOKEN_BODY_MAX_BYTES + 1)), { status: 422, json: { code: 422, message: TokenErrorMessage.TOO_LARGE } });
    const form = `grant_type=password&username=${MAIN.username}&password=${MAIN.password}&pad=${'x'.repeat(200)}`;
    assert.equal((await tokenCall(MAIN, form, 'application/x-www-form-urlencoded')).status, 422);
  });

  it('serves several connections, each with its own tokens; a refresh token only works for its own client', async () => {
    pim = new PimSimulator({ catalog, ...MAIN, connections: OTHERS, latencyMs: 0 });
    await pim.start();
    assert.equal(await get(await login(OTHERS[0])), 200);
    const wrongUser = await tokenCall(OTHERS[0], JSON.stringify({ grant_type: 'password', username: MAIN.username, password: MAIN.password }));
    assert.equal(wrongUser.json.message, TokenErrorMessage.NO_USER);
    const res = await tokenCall(MAIN, JSON.stringify({ grant_type: 'password', username: MAIN.username, password: MAIN.password }));
    const stolen = await tokenCall(OTHERS[1], JSON.stringify({ grant_type: 'refresh_token', refresh_token: res.json.refresh_token }));
    assert.deepEqual(stolen, { status: 422, json: { code: 422, message: TokenErrorMessage.BAD_REFRESH_TOKEN } });
  });

  it('answers 429 beyond 10 concurrent calls on the PIM, and tracks each connection apart', async () => {
    pim = new PimSimulator({ catalog, ...MAIN, connections: OTHERS, latencyMs: 80 });
    await pim.start();
    const tokens = [await login(), await login(OTHERS[0]), await login(OTHERS[1])];
    const statuses = await Promise.all(tokens.flatMap((token) => Array.from({ length: 4 }, () => get(token))));
    assert.equal(statuses.filter((s) => s === 200).length, 10);
    assert.equal(statuses.filter((s) => s === 429).length, 2);
    assert.equal(pim.peakConcurrency, 11, 'a refused call counts while it is refused, then leaves');
    assert.equal(pim.peakConnectionConcurrency, 4, 'no connection went over 4');
    assert.equal(pim.peakConcurrencyOf('erp'), 4);
    assert.equal(pim.concurrencyRefusedCount, 2);
    pim.concurrency.maxPerConnection = 2;
    const second = await Promise.all(Array.from({ length: 3 }, () => get(tokens[0])));
    assert.deepEqual(second.sort(), [200, 200, 429]);
  });
});
