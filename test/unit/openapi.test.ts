import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Router from '@koa/router';
import type Koa from 'koa';
import pino from 'pino';
import { signEventPlatform, signEventsApi } from '../../src/akeneo/signature';
import { createApp } from '../../src/api/app';
import { buildOpenApiDocument, type OpenApiDocument } from '../../src/api/openapi';
import type { ApiDeps } from '../../src/api/ports';
import type { SyncHistory } from '../../src/workflows/definitions';
import { serveApp, type ServedApp } from '../helpers/serve-app';

const NOW = Date.parse('2024-05-02T08:15:00Z');
const SECRETS = { events: 'events-secret', platform: 'platform-secret', notifications: 'notification-secret' } as const;
const UUID = '3444ec1b-058e-4208-9b6c-284f47a7aa17';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Operation {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  responses: Record<string, { description?: string; content?: Record<string, { schema?: { $ref?: string } }> }>;
}

/** Every (method, path template) pair of a document, with its operation. */
function operations(doc: OpenApiDocument): Array<{ method: string; path: string; op: Operation }> {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = (item as Record<string, Operation | undefined>)[method];
      return op ? [{ method, path, op }] : [];
    }),
  );
}

function history(kind: SyncHistory['ref']['kind'], id: string): SyncHistory {
  return { ref: { kind, id }, status: 'synced', entries: [{ at: new Date(NOW).toISOString(), kind: 'synced' }] };
}

function deps(config: ApiDeps['config']): ApiDeps {
  return {
    config,
    intake: { submit: () => Promise.resolve() },
    notifications: { submit: () => Promise.resolve() },
    history: { read: (ref) => Promise.resolve(history(ref.kind, ref.id)) },
    readiness: () => Promise.resolve(true),
    logger: pino({ level: 'silent' }),
    now: () => NOW,
  };
}

/** The (METHOD, koa path) pairs the app's routers serve, HEAD aside (Koa adds it to every GET). */
function routerRoutes(app: Koa): string[] {
  const routers = app.middleware.flatMap((mw) => {
    const router = (mw as { router?: Router }).router;
    return router ? [router] : [];
  });
  assert.ok(routers.length >= 3, 'expected the app to mount its routers');
  return routers.flatMap((r) => r.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${String(layer.path)}`)));
}

const toKoaPath = (template: string): string => template.replace(/\{(\w+)\}/g, ':$1');

const platformBody = JSON.stringify({
  specversion: '1.0',
  id: 'e-1',
  source: 'akeneo',
  type: 'com.akeneo.pim.v1.product.updated',
  time: '2024-05-02T08:14:00Z',
  data: { product: { uuid: UUID } },
});
const timestamp = String(NOW / 1000);
const notificationBody = JSON.stringify({
  notification_type: 'subscription.suspended.system',
  timestamp: '2024-05-02T08:14:00Z',
  subscription_id: '018e1ec5-29da-78ad-aae6-92065b9ca2a6',
  subscriber_id: '018e1ec5-29da-78ad-aae6-92065b9ca2a5',
  destination: 'https://sync.example.com/akeneo/event-platform',
  events: ['com.akeneo.pim.v1.product.updated'],
  reason: 'Success rate dropped below 90%',
  subject: 'https://example.cloud.akeneo.com/',
});

/** A request per documented operation that the app should answer with a documented 2xx. */
const SAMPLES: Record<string, { path: string; init?: RequestInit }> = {
  receiveEventsApi: {
    path: '/akeneo/events',
    init: { method: 'POST', headers: { 'x-akeneo-request-timestamp': timestamp, 'x-akeneo-request-signature': signEventsApi(SECRETS.events, timestamp, Buffer.alloc(0)) } },
  },
  receiveEventPlatform: {
    path: '/akeneo/event-platform',
    init: {
      method: 'POST',
      body: platformBody,
      headers: { 'content-type': 'application/cloudevents+json', 'x-akeneo-signature-primary': signEventPlatform(SECRETS.platform, Buffer.from(platformBody)) },
    },
  },
  receiveEventPlatformNotification: {
    path: '/akeneo/event-platform/notifications',
    init: {
      method: 'POST',
      body: notificationBody,
      headers: { 'content-type': 'application/json', 'x-akeneo-signature-primary': signEventPlatform(SECRETS.notifications, notificationBody) },
    },
  },
  getProductHistory: { path: `/products/${UUID}/history` },
  getProductModelHistory: { path: '/product-models/tshirt_red/history' },
  healthz: { path: '/healthz' },
  readyz: { path: '/readyz' },
  metrics: { path: '/metrics' },
  openApiDocument: { path: '/openapi.json' },
};

describe('OpenAPI description', () => {
  const both = {
    eventsApiSecret: SECRETS.events,
    eventPlatformSecrets: { primary: SECRETS.platform },
    eventPlatformNotificationSecret: SECRETS.notifications,
  };
  let served: ServedApp;
  let base: string;

  before(async () => {
    const handle = createApp(deps(both)).callback();
    served = await serveApp(handle);
    base = served.base;
  });

  after(async () => {
    await served.close();
  });

  it('is an OpenAPI 3 document whose operations, path parameters and references are consistent', () => {
    const doc = buildOpenApiDocument();
    assert.match(doc.openapi, /^3\.\d+\.\d+$/);
    assert.ok(doc.info.title && doc.info.version);
    const schemas = doc.components?.schemas ?? {};
    const ids = new Set<string>();
    for (const { method, path, op } of operations(doc)) {
      const where = `${method.toUpperCase()} ${path}`;
      assert.match(path, /^\//, where);
      assert.ok(op.operationId && !ids.has(op.operationId), `${where}: unique operationId`);
      ids.add(op.operationId);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
      assert.deepEqual(declared.map((p) => p.name).sort(), templated, `${where}: path parameters`);
      assert.ok(declared.every((p) => p.required === true), `${where}: path parameters are required`);
      assert.ok(Object.keys(op.responses).length > 0, `${where}: responses`);
      for (const [status, res] of Object.entries(op.responses)) {
        assert.match(status, /^[1-5]\d\d$/, where);
        assert.ok(res.description, `${where} ${status}: description`);
        if (Number(status) >= 400) assert.equal(res.content?.['application/json']?.schema?.$ref, '#/components/schemas/Error', `${where} ${status}`);
      }
    }
    for (const ref of JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
      assert.ok(ref[1] in schemas, `dangling $ref ${ref[1]}`);
    }
    assert.deepEqual(schemas.Error, {
      type: 'object',
      properties: { error: { type: 'object', properties: { code: { type: 'string', example: 'bad_signature' }, message: { type: 'string' } }, required: ['code', 'message'] } },
      required: ['error'],
      description: 'Every error answer: a stable machine-readable code and a human message.',
    });
  });

  it('documents every route the app serves (both secrets set)', () => {
    const doc = buildOpenApiDocument();
    const documented = operations(doc).map(({ method, path }) => `${method.toUpperCase()} ${toKoaPath(path)}`).sort();
    const served = routerRoutes(createApp(deps(both)));
    for (const route of served) assert.ok(documented.includes(route), `${route} is served but not documented`);
    for (const route of ['POST /akeneo/events', 'POST /akeneo/event-platform', 'POST /akeneo/event-platform/notifications', 'GET /products/:uuid/history', 'GET /product-models/:code/history', 'GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /openapi.json']) {
      assert.ok(documented.includes(route), `${route} is not documented`);
    }
  });

  it('answers every documented operation with one of its documented 2xx responses', async () => {
    for (const { method, path, op } of operations(buildOpenApiDocument())) {
      const sample = SAMPLES[op.operationId ?? ''];
      assert.ok(sample, `no sample request for ${op.operationId}`);
      assert.match(sample.path, new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`), `${op.operationId}: sample path`);
      const res = await fetch(`${base}${sample.path}`, { method: method.toUpperCase(), ...sample.init });
      const text = await res.text();
      assert.ok(res.status in op.responses && res.status < 300, `${method.toUpperCase()} ${path} answered ${res.status}: ${text}`);
      const [type] = Object.keys(op.responses[res.status].content ?? {});
      if (type) assert.ok(res.headers.get('content-type')?.startsWith(type.split('/')[0]), `${path}: content type ${res.headers.get('content-type')}`);
    }
  });

  it('serves the document of the app at GET /openapi.json', async () => {
    const res = await fetch(`${base}/openapi.json`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it('describes the Event Platform routes even without their secrets (they answer 503), the legacy one only with its secret', async () => {
    const handle = createApp(deps({})).callback();
    const one = http.createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => one.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(one.address() as AddressInfo).port}/openapi.json`);
      const doc = (await res.json()) as OpenApiDocument;
      assert.ok(doc.paths?.['/akeneo/event-platform']);
      assert.ok(doc.paths?.['/akeneo/event-platform/notifications']);
      assert.equal(doc.paths?.['/akeneo/events'], undefined);
      assert.equal(doc.components?.schemas?.EventsApiBody, undefined);
    } finally {
      one.closeAllConnections();
      await new Promise((resolve) => one.close(resolve));
    }
  });
});
