import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { signEventPlatform } from '../../src/akeneo/signature';
import { createApp } from '../../src/api/app';
import { BodyBudget, STALE_BODY_MS } from '../../src/api/body-budget';
import { WEBHOOK_MAX_BODY_BYTES } from '../../src/api/raw-body';
import { MetricName } from '../../src/metrics/names';
import { openRawSocket, statusOf, type RawSocket } from '../helpers/raw-socket';

const SECRET = 'platform-secret-for-bodies';
const BUDGET = 256 * 1024;
const SLOW_UPLOADS = 300;
const SENT_BY_EACH = 4096;
const EVENT = JSON.stringify({
  specversion: '1.0',
  id: '0191e3a2-7c11-7b0a-9f3e-5a6b7c8d9e0f',
  source: 'akeneo-event-platform',
  type: 'com.akeneo.pim.v1.product.updated',
  // Dated now: the route refuses events older than EVENT_PLATFORM_MAX_EVENT_AGE as replays.
  time: new Date().toISOString(),
  data: { product: { uuid: '3444ec1b-058e-4208-9b6c-284f47a7aa17' } },
});

/** Polls `check` until it holds or 10 s have passed. */
async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The head of a delivery declaring `length` bytes of body. */
function head(length: number): string {
  return `POST /akeneo/event-platform HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
}

describe('budget of request bodies being read', function () {
  this.timeout(30_000);
  let clock: number;
  let bodies: BodyBudget;
  let server: http.Server;
  let base: string;
  let sockets: RawSocket[];

  beforeEach(async () => {
    clock = 0;
    sockets = [];
    bodies = new BodyBudget(BUDGET, { now: () => clock });
    const app = createApp({
      config: { eventPlatformSecrets: { primary: SECRET } },
      intake: { submit: () => Promise.resolve() },
      notifications: { submit: () => Promise.resolve() },
      history: { read: () => Promise.resolve(undefined) },
      readiness: () => Promise.resolve(true),
      logger: pino({ level: 'silent' }),
      bodies,
    });
    const handle = app.callback();
    server = http.createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    for (const s of sockets) s.socket.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Opens `n` uploads that each declare 100 kB, send `sent` bytes of it, and stall. */
  async function stall(n: number, sent: number): Promise<RawSocket[]> {
    const opened = await Promise.all(Array.from({ length: n }, () => openRawSocket(base)));
    for (const s of opened) s.write(head(100_000) + 'x'.repeat(sent));
    sockets.push(...opened);
    return opened;
  }

  const refusedBusy = (s: RawSocket): boolean => statusOf(s.received()) === 429 && s.received().includes('"code":"busy"');

  async function deliver(): Promise<Response> {
    const headers = { 'content-type': 'application/json', 'x-akeneo-signature-primary': signEventPlatform(SECRET, EVENT) };
    return fetch(`${base}/akeneo/event-platform`, { method: 'POST', headers, body: EVENT });
  }

  it(`holds at most the budget for ${SLOW_UPLOADS} slow uploads, refusing the rest with 429 busy and closing them`, async () => {
    const slow = await stall(SLOW_UPLOADS, SENT_BY_EACH);
    let closedRefused = 0;
    await until('every upload is either held or refused and closed', () => {
      closedRefused = slow.filter((s) => refusedBusy(s) && s.socket.destroyed).length;
      return bodies.bodies + closedRefused === SLOW_UPLOADS;
    });
    assert.ok(bodies.peakBytes <= BUDGET, `peak ${bodies.peakBytes} > ${BUDGET}`);
    assert.ok(bodies.bytesInFlight > BUDGET - 2 * SENT_BY_EACH, `only ${bodies.bytesInFlight} bytes held`);
    assert.ok(closedRefused >= SLOW_UPLOADS - Math.ceil(BUDGET / SENT_BY_EACH), `${closedRefused} refused`);
    const answer = slow.find(refusedBusy)?.received() ?? '';
    assert.match(answer, /\r\nRetry-After: 1\r\n/i);
    assert.match(answer, /\r\nConnection: close\r\n/i);
  });

  it('refuses a new delivery with 429 busy while the held bodies are fresh, and takes it once they are stale', async () => {
    const slow = await stall(Math.ceil(BUDGET / SENT_BY_EACH) + 10, SENT_BY_EACH);
    await until('the budget is full', () => bodies.bytesInFlight > BUDGET - EVENT.length);
    const refused = await deliver();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'busy');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, new RegExp(`^${MetricName.API_REFUSED}\\{code="busy"\\} [1-9]\\d*$`, 'm'));

    clock += STALE_BODY_MS + 1;
    const taken = await deliver();
    assert.equal(taken.status, 200, await taken.text());
    // The oldest uploads were cut off to make room: answered 429 busy and closed, their bytes given back.
    await until('an evicted upload is answered and closed', () => slow.some((s) => refusedBusy(s) && s.socket.destroyed));
    assert.ok(bodies.peakBytes <= BUDGET);
  });

  it('gives back the bytes of uploads whose clients went away', async () => {
    const gone = await stall(50, 1000);
    await until('50 bodies are held', () => bodies.bodies === 50 && bodies.bytesInFlight === 50 * 1000);
    for (const s of gone) s.socket.destroy();
    await until('no body is held', () => bodies.bodies === 0 && bodies.bytesInFlight === 0);
  });

  it('refuses a Content-Length over the route limit at once, without reading or counting the body', async () => {
    const client = await openRawSocket(base);
    sockets.push(client);
    client.write(head(WEBHOOK_MAX_BODY_BYTES + 1));
    await client.closed;
    assert.equal(statusOf(client.received()), 400, client.received());
    assert.match(client.received(), /"code":"body_too_large"/);
    assert.equal(bodies.peakBytes, 0);
  });

  it('reports the bytes being read and the budget on /metrics', async () => {
    await stall(3, 1000);
    await until('3 bodies are held', () => bodies.bytesInFlight === 3000);
    const text = await (await fetch(`${base}/metrics`)).text();
    assert.match(text, new RegExp(`^${MetricName.REQUEST_BODY_BYTES}\\{state="in_flight"\\} 3000$`, 'm'));
    assert.match(text, new RegExp(`^${MetricName.REQUEST_BODY_BYTES}\\{state="budget"\\} ${BUDGET}$`, 'm'));
  });
});
