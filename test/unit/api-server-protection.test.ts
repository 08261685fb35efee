import assert from 'node:assert/strict';
import pino from 'pino';
import { DEFAULT_HTTP_TIMEOUTS, HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../../src/api/http-server';
import { startApiServer, type ApiServer } from '../../src/api/server';
import { loadApiConfig } from '../../src/config';
import { openRawSocket, statusOf } from '../helpers/raw-socket';

// Lowered for the test; production keeps 10 s and 60 s, looked at every second.
const TIMEOUTS = { headersMs: 300, requestMs: 800, checkIntervalMs: 50 };
/** Far below Node's own defaults (60 s for headers, 300 s per request, looked at every 30 s). */
const CUT_OFF_WITHIN_MS = 3000;
const OPERATOR_TOKEN = 'an-operator-token-for-the-server-test';

describe('API server (startApiServer): slow clients cut off, operator routes behind API_OPERATOR_TOKEN', function () {
  this.timeout(20_000);
  let api: ApiServer;

  before(async () => {
    // From the environment, as `npm run api` reads it. Temporal is never reached: the connection is lazy, and these
    // requests never get that far.
    const config = loadApiConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      AKENEO_EVENT_PLATFORM_SECRET: 'p'.repeat(16),
      API_OPERATOR_TOKEN: OPERATOR_TOKEN,
    });
    api = await startApiServer({ config, logger: pino({ level: 'silent' }), timeouts: TIMEOUTS });
  });

  after(() => api?.close());

  it('keeps 10 s for headers and 60 s per request, looked at every second, in production', () => {
    assert.deepEqual(DEFAULT_HTTP_TIMEOUTS, { headersMs: HEADERS_TIMEOUT_MS, requestMs: REQUEST_TIMEOUT_MS, checkIntervalMs: 1000 });
    assert.equal(HEADERS_TIMEOUT_MS, 10_000);
    assert.equal(REQUEST_TIMEOUT_MS, 60_000);
  });

  it('answers 408 and closes the connection of a client still sending its headers after the header timeout', async () => {
    const client = await openRawSocket(api.url);
    client.write('GET /healthz HTTP/1.1\r\nHost: test\r\n');
    const ms = await client.closed;
    assert.equal(statusOf(client.received()), 408, client.received());
    assert.ok(ms >= TIMEOUTS.headersMs - 20, `closed after ${Math.round(ms)} ms`);
    assert.ok(ms < CUT_OFF_WITHIN_MS, `closed after ${Math.round(ms)} ms`);
  });

  it('answers 408 and closes the connection of a client still sending its body after the request timeout', async () => {
    const client = await openRawSocket(api.url);
    client.write('POST /akeneo/event-platform HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"id":');
    const ms = await client.closed;
    assert.equal(statusOf(client.received()), 408, client.received());
    assert.ok(ms >= TIMEOUTS.requestMs - 20, `closed after ${Math.round(ms)} ms`);
    assert.ok(ms < CUT_OFF_WITHIN_MS, `closed after ${Math.round(ms)} ms`);
  });

  it('still answers a client that sends its request in time', async () => {
    const res = await fetch(`${api.url}/healthz`);
    assert.equal(res.status, 200);
  });

  it('requires the operator token configured in API_OPERATOR_TOKEN on /metrics, and none on /healthz', async () => {
    const refused = await fetch(`${api.url}/metrics`);
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get('www-authenticate') ?? '', /^Bearer/);
    const scraped = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    assert.equal(scraped.status, 200);
    await scraped.text();
    assert.equal((await fetch(`${api.url}/healthz`)).status, 200);
  });
});
