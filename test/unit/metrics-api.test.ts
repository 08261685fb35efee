import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { signEventPlatform, signEventsApi } from '../../src/akeneo/signature';
import { createApp } from '../../src/api/app';
import { type ApiDeps, type EventIntake, IntakeUnavailableError } from '../../src/api/ports';
import { ACK_BUCKETS } from '../../src/metrics/api-metrics';
import { MetricName } from '../../src/metrics/names';
import { parsePromText, sumSamples, type PromSample } from '../../src/metrics/prom-text';
import { eventTypeLabel } from '../../src/metrics/webhook-metrics';

const EVENTS_SECRET = 'events-secret';
const PLATFORM_SECRET = 'platform-secret';
const NOW_MS = 1_700_000_000_000;
const TS = String(NOW_MS / 1000);
const UUID = '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b';
const EVENT_ID = '0b4c3f43-5a1e-4b8e-9d0f-2a6f1c9b7e11';
const RECEIVED = MetricName.EVENTS_RECEIVED;

class FakeIntake implements EventIntake {
  down = false;
  submit(): Promise<void> {
    return this.down ? Promise.reject(new IntakeUnavailableError('down')) : Promise.resolve();
  }
}

function legacyBody(...actions: string[]): string {
  const resource = (a: string) => (a.startsWith('product_model') ? { code: 'tshirt' } : { uuid: UUID, identifier: 'SKU-1' });
  const events = actions.map((action) => ({ action, event_id: EVENT_ID, event_datetime: '2023-11-14T10:15:00+02:00', data: { resource: resource(action) } }));
  return JSON.stringify({ events });
}

function cloudEvent(type: string): string {
  const data = { product: { uuid: UUID } };
  return JSON.stringify({ specversion: '1.0', id: EVENT_ID, source: 'pim', type, time: new Date(NOW_MS).toISOString(), data });
}

async function serve(deps: Partial<ApiDeps> = {}): Promise<{ base: string; close: () => Promise<void> }> {
  const app = createApp({
    config: { eventsApiSecret: EVENTS_SECRET, eventPlatformSecrets: { primary: PLATFORM_SECRET } },
    intake: new FakeIntake(),
    notifications: { submit: () => Promise.resolve() },
    history: { read: () => Promise.resolve(undefined) },
    readiness: () => Promise.resolve(true),
    logger: pino({ level: 'silent' }),
    now: () => NOW_MS,
    ...deps,
  });
  const handle = app.callback();
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close };
}

describe('API metrics (GET /metrics)', () => {
  let base: string;
  let close: () => Promise<void>;
  let intake: FakeIntake;

  beforeEach(async () => {
    intake = new FakeIntake();
    ({ base, close } = await serve({ intake }));
  });
  afterEach(() => close());

  async function legacy(body: string, signature = signEventsApi(EVENTS_SECRET, TS, body)): Promise<number> {
    const headers = { 'content-type': 'application/json', 'x-akeneo-request-timestamp': TS, 'x-akeneo-request-signature': signature };
    return (await fetch(`${base}/akeneo/events`, { method: 'POST', headers, body })).status;
  }

  async function platform(body: string): Promise<number> {
    const headers = { 'content-type': 'application/cloudevents+json', 'x-akeneo-signature-primary': signEventPlatform(PLATFORM_SECRET, body) };
    return (await fetch(`${base}/akeneo/event-platform`, { method: 'POST', headers, body })).status;
  }

  async function scrape(): Promise<{ text: string; samples: PromSample[] }> {
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    return { text, samples: parsePromText(text) };
  }

  it('counts legacy events per action and outcome, and one unknown per unparsed request', async () => {
    assert.equal(await legacy(legacyBody('product.updated', 'product.updated', 'product_model.created')), 200);
    assert.equal(await legacy(legacyBody('product.removed'), 'bad'), 400);
    assert.equal(await legacy('{"events":[]}'), 400);
    assert.equal(await legacy(''), 200); // the Test button: no event
    intake.down = true;
    assert.equal(await legacy(legacyBody('product.created')), 503);

    const { samples } = await scrape();
    const route = 'events-api';
    assert.equal(sumSamples(samples, RECEIVED, { route, type: 'product.updated', outcome: 'accepted' }), 2);
    assert.equal(sumSamples(samples, RECEIVED, { route, type: 'product_model.created', outcome: 'accepted' }), 1);
    assert.equal(sumSamples(samples, RECEIVED, { route, type: 'unknown', outcome: 'rejected' }), 2);
    assert.equal(sumSamples(samples, RECEIVED, { route, type: 'product.created', outcome: 'unavailable' }), 1);
    assert.equal(sumSamples(samples, RECEIVED, { route }), 6);
    assert.equal(sumSamples(samples, RECEIVED, { route: 'event-platform' }), 0);
  });

  it('counts Event Platform events by type suffix: accepted, ignored, rejected, unavailable', async () => {
    assert.equal(await platform(cloudEvent('com.akeneo.pim.v1.product.updated.delta')), 200);
    assert.equal(await platform(cloudEvent('com.akeneo.pim.v1.asset.created')), 200);
    assert.equal(await platform('{not json'), 400);
    assert.equal(await platform(cloudEvent('com.akeneo.pim.v1.product.updated').replace('"1.0"', '"0.3"')), 400);
    intake.down = true;
    assert.equal(await platform(cloudEvent('com.akeneo.pim.v1.product.deleted')), 503);

    const { samples } = await scrape();
    const route = 'event-platform';
    assert.equal(sumSamples(samples, RECEIVED, { route, type: 'product.updated.delta', outcome: 'accepted' }), 1);
    assert.equal(sumSamples(samples, RECEIVED, { route, type: 'asset.created', outcome: 'ignored' }), 1);
    assert.equal(sumSamples(samples, RECEIVED, { route, type: 'unknown', outcome: 'rejected' }), 2);
    assert.equal(sumSamples(samples, RECEIVED, { route, type: 'product.deleted', outcome: 'unavailable' }), 1);
  });

  it('times every webhook answer in the ack histogram, by route and status', async () => {
    await legacy(legacyBody('product.updated'));
    await legacy(legacyBody('product.updated'));
    await legacy('', 'bad');
    await platform(cloudEvent('com.akeneo.pim.v1.product.created'));
    await fetch(`${base}/healthz`);

    const { samples } = await scrape();
    const ack = MetricName.ACK_SECONDS;
    assert.equal(sumSamples(samples, `${ack}_count`, { route: 'events-api', status: '200' }), 2);
    assert.equal(sumSamples(samples, `${ack}_count`, { route: 'events-api', status: '400' }), 1);
    assert.equal(sumSamples(samples, `${ack}_count`, { route: 'event-platform', status: '200' }), 1);
    assert.equal(sumSamples(samples, `${ack}_count`), 4, 'only webhook requests are timed');
    const les = samples.filter((s) => s.name === `${ack}_bucket` && s.labels.route === 'events-api' && s.labels.status === '200').map((s) => s.labels.le);
    assert.deepEqual(les, [...ACK_BUCKETS.map(String), '+Inf']);
    // In-memory fakes answer well within the budget.
    assert.equal(sumSamples(samples, `${ack}_bucket`, { route: 'events-api', status: '200', le: '0.5' }), 2);
  });

  it('puts no ids or payloads in labels, and adds the process metrics', async () => {
    await legacy(legacyBody('product.updated'));
    await platform(cloudEvent('com.akeneo.pim.v1.product.updated'));
    const { text } = await scrape();
    for (const secret of [UUID, EVENT_ID, 'SKU-1', 'tshirt']) assert.ok(!text.includes(secret), `${secret} leaked into /metrics`);
    assert.match(text, /^process_cpu_user_seconds_total /m);
  });

  it('keeps one registry per app: a second app starts from zero', async () => {
    await legacy(legacyBody('product.updated'));
    const other = await serve();
    try {
      const samples = parsePromText(await (await fetch(`${other.base}/metrics`)).text());
      assert.equal(sumSamples(samples, RECEIVED), 0);
    } finally {
      await other.close();
    }
    assert.equal(sumSamples((await scrape()).samples, RECEIVED), 1);
  });

  it('counts events shed for overload (Event Platform 429, legacy 503) with outcome overloaded', async () => {
    // Ten events held in flight fill a gate of ten; nothing passes until they are handed over.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => undefined;
    const filled = new Promise<void>((resolve) => (entered = resolve));
    const shedding = await serve({ maxInFlight: 10, intake: { submit: () => (entered(), held) } });
    const ten = legacyBody(...Array.from({ length: 10 }, () => 'product.updated'));
    const tenHeaders = { 'content-type': 'application/json', 'x-akeneo-request-timestamp': TS, 'x-akeneo-request-signature': signEventsApi(EVENTS_SECRET, TS, ten) };
    const filling = fetch(`${shedding.base}/akeneo/events`, { method: 'POST', headers: tenHeaders, body: ten });
    try {
      await filled;
      const body = cloudEvent('com.akeneo.pim.v1.product.updated');
      const headers = { 'content-type': 'application/json', 'x-akeneo-signature-primary': signEventPlatform(PLATFORM_SECRET, body) };
      assert.equal((await fetch(`${shedding.base}/akeneo/event-platform`, { method: 'POST', headers, body })).status, 429);
      const samples = parsePromText(await (await fetch(`${shedding.base}/metrics`)).text());
      assert.equal(sumSamples(samples, RECEIVED, { route: 'event-platform', type: 'product.updated', outcome: 'overloaded' }), 1);
      const legacyUpdate = legacyBody('product.updated');
      const signed = { 'content-type': 'application/json', 'x-akeneo-request-timestamp': TS, 'x-akeneo-request-signature': signEventsApi(EVENTS_SECRET, TS, legacyUpdate) };
      assert.equal((await fetch(`${shedding.base}/akeneo/events`, { method: 'POST', headers: signed, body: legacyUpdate })).status, 503);
      const after = parsePromText(await (await fetch(`${shedding.base}/metrics`)).text());
      assert.equal(sumSamples(after, RECEIVED, { route: 'events-api', type: 'product.updated', outcome: 'overloaded' }), 1);
      assert.equal(sumSamples(after, 'akeneo_sync_intake_events', { state: 'limit' }), 10);
      assert.equal(sumSamples(after, 'akeneo_sync_intake_events', { state: 'in_flight' }), 10);
      release();
      assert.equal((await filling).status, 200);
    } finally {
      release();
      await shedding.close();
    }
  });
});

describe('eventTypeLabel', () => {
  it('keeps legacy actions, shortens CloudEvent types and folds anything odd into "other"', () => {
    assert.equal(eventTypeLabel('product_model.removed'), 'product_model.removed');
    assert.equal(eventTypeLabel('com.akeneo.pim.v1.product-model.updated.delta'), 'product-model.updated.delta');
    assert.equal(eventTypeLabel('com.example.Weird Type'), 'other');
    assert.equal(eventTypeLabel('x'.repeat(100)), 'other');
  });
});
