import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { signEventPlatform } from '../../src/akeneo/signature';
import { createApp } from '../../src/api/app';
import { type EventIntake, IntakeUnavailableError, type StructureIntake, type SubmitOptions } from '../../src/api/ports';
import type { EntityEvent } from '../../src/workflows/definitions';

const PRIMARY = 'primary-secret';
const SECONDARY = 'secondary-secret';
const UUID = '3444ec1b-058e-4208-9b6c-284f47a7aa17';

/** An intake that records calls and, when gated, holds them until `release()`. */
class FakeIntake implements EventIntake {
  readonly calls: EntityEvent[][] = [];
  readonly options: Array<SubmitOptions | undefined> = [];
  failure?: Error;
  gate?: Promise<void>;
  private entered: () => void = () => undefined;
  readonly firstCall = new Promise<void>((resolve) => (this.entered = resolve));
  async submit(events: EntityEvent[], options?: SubmitOptions): Promise<void> {
    if (this.failure) throw this.failure;
    this.calls.push(events);
    this.options.push(options);
    this.entered();
    await this.gate;
  }
}

/** A structure intake that records the keys it is given, or fails; when gated, holds them until `release()`. */
class FakeStructureIntake implements StructureIntake {
  readonly keys: string[] = [];
  failure?: Error;
  gate?: Promise<void>;
  private entered: () => void = () => undefined;
  readonly firstCall = new Promise<void>((resolve) => (this.entered = resolve));
  async submit(key: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.keys.push(key);
    this.entered();
    await this.gate;
  }
}

interface Reply {
  status: number;
  body: { [k: string]: unknown; error?: { code: string; message: string } };
}

function cloudEvent(type: string, data: object, extra: object = {}): string {
  return JSON.stringify({
    specversion: '1.0',
    id: '0191e3a2-7c11-7b0a-9f3e-5a6b7c8d9e0f',
    source: 'akeneo-event-platform',
    type,
    subject: '0190fe8a-6213-76ce-8a9f-ba36a5ef555a',
    datacontenttype: 'application/json',
    time: '2026-09-01T12:15:30+02:00',
    data: { ...data, author: { identifier: 'julia', type: 'user' } },
    ...extra,
  });
}

/** The clock of the app under test: 5 minutes after the events' `time` (2026-09-01T10:15:30Z). */
const NOW_MS = Date.parse('2026-09-01T10:20:30Z');
const HOUR = 3_600_000;

const PRODUCT_UPDATED = cloudEvent('com.akeneo.pim.v1.product.updated', { product: { uuid: UUID, identifier: 'my-sku-001' } });

describe('POST /akeneo/event-platform', () => {
  let intake: FakeIntake;
  let structure: FakeStructureIntake;
  let server: http.Server;
  let base: string;

  /** Serves a fresh app; `maxEventAgeMs` is `EVENT_PLATFORM_MAX_EVENT_AGE` (default 6 h), `answerDeadlineMs` 100 ms by default. */
  async function start(maxEventAgeMs?: number, answerDeadlineMs = 100): Promise<void> {
    intake = new FakeIntake();
    structure = new FakeStructureIntake();
    const app = createApp({
      config: { eventPlatformSecrets: { primary: PRIMARY, secondary: SECONDARY }, ...(maxEventAgeMs && { eventPlatformMaxEventAgeMs: maxEventAgeMs }) },
      now: () => NOW_MS,
      intake,
      structure,
      notifications: { submit: () => Promise.resolve() },
      history: { read: () => Promise.resolve(undefined) },
      readiness: () => Promise.resolve(true),
      logger: pino({ level: 'silent' }),
      maxInFlight: 1,
      answerDeadlinesMs: { eventPlatform: answerDeadlineMs },
    });
    const handle = app.callback();
    server = http.createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async function stop(): Promise<void> {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  beforeEach(() => start());
  afterEach(() => stop());

  async function post(body: string, headers: Record<string, string>, contentType = 'application/json'): Promise<Reply> {
    const res = await fetch(`${base}/akeneo/event-platform`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...headers },
      body,
    });
    return { status: res.status, body: (await res.json()) as Reply['body'] };
  }

  const primary = (body: string): Record<string, string> => ({ 'x-akeneo-signature-primary': signEventPlatform(PRIMARY, body) });

  function assertRejected(reply: Reply, status: number, code: string): void {
    assert.equal(reply.status, status);
    assert.equal(reply.body.error?.code, code);
    assert.deepEqual(intake.calls, []);
  }

  it('accepts an event signed with the primary secret and hands it over normalized', async () => {
    const reply = await post(PRODUCT_UPDATED, {
      ...primary(PRODUCT_UPDATED),
      'x-akeneo-signature-secondary': signEventPlatform(SECONDARY, PRODUCT_UPDATED),
      'x-akeneo-signature-algorithm': 'HmacSHA256',
    });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { accepted: 1 });
    assert.deepEqual(intake.calls, [
      [
        {
          ref: { kind: 'product', id: UUID, identifier: 'my-sku-001' },
          eventId: '0191e3a2-7c11-7b0a-9f3e-5a6b7c8d9e0f',
          action: 'updated',
          eventDate: '2026-09-01T10:15:30.000Z',
          source: 'event-platform',
        },
      ],
    ]);
    assert.deepEqual(intake.options, [{ deadlineMs: 4000 }], 'Temporal gets 4 of the platform\'s 5 s, not the legacy 400 ms');
  });

  it('accepts application/cloudevents+json', async () => {
    const reply = await post(PRODUCT_UPDATED, primary(PRODUCT_UPDATED), 'application/cloudevents+json');
    assert.equal(reply.status, 200);
  });

  it('accepts an event signed only with the secondary secret', async () => {
    const reply = await post(PRODUCT_UPDATED, { 'x-akeneo-signature-secondary': signEventPlatform(SECONDARY, PRODUCT_UPDATED) });
    assert.equal(reply.status, 200);
    assert.equal(intake.calls.length, 1);
  });

  it('accepts the secondary secret sent in the primary header (rotation)', async () => {
    const reply = await post(PRODUCT_UPDATED, { 'x-akeneo-signature-primary': signEventPlatform(SECONDARY, PRODUCT_UPDATED) });
    assert.equal(reply.status, 200);
  });

  it('rejects a wrong signature with 401 bad_signature', async () => {
    const headers = { 'x-akeneo-signature-primary': signEventPlatform('not-the-secret', PRODUCT_UPDATED) };
    assertRejected(await post(PRODUCT_UPDATED, headers), 401, 'bad_signature');
  });

  it('rejects a missing signature with 401 bad_signature', async () => {
    assertRejected(await post(PRODUCT_UPDATED, {}), 401, 'bad_signature');
  });

  it('rejects a product event without data.product.uuid with 400 invalid_payload', async () => {
    const body = cloudEvent('com.akeneo.pim.v1.product.created', { product: { identifier: 'sku' } });
    const reply = await post(body, primary(body));
    assertRejected(reply, 400, 'invalid_payload');
    assert.match(reply.body.error!.message, /data\.product\.uuid/);
  });

  it('refuses a code or identifier that would break a URL path with 400 invalid_payload naming the field', async () => {
    for (const [type, data, field] of [
      ['com.akeneo.pim.v1.product-model.updated', { product_model: { code: '..' } }, 'data.product_model.code'],
      ['com.akeneo.pim.v1.product-model.deleted', { product: { code: 'a/../b' } }, 'data.product.code'],
      ['com.akeneo.pim.v1.product.updated', { product: { uuid: UUID, identifier: 'x'.repeat(256) } }, 'data.product.identifier'],
    ] as const) {
      const body = cloudEvent(type, data);
      const reply = await post(body, primary(body));
      assertRejected(reply, 400, 'invalid_payload');
      assert.ok(reply.body.error!.message.startsWith(`invalid payload at ${field}: `), reply.body.error!.message);
    }
  });

  it('rejects a wrong specversion with 400 invalid_payload', async () => {
    const body = cloudEvent('com.akeneo.pim.v1.product.created', { product: { uuid: UUID } }, { specversion: '0.3' });
    assertRejected(await post(body, primary(body)), 400, 'invalid_payload');
  });

  it('rejects invalid JSON with 400 invalid_json', async () => {
    assertRejected(await post('{"specversion":', primary('{"specversion":')), 400, 'invalid_json');
  });

  it('reads a signed body as JSON whatever its Content-Type (undocumented for deliveries; a 4xx would count as a failure)', async () => {
    for (const type of ['text/plain', 'application/octet-stream']) {
      assert.equal((await post(PRODUCT_UPDATED, primary(PRODUCT_UPDATED), type)).status, 200, type);
    }
    assert.equal(intake.calls.length, 2);
  });

  it('answers 200 to another well-formed event type and ignores it', async () => {
    const body = cloudEvent('com.akeneo.pim.v1.asset.created', { asset: { code: 'photo', asset_family: { code: 'packshots' } } });
    const reply = await post(body, primary(body));
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { accepted: 0, ignored: 'com.akeneo.pim.v1.asset.created' });
    assert.deepEqual(intake.calls, []);
    assert.deepEqual(structure.keys, []);
  });

  it('hands each structure event to the structure intake as its item key, codes encoded', async () => {
    const events: [string, object, string][] = [
      ['com.akeneo.pim.v1.category.created', { category: { code: 'summer' } }, 'categories/summer'],
      ['com.akeneo.pim.v1.attribute.updated', { attribute: { code: 'color' } }, 'attributes/color'],
      ['com.akeneo.pim.v1.attribute-option.deleted', { attribute_option: { code: 'red/dark', attribute: { code: 'color' } } }, 'attribute-options/color/red%2Fdark'],
      ['com.akeneo.pim.v1.attribute-group.updated', { attribute_group: { code: 'marketing' } }, 'attribute-groups/marketing'],
      ['com.akeneo.pim.v1.family.deleted', { family: { code: 'shoes' } }, 'families/shoes'],
    ];
    for (const [type, data] of events) {
      const body = cloudEvent(type, data);
      const reply = await post(body, primary(body));
      assert.equal(reply.status, 200, type);
      assert.deepEqual(reply.body, { accepted: 1 });
    }
    assert.deepEqual(structure.keys, events.map(([, , key]) => key));
    assert.deepEqual(intake.calls, []);
  });

  it('rejects a structure event whose code is missing or unsafe with 400 invalid_payload, handing nothing over', async () => {
    for (const data of [{ attribute: { code: '..' } }, { attribute: {} }, { attribute: { code: 'a,b' } }]) {
      const body = cloudEvent('com.akeneo.pim.v1.attribute.updated', data);
      assertRejected(await post(body, primary(body)), 400, 'invalid_payload');
    }
    const option = cloudEvent('com.akeneo.pim.v1.attribute-option.created', { attribute_option: { code: 'red' } });
    assertRejected(await post(option, primary(option)), 400, 'invalid_payload');
    assert.deepEqual(structure.keys, []);
  });

  it('answers 503 temporal_unavailable when the structure intake fails', async () => {
    structure.failure = new IntakeUnavailableError('down');
    const body = cloudEvent('com.akeneo.pim.v1.family.updated', { family: { code: 'shoes' } });
    assertRejected(await post(body, primary(body)), 503, 'temporal_unavailable');
  });

  it('maps a product-model deletion carrying data.product.code', async () => {
    const body = cloudEvent('com.akeneo.pim.v1.product-model.deleted', { product: { code: 'tshirt_red' } });
    assert.equal((await post(body, primary(body))).status, 200);
    assert.deepEqual(intake.calls[0]?.[0]?.ref, { kind: 'product-model', id: 'tshirt_red' });
    assert.equal(intake.calls[0]?.[0]?.action, 'removed');
  });

  /** A product event dated `ageMs` before the app's clock. */
  const aged = (ageMs: number, type = 'com.akeneo.pim.v1.product.updated', data: object = { product: { uuid: UUID } }): string =>
    cloudEvent(type, data, { time: new Date(NOW_MS - ageMs).toISOString() });
  const staleCount = async (type: string): Promise<number> =>
    Number(new RegExp(`route="event-platform",type="${type}",outcome="stale"\\} (\\d+)`).exec(await (await fetch(`${base}/metrics`)).text())?.[1] ?? 0);

  it('refuses a signed event dated more than 6 h ago (a replayed capture) with 400 stale_event, hands nothing over, and counts it stale', async () => {
    const body = aged(6 * HOUR + 1000);
    const reply = await post(body, primary(body));
    assertRejected(reply, 400, 'stale_event');
    assert.match(reply.body.error!.message, /more than 6 h ago \(EVENT_PLATFORM_MAX_EVENT_AGE\)/);
    assert.equal(await staleCount('product.updated'), 1);
  });

  it('accepts an event delivered long after its time, inside the window (the platform retries for 35 min, and throttles)', async () => {
    const body = aged(6 * HOUR - 60_000);
    assert.equal((await post(body, primary(body))).status, 200);
    assert.equal(intake.calls.length, 1);
    assert.equal(await staleCount('product.updated'), 0);
  });

  it('refuses a stale event of a type it ignores too, before anything else is said of it', async () => {
    const body = aged(7 * HOUR, 'com.akeneo.pim.v1.category.created', { category: { code: 'summer' } });
    assertRejected(await post(body, primary(body)), 400, 'stale_event');
    assert.equal(await staleCount('category.created'), 1);
  });

  it('checks the signature before the date: an old unsigned event is a 401, not a stale one', async () => {
    const body = aged(7 * HOUR);
    assertRejected(await post(body, { 'x-akeneo-signature-primary': signEventPlatform('not-the-secret', body) }), 401, 'bad_signature');
  });

  it('refuses by EVENT_PLATFORM_MAX_EVENT_AGE when it is set', async () => {
    await stop();
    await start(HOUR);
    const old = aged(HOUR + 1000);
    const reply = await post(old, primary(old));
    assertRejected(reply, 400, 'stale_event');
    assert.match(reply.body.error!.message, /more than 1 h ago/);
    const recent = aged(HOUR - 1000);
    assert.equal((await post(recent, primary(recent))).status, 200);
  });

  it('answers 503 temporal_unavailable when the intake fails', async () => {
    intake.failure = new IntakeUnavailableError('Temporal is down');
    const reply = await post(PRODUCT_UPDATED, primary(PRODUCT_UPDATED));
    assert.equal(reply.status, 503);
    assert.equal(reply.body.error?.code, 'temporal_unavailable');
  });

  it('sheds load with 429 overloaded while maxInFlight intake calls are pending', async () => {
    let release: () => void = () => undefined;
    intake.gate = new Promise<void>((resolve) => (release = resolve));
    const first = post(PRODUCT_UPDATED, primary(PRODUCT_UPDATED));
    await intake.firstCall;
    const second = await post(PRODUCT_UPDATED, primary(PRODUCT_UPDATED));
    assert.equal(second.status, 429);
    assert.equal(second.body.error?.code, 'overloaded');
    release();
    assert.equal((await first).status, 200);
    assert.equal((await post(PRODUCT_UPDATED, primary(PRODUCT_UPDATED))).status, 200);
    assert.equal(intake.calls.length, 2);
  });

  const FAMILY_UPDATED = cloudEvent('com.akeneo.pim.v1.family.updated', { family: { code: 'shoes' } });
  const overloadedCount = async (type: string) =>
    Number(new RegExp(`route="event-platform",type="${type}",outcome="overloaded"\\} (\\d+)`).exec(await (await fetch(`${base}/metrics`)).text())?.[1] ?? 0);

  /** Serves an app whose answer deadline outlasts a held hand-over on a loaded machine (no 503 handover_pending). */
  async function restartWithLongDeadline(): Promise<void> {
    await stop();
    await start(undefined, 30_000);
  }

  it('refuses a structure event with 429 overloaded while product events fill the budget, hands nothing over, and counts it overloaded', async () => {
    await restartWithLongDeadline();
    let release: () => void = () => undefined;
    intake.gate = new Promise<void>((resolve) => (release = resolve));
    const first = post(PRODUCT_UPDATED, primary(PRODUCT_UPDATED));
    await intake.firstCall;
    const refused = await post(FAMILY_UPDATED, primary(FAMILY_UPDATED));
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error?.code, 'overloaded');
    assert.deepEqual(structure.keys, []);
    assert.equal(await overloadedCount('family.updated'), 1);
    release();
    assert.equal((await first).status, 200);
    const accepted = await post(FAMILY_UPDATED, primary(FAMILY_UPDATED));
    assert.equal(accepted.status, 200);
    assert.deepEqual(accepted.body, { accepted: 1 });
    assert.deepEqual(structure.keys, ['families/shoes']);
  });

  it('counts a structure event in flight against the budget: a product event is refused with 429 until it is handed over', async () => {
    await restartWithLongDeadline();
    let release: () => void = () => undefined;
    structure.gate = new Promise<void>((resolve) => (release = resolve));
    const first = post(FAMILY_UPDATED, primary(FAMILY_UPDATED));
    await structure.firstCall;
    const product = await post(PRODUCT_UPDATED, primary(PRODUCT_UPDATED));
    assert.equal(product.status, 429);
    assert.equal(product.body.error?.code, 'overloaded');
    const second = await post(FAMILY_UPDATED, primary(FAMILY_UPDATED));
    assert.equal(second.status, 429);
    assert.deepEqual(intake.calls, []);
    assert.deepEqual(structure.keys, ['families/shoes']);
    assert.equal(await overloadedCount('product.updated'), 1);
    release();
    assert.equal((await first).status, 200);
    assert.equal((await post(PRODUCT_UPDATED, primary(PRODUCT_UPDATED))).status, 200);
    assert.equal(intake.calls.length, 1);
  });

  it('answers 503 handover_pending when Temporal has not confirmed in time, keeps handing over, and counts it accepted_late', async () => {
    let release: () => void = () => undefined;
    intake.gate = new Promise<void>((resolve) => (release = resolve));
    const reply = await post(PRODUCT_UPDATED, primary(PRODUCT_UPDATED));
    assert.equal(reply.status, 503);
    assert.equal(reply.body.error?.code, 'handover_pending');
    const lateCount = async () => Number(/route="event-platform",type="product.updated",outcome="accepted_late"\} (\d+)/.exec(await (await fetch(`${base}/metrics`)).text())?.[1] ?? 0);
    assert.equal(await lateCount(), 0);
    release();
    const deadline = Date.now() + 5_000;
    while ((await lateCount()) !== 1) {
      assert.ok(Date.now() < deadline, 'accepted_late counted within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(intake.calls.length, 1);
  });
});
