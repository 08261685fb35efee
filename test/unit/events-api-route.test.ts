import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { signEventsApi } from '../../src/akeneo/signature';
import { createApp } from '../../src/api/app';
import { type EventIntake, IntakeUnavailableError } from '../../src/api/ports';
import { WEBHOOK_MAX_BODY_BYTES } from '../../src/api/raw-body';
import type { EntityEvent } from '../../src/workflows/definitions';

// Test vector of akeneo-events-api.md §2.
const SECRET = 's3cr3t-for-tests';
const TS = '1700000000';
const VECTOR_BODY = String.raw`{"events":[{"action":"product.removed","event_id":"0b4c3f43-5a1e-4b8e-9d0f-2a6f1c9b7e11","event_datetime":"2023-11-14T22:13:20+00:00","author":"julia","author_type":"ui","pim_source":"https:\/\/pim.example.com","data":{"resource":{"identifier":"SKU-1","uuid":"6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b"}}}]}`;
const VECTOR_SIGNATURE = '393cf4ee7347e575dbb12604a4982e3b11afbb9887cc44e73eda2c985c2fbbc9';
const PING_SIGNATURE = 'c3752b21e5d0d2fd0ca0f113ff451a50c16e4479f1011bc119f7c91c32756a5a';
const NOW_MS = Number(TS) * 1000 + 5_000;

class FakeIntake implements EventIntake {
  readonly calls: EntityEvent[][] = [];
  failure?: Error;
  /** When set, calls wait for it. */
  pending?: Promise<void>;
  submit(events: EntityEvent[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.calls.push(events);
    return this.pending ?? Promise.resolve();
  }
}

interface Reply {
  status: number;
  body: { [k: string]: unknown; error?: { code: string; message: string } };
  headers: Headers;
}

function legacyEvent(action: string, resource: object, extra: object = {}): object {
  return {
    action,
    event_id: '3f0c2b8e-7d41-4f7a-9a55-2b1e6c0d9a10',
    event_datetime: '2023-11-14T10:15:00+02:00',
    author: 'julia',
    author_type: 'ui',
    pim_source: 'https://pim.example.com',
    data: { resource },
    ...extra,
  };
}

describe('POST /akeneo/events (legacy Events API)', () => {
  let intake: FakeIntake;
  let server: http.Server;
  let base: string;

  async function serve(maxInFlight?: number, legacyAnswerDeadlineMs?: number): Promise<void> {
    intake = new FakeIntake();
    const app = createApp({
      config: { eventsApiSecret: SECRET },
      intake,
      notifications: { submit: () => Promise.resolve() },
      history: { read: () => Promise.resolve(undefined) },
      readiness: () => Promise.resolve(true),
      logger: pino({ level: 'silent' }),
      now: () => NOW_MS,
      ...(maxInFlight !== undefined && { maxInFlight }),
      ...(legacyAnswerDeadlineMs !== undefined && { answerDeadlinesMs: { eventsApi: legacyAnswerDeadlineMs } }),
    });
    const handle = app.callback();
    server = http.createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async function close(): Promise<void> {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  beforeEach(() => serve());
  afterEach(() => close());

  async function post(body: string | Buffer, headers: Record<string, string>): Promise<Reply> {
    const res = await fetch(`${base}/akeneo/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: res.status, body: (await res.json()) as Reply['body'], headers: res.headers };
  }

  function signed(body: string | Buffer, ts = TS): Promise<Reply> {
    const signature = signEventsApi(SECRET, ts, body);
    return post(body, { 'x-akeneo-request-timestamp': ts, 'x-akeneo-request-signature': signature });
  }

  /** The `events-api` events counted with `outcome` in the API's metrics. */
  async function eventsCounted(outcome: string): Promise<number> {
    const text = await (await fetch(`${base}/metrics`)).text();
    const line = new RegExp(`^akeneo_sync_events_received_total\\{route="events-api",type="[^"]+",outcome="${outcome}"\\} (\\d+)$`, 'gm');
    return [...text.matchAll(line)].reduce((sum, m) => sum + Number(m[1]), 0);
  }

  async function pollUntil(done: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error('condition not met within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  function assertRejected(reply: Reply, status: number, code: string): void {
    assert.equal(reply.status, status);
    assert.equal(reply.body.error?.code, code);
    assert.equal(typeof reply.body.error?.message, 'string');
    assert.deepEqual(intake.calls, []);
  }

  it('accepts the reference request and hands the normalized event to the intake', async () => {
    assert.equal(signEventsApi(SECRET, TS, VECTOR_BODY), VECTOR_SIGNATURE);
    const reply = await post(VECTOR_BODY, { 'x-akeneo-request-timestamp': TS, 'x-akeneo-request-signature': VECTOR_SIGNATURE });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { accepted: 1 });
    assert.deepEqual(intake.calls, [
      [
        {
          ref: { kind: 'product', id: '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b', identifier: 'SKU-1' },
          eventId: '0b4c3f43-5a1e-4b8e-9d0f-2a6f1c9b7e11',
          action: 'removed',
          eventDate: '2023-11-14T22:13:20.000Z',
          source: 'events-api',
        },
      ],
    ]);
  });

  it('hands every event of a batch over in one call, dates in UTC, extra fields ignored', async () => {
    const body = JSON.stringify({
      events: [
        legacyEvent('product.updated', { uuid: '9a8b7c6d-1111-4222-8333-444455556666', identifier: 'TSHIRT', values: {} }),
        legacyEvent('product_model.updated', { code: 'tshirt_red', family: 'tshirts' }, { extra: true }),
      ],
    });
    const reply = await signed(body);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { accepted: 2 });
    assert.equal(intake.calls.length, 1);
    assert.deepEqual(
      intake.calls[0]?.map((e) => [e.ref, e.action, e.eventDate]),
      [
        [{ kind: 'product', id: '9a8b7c6d-1111-4222-8333-444455556666', identifier: 'TSHIRT' }, 'updated', '2023-11-14T08:15:00.000Z'],
        [{ kind: 'product-model', id: 'tshirt_red' }, 'updated', '2023-11-14T08:15:00.000Z'],
      ],
    );
  });

  it('answers the connection Test button (empty body signed over "<ts>.") with 200', async () => {
    assert.equal(signEventsApi(SECRET, TS, ''), PING_SIGNATURE);
    const reply = await post('', { 'x-akeneo-request-timestamp': TS, 'x-akeneo-request-signature': PING_SIGNATURE });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { status: 'ok' });
    assert.deepEqual(intake.calls, []);
  });

  it('rejects a wrong or missing signature with 400 bad_signature', async () => {
    const wrong = signEventsApi('another-secret', TS, VECTOR_BODY);
    assertRejected(await post(VECTOR_BODY, { 'x-akeneo-request-timestamp': TS, 'x-akeneo-request-signature': wrong }), 400, 'bad_signature');
    assertRejected(await post(VECTOR_BODY, { 'x-akeneo-request-timestamp': TS }), 400, 'bad_signature');
  });

  it('rejects a signature over a different timestamp with 400 bad_signature', async () => {
    const headers = { 'x-akeneo-request-timestamp': String(Number(TS) + 1), 'x-akeneo-request-signature': VECTOR_SIGNATURE };
    assertRejected(await post(VECTOR_BODY, headers), 400, 'bad_signature');
  });

  it('rejects a missing or non-integer timestamp with 400 missing_timestamp', async () => {
    assertRejected(await post(VECTOR_BODY, { 'x-akeneo-request-signature': VECTOR_SIGNATURE }), 400, 'missing_timestamp');
    assertRejected(await signed(VECTOR_BODY, '1700000000.5'), 400, 'missing_timestamp');
  });

  it('rejects a timestamp more than 300 s in the past or the future with 400 stale_timestamp', async () => {
    assertRejected(await signed(VECTOR_BODY, String(NOW_MS / 1000 - 301)), 400, 'stale_timestamp');
    assertRejected(await signed(VECTOR_BODY, String(NOW_MS / 1000 + 301)), 400, 'stale_timestamp');
  });

  it('accepts a timestamp within the tolerance', async () => {
    assert.equal((await signed(VECTOR_BODY, String(NOW_MS / 1000 - 300))).status, 200);
  });

  it('rejects invalid JSON with 400 invalid_json', async () => {
    assertRejected(await signed('{"events":['), 400, 'invalid_json');
  });

  it('rejects 11 events with 400 invalid_payload', async () => {
    const one = legacyEvent('product_model.removed', { code: 'm' });
    const reply = await signed(JSON.stringify({ events: Array.from({ length: 11 }, () => one) }));
    assertRejected(reply, 400, 'invalid_payload');
    assert.match(reply.body.error!.message, /events/);
  });

  it('rejects an unknown action with 400 invalid_payload naming the path', async () => {
    const reply = await signed(JSON.stringify({ events: [legacyEvent('category.created', { code: 'c' })] }));
    assertRejected(reply, 400, 'invalid_payload');
    assert.match(reply.body.error!.message, /events\.0\.action/);
  });

  it('rejects a product event with neither uuid nor identifier with 400 invalid_payload', async () => {
    const reply = await signed(JSON.stringify({ events: [legacyEvent('product.updated', { identifier: null })] }));
    assertRejected(reply, 400, 'invalid_payload');
    assert.match(reply.body.error!.message, /events\.0\.data\.resource\.identifier/);
  });

  it('refuses a whole batch with 400 invalid_payload naming the field when one code would break a URL path', async () => {
    for (const code of ['..', 'a/../b', '%2e%2e', 'x'.repeat(256), 'a\u0000b']) {
      const body = JSON.stringify({ events: [legacyEvent('product_model.updated', { code: 'tshirt_red' }), legacyEvent('product_model.removed', { code })] });
      const reply = await signed(body);
      assertRejected(reply, 400, 'invalid_payload');
      assert.match(reply.body.error!.message, /events\.1\.data\.resource\.code: a product-model code must /);
    }
    const identifier = await signed(JSON.stringify({ events: [legacyEvent('product.removed', { identifier: '..' })] }));
    assertRejected(identifier, 400, 'invalid_payload');
    assert.match(identifier.body.error!.message, /events\.0\.data\.resource\.identifier: a product identifier must not be or contain a '\.' or '\.\.' path segment/);
  });

  it('rejects a body over 32 MiB with 400 body_too_large', async () => {
    assertRejected(await signed(Buffer.alloc(WEBHOOK_MAX_BODY_BYTES + 1, 0x20)), 400, 'body_too_large');
  });

  it('accepts ten events carrying a product of 3 MB each (Akeneo puts the whole product in each event)', async () => {
    const values = { description: [{ locale: 'en_US', scope: null, data: 'x'.repeat(3 * 1024 * 1024) }] };
    const events = Array.from({ length: 10 }, (_, i) =>
      legacyEvent('product.updated', { uuid: `6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a${String(i).padStart(2, '0')}`, identifier: `SKU-${i}`, values }, {
        event_id: `3f0c2b8e-7d41-4f7a-9a55-2b1e6c0d9a${String(i).padStart(2, '0')}`,
      }),
    );
    const reply = await signed(JSON.stringify({ events }));
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { accepted: 10 });
    assert.equal(intake.calls[0].length, 10);
    assert.ok(JSON.stringify(intake.calls[0]).length < 10_000, 'the events handed over carry no product data');
  });

  it('rejects a chunked body over 32 MiB (no Content-Length) with 400 body_too_large', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > WEBHOOK_MAX_BODY_BYTES) controller.close();
        else controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const res = await fetch(`${base}/akeneo/events`, {
      method: 'POST',
      headers: { 'x-akeneo-request-timestamp': TS, 'x-akeneo-request-signature': PING_SIGNATURE },
      body,
      duplex: 'half',
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as Reply['body']).error?.code, 'body_too_large');
    assert.deepEqual(intake.calls, []);
  });

  it('answers 503 temporal_unavailable when the intake fails', async () => {
    intake.failure = new IntakeUnavailableError('Temporal is down');
    const reply = await post(VECTOR_BODY, { 'x-akeneo-request-timestamp': TS, 'x-akeneo-request-signature': VECTOR_SIGNATURE });
    assert.equal(reply.status, 503);
    assert.equal(reply.body.error?.code, 'temporal_unavailable');
  });

  it('answers 503 overloaded at once, without calling Temporal, while too many events are in flight', async () => {
    await close();
    await serve(1);
    let release: () => void = () => undefined;
    intake.pending = new Promise<void>((resolve) => (release = resolve));
    const headers = { 'x-akeneo-request-timestamp': TS, 'x-akeneo-request-signature': VECTOR_SIGNATURE };
    const first = post(VECTOR_BODY, headers);
    const deadline = Date.now() + 5_000;
    while (intake.calls.length === 0 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    const second = await post(VECTOR_BODY, headers);
    assert.equal(second.status, 503);
    assert.equal(second.body.error?.code, 'overloaded');
    assert.equal(intake.calls.length, 1, 'the refused request never reached the intake');
    release();
    assert.equal((await first).status, 200);
    assert.equal((await post(VECTOR_BODY, headers)).status, 200, 'accepted again once the first was handed over');
  });

  it('answers 503 handover_pending at the answer deadline, keeps handing over, and counts the events accepted_late', async () => {
    await close();
    await serve(undefined, 30);
    let release: () => void = () => undefined;
    intake.pending = new Promise<void>((resolve) => (release = resolve));
    const reply = await post(VECTOR_BODY, { 'x-akeneo-request-timestamp': TS, 'x-akeneo-request-signature': VECTOR_SIGNATURE });
    assert.equal(reply.status, 503);
    assert.equal(reply.body.error?.code, 'handover_pending');
    assert.equal(await eventsCounted('accepted_late'), 0, 'not counted before Temporal confirms');
    assert.equal(await eventsCounted('unavailable'), 0, 'a pending hand-over is not counted as lost');
    release();
    await pollUntil(async () => (await eventsCounted('accepted_late')) === 1);
    assert.equal(intake.calls.length, 1);
  });

  it('counts a hand-over that fails after the answer deadline as unavailable', async () => {
    await close();
    await serve(undefined, 30);
    let fail: (err: Error) => void = () => undefined;
    intake.pending = new Promise<void>((_, reject) => (fail = reject));
    const reply = await post(VECTOR_BODY, { 'x-akeneo-request-timestamp': TS, 'x-akeneo-request-signature': VECTOR_SIGNATURE });
    assert.equal(reply.body.error?.code, 'handover_pending');
    fail(new IntakeUnavailableError('Temporal gave up'));
    await pollUntil(async () => (await eventsCounted('unavailable')) === 1);
    assert.equal(await eventsCounted('accepted_late'), 0);
  });

  it('takes a burst far above the Event Platform\'s shedding limit without refusing any request', async () => {
    let release: () => void = () => undefined;
    intake.pending = new Promise<void>((resolve) => (release = resolve));
    const headers = { 'x-akeneo-request-timestamp': TS };
    const bodies = Array.from({ length: 40 }, (_, r) =>
      JSON.stringify({
        events: Array.from({ length: 10 }, (_, i) =>
          legacyEvent('product.updated', { uuid: `6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e${String(r).padStart(2, '0')}${String(i).padStart(4, '0')}` }, {
            event_id: `3f0c2b8e-7d41-4f7a-9a55-2b1e6c${String(r).padStart(2, '0')}${String(i).padStart(4, '0')}`,
          }),
        ),
      }),
    );
    // 400 events held at once: twice the Event Platform route's ceiling, far under the memory budget.
    const replies = bodies.map((body) => post(body, { ...headers, 'x-akeneo-request-signature': signEventsApi(SECRET, TS, body) }));
    await pollUntil(() => Promise.resolve(intake.calls.length === 40));
    release();
    const statuses = (await Promise.all(replies)).map((r) => r.status);
    assert.deepEqual(statuses, new Array<number>(40).fill(200));
  });

  it('echoes the X-Request-Id header', async () => {
    const res = await fetch(`${base}/akeneo/events`, {
      method: 'POST',
      headers: { 'x-request-id': 'req-42', 'x-akeneo-request-timestamp': TS, 'x-akeneo-request-signature': PING_SIGNATURE },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-request-id'), 'req-42');
  });
});
