/*
 * The Event Platform suspends a subscription at once on a 404 or a 3xx, and below 90 % success over an
 * hour (https://api.akeneo.com/event-platform/key-platform-behaviors.html): every status its routes can
 * answer, configured or not.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { signEventPlatform } from '../../src/akeneo/signature';
import { createApp } from '../../src/api/app';
import { type ApiDeps, type EventIntake, IntakeUnavailableError } from '../../src/api/ports';
import { MAX_BODY_BYTES } from '../../src/api/raw-body';

const PRIMARY = 'platform-primary-secret';
const NOTIFICATIONS = 'platform-notification-secret';
const PATHS = ['/akeneo/event-platform', '/akeneo/event-platform/notifications'];
const METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'POST'];

/** Ways an operator may have spelled a path when registering it. */
const spellings = (path: string): string[] => [path, `${path}/`, `${path}//`, path.replace(/\//g, '//'), path.toUpperCase(), `${path}?tenant=eu`];

function cloudEvent(type: string, data: object = { product: { uuid: '3444ec1b-058e-4208-9b6c-284f47a7aa17' } }): string {
  return JSON.stringify({ specversion: '1.0', id: 'e-1', source: 'akeneo-event-platform', type, time: '2026-09-01T10:15:30Z', data });
}

async function serve(config: ApiDeps['config'], intake: EventIntake = { submit: () => Promise.resolve() }, logger = pino({ level: 'silent' }), maxInFlight = 10) {
  const handle = createApp({
    config,
    intake,
    notifications: { submit: () => Promise.resolve() },
    history: { read: () => Promise.resolve(undefined) },
    readiness: () => Promise.resolve(true),
    logger,
    maxInFlight,
    // A few minutes after the events' `time`: older than EVENT_PLATFORM_MAX_EVENT_AGE they would be refused.
    now: () => Date.parse('2026-09-01T10:20:00Z'),
  }).callback();
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function send(url: string, method: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; code?: string }> {
  const res = await fetch(url, { method, redirect: 'manual', headers: { 'content-type': 'application/json', ...headers }, ...(body !== undefined && { body }) });
  const text = await res.text();
  const code = text ? (JSON.parse(text) as { error?: { code: string } }).error?.code : undefined;
  return { status: res.status, ...(code && { code }) };
}

describe('Event Platform routes: the statuses they answer', () => {
  for (const [name, config] of [
    ['misconfigured (no secret)', {}],
    ['configured', { eventPlatformSecrets: { primary: PRIMARY }, eventPlatformNotificationSecret: NOTIFICATIONS }],
  ] as const) {
    it(`${name}: never 404 or 3xx, whatever the method or the spelling of the path; 405 for a wrong method`, async () => {
      const app = await serve(config);
      try {
        for (const path of PATHS) {
          for (const spelled of spellings(path)) {
            for (const method of METHODS) {
              const body = ['GET', 'HEAD'].includes(method) ? undefined : '{}';
              const { status, code } = await send(`${app.base}${spelled}`, method, body);
              const where = `${method} ${spelled}`;
              assert.ok(status !== 404 && (status < 300 || status >= 400), `${where} answered ${status}`);
              if (method !== 'POST') assert.equal(status, 405, where);
              else if (name === 'configured') assert.deepEqual([status, code], [401, 'bad_signature'], where);
              else assert.deepEqual([status, code], [503, 'not_configured'], where);
            }
          }
        }
      } finally {
        await app.close();
      }
    });
  }

  it('a misconfigured delivery route answers 503 with a JSON error naming the missing key', async () => {
    const app = await serve({});
    try {
      const res = await fetch(`${app.base}/akeneo/event-platform`, { method: 'POST', body: cloudEvent('com.akeneo.pim.v1.product.updated') });
      assert.equal(res.status, 503);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'not_configured');
      assert.match(body.error.message, /AKENEO_EVENT_PLATFORM_SECRET/);
    } finally {
      await app.close();
    }
  });

  it('logs a warning at start-up for each Event Platform route without its secret, and none once both are set', async () => {
    const lines: Array<{ level: number; key?: string; msg: string }> = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]), done()) });
    const logger = pino({ level: 'info' }, sink);
    // The operator token is set so that its own warning stays out of these lines.
    const operatorToken = 'operator-token-for-tests';
    const bare = await serve({ eventsApiSecret: 'legacy', operatorToken }, undefined, logger);
    await bare.close();
    assert.deepEqual(lines.map((l) => [l.level, l.key]), [
      [40, 'AKENEO_EVENT_PLATFORM_SECRET'],
      [40, 'AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET'],
    ]);
    assert.match(lines[0].msg, /answers 503/);
    lines.length = 0;
    const full = await serve({ eventPlatformSecrets: { primary: PRIMARY }, eventPlatformNotificationSecret: NOTIFICATIONS, operatorToken }, undefined, logger);
    await full.close();
    assert.deepEqual(lines, []);
  });

  it('keeps the legacy route absent without its secret (Akeneo does not suspend on its 404)', async () => {
    const app = await serve({});
    try {
      assert.equal((await send(`${app.base}/akeneo/events`, 'POST', '{}')).status, 404);
    } finally {
      await app.close();
    }
  });

  it('a configured delivery route answers only 200, 400 (bad payloads), 401, 429 (shedding) and 503', async () => {
    const releases: Array<() => void> = [];
    let entered: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => (entered = resolve));
    let mode: 'ok' | 'hold' | 'down' = 'ok';
    const intake: EventIntake = {
      submit: () => {
        if (mode === 'down') return Promise.reject(new IntakeUnavailableError('down'));
        if (mode === 'ok') return Promise.resolve();
        entered();
        return new Promise<void>((resolve) => releases.push(resolve));
      },
    };
    const release = () => releases.splice(0).forEach((r) => r());
    // A gate of one event: one delivery held in flight fills it.
    const app = await serve({ eventPlatformSecrets: { primary: PRIMARY } }, intake, undefined, 1);
    const url = `${app.base}/akeneo/event-platform`;
    const signed = (body: string) => ({ 'x-akeneo-signature-primary': signEventPlatform(PRIMARY, body) });
    const post = (body: string, headers: Record<string, string> = signed(body)) => send(url, 'POST', body, headers);
    try {
      const seen = new Map<string, number>();
      seen.set('product event', (await post(cloudEvent('com.akeneo.pim.v1.product.updated'))).status);
      seen.set('valid but unknown event type', (await post(cloudEvent('com.akeneo.pim.v1.asset.updated.delta', { asset: { code: 'a' } }))).status);
      seen.set('product type not subscribed', (await post(cloudEvent('com.akeneo.pim.v1.product.became-complete'))).status);
      seen.set('future type', (await post(cloudEvent('com.akeneo.pim.v2.product.archived', { product: {} }))).status);
      seen.set('not JSON', (await post('not json')).status);
      seen.set('product without uuid', (await post(cloudEvent('com.akeneo.pim.v1.product.updated', { product: {} }))).status);
      seen.set('too large', (await post(`"${'x'.repeat(MAX_BODY_BYTES)}"`)).status);
      seen.set('unsigned', (await post(cloudEvent('com.akeneo.pim.v1.product.updated'), {})).status);
      mode = 'hold';
      const held = post(cloudEvent('com.akeneo.pim.v1.product.updated'));
      await holding;
      seen.set('shed', (await post(cloudEvent('com.akeneo.pim.v1.product.updated'))).status);
      release();
      seen.set('held', (await held).status);
      mode = 'down';
      seen.set('Temporal down', (await post(cloudEvent('com.akeneo.pim.v1.product.updated'))).status);
      assert.deepEqual(Object.fromEntries(seen), {
        'product event': 200,
        'valid but unknown event type': 200,
        'product type not subscribed': 200,
        'future type': 200,
        'not JSON': 400,
        'product without uuid': 400,
        'too large': 400,
        unsigned: 401,
        shed: 429,
        held: 200,
        'Temporal down': 503,
      });
    } finally {
      release();
      await app.close();
    }
  });
});
