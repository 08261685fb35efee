import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { signEventPlatform } from '../../src/akeneo/signature';
import { createApp } from '../../src/api/app';
import { buildOpenApiDocument, OPERATOR_SECURITY_SCHEME } from '../../src/api/openapi';
import type { ApiDeps, HistoryReader } from '../../src/api/ports';
import { MAX_HISTORY_QUERIES } from '../../src/api/routes/products';
import { MetricName } from '../../src/metrics/names';
import type { EntityRef, SyncHistory } from '../../src/workflows/definitions';

const TOKEN = 'operator-token-0123456789abcdef';
const PLATFORM_SECRET = 'platform-secret-for-operators';
const UUID = '9a8b7c6d-1111-4222-8333-444455556666';
const OPERATOR_PATHS = [`/products/${UUID}/history`, '/product-models/tshirt_red/history', '/metrics', '/openapi.json'];
const EVENT = JSON.stringify({
  specversion: '1.0',
  id: '0191e3a2-7c11-7b0a-9f3e-5a6b7c8d9e0f',
  source: 'akeneo-event-platform',
  type: 'com.akeneo.pim.v1.product.updated',
  // Dated now: the route refuses events older than EVENT_PLATFORM_MAX_EVENT_AGE as replays.
  time: new Date().toISOString(),
  data: { product: { uuid: UUID } },
});

/** A history reader that answers every ref, held while `gate` is pending. */
class GatedHistory implements HistoryReader {
  readonly asked: EntityRef[] = [];
  gate: Promise<void> = Promise.resolve();
  async read(ref: EntityRef): Promise<SyncHistory> {
    this.asked.push(ref);
    await this.gate;
    return { ref, status: 'synced', entries: [] };
  }
}

interface Served {
  base: string;
  history: GatedHistory;
  warnings: Array<{ msg: string; key?: string; routes?: string[] }>;
  close(): Promise<void>;
}

async function serve(config: ApiDeps['config']): Promise<Served> {
  const history = new GatedHistory();
  const warnings: Served['warnings'] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line) as Served['warnings'][number]) });
  const app = createApp({
    config,
    intake: { submit: () => Promise.resolve() },
    notifications: { submit: () => Promise.resolve() },
    history,
    readiness: () => Promise.resolve(true),
    logger,
  });
  const handle = app.callback();
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    history,
    warnings,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

async function errorCode(res: Response): Promise<string | undefined> {
  return ((await res.json()) as { error?: { code?: string } }).error?.code;
}

describe('operator routes', () => {
  describe('with API_OPERATOR_TOKEN set', () => {
    let api: Served;
    beforeEach(async () => {
      api = await serve({ operatorToken: TOKEN, eventPlatformSecrets: { primary: PLATFORM_SECRET } });
    });
    afterEach(() => api.close());

    it('answers 401 unauthorized with WWW-Authenticate: Bearer without the token, a wrong one, or another scheme, and never asks Temporal', async () => {
      const attempts: Array<Record<string, string>> = [
        {},
        bearer('wrong'),
        bearer(`${TOKEN}x`),
        bearer(TOKEN.replace(/.$/, 'X')),
        { authorization: `Basic ${Buffer.from(`user:${TOKEN}`).toString('base64')}` },
        { authorization: TOKEN },
        { authorization: `Bearer ${TOKEN} ${TOKEN}` },
      ];
      for (const path of OPERATOR_PATHS) {
        for (const headers of attempts) {
          const res = await fetch(`${api.base}${path}`, { headers });
          assert.equal(res.status, 401, `${path} with ${JSON.stringify(headers)}`);
          assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer\b/);
          assert.equal(await errorCode(res), 'unauthorized');
        }
      }
      assert.deepEqual(api.history.asked, []);
    });

    it('answers each operator route with the token, whatever the letter case of the scheme', async () => {
      for (const path of OPERATOR_PATHS) {
        const res = await fetch(`${api.base}${path}`, { headers: bearer(TOKEN) });
        assert.equal(res.status, 200, path);
        await res.arrayBuffer();
      }
      const lower = await fetch(`${api.base}${OPERATOR_PATHS[0]}`, { headers: { authorization: `bearer ${TOKEN}` } });
      assert.equal(lower.status, 200);
      assert.equal(api.history.asked.length, 3);
    });

    it('keeps the probes and the webhooks free of it (kubelet probes, signed deliveries)', async () => {
      assert.equal((await fetch(`${api.base}/healthz`)).status, 200);
      assert.equal((await fetch(`${api.base}/readyz`)).status, 200);
      const headers = { 'content-type': 'application/json', 'x-akeneo-signature-primary': signEventPlatform(PLATFORM_SECRET, EVENT) };
      const delivery = await fetch(`${api.base}/akeneo/event-platform`, { method: 'POST', headers, body: EVENT });
      assert.equal(delivery.status, 200, await delivery.text());
    });

    it('counts the refusals on /metrics and logs no warning about open routes', async () => {
      await (await fetch(`${api.base}/metrics`)).arrayBuffer();
      const text = await (await fetch(`${api.base}/metrics`, { headers: bearer(TOKEN) })).text();
      assert.match(text, new RegExp(`^${MetricName.API_REFUSED}\\{code="unauthorized"\\} 1$`, 'm'));
      assert.equal(api.warnings.filter((w) => w.key === 'API_OPERATOR_TOKEN').length, 0);
    });

    it('serves an OpenAPI document whose operator routes, and only they, need the bearer token', async () => {
      const doc = (await (await fetch(`${api.base}/openapi.json`, { headers: bearer(TOKEN) })).json()) as ReturnType<typeof buildOpenApiDocument>;
      assert.deepEqual(doc.components?.securitySchemes?.[OPERATOR_SECURITY_SCHEME], {
        type: 'http',
        scheme: 'bearer',
        description: 'API_OPERATOR_TOKEN, required by the operator routes (history, metrics, this document) when it is set.',
      });
      const secured: string[] = [];
      for (const [path, item] of Object.entries(doc.paths ?? {})) {
        const op = (item as { get?: { security?: unknown; responses: Record<string, unknown> } }).get;
        if (!op?.security) continue;
        assert.deepEqual(op.security, [{ [OPERATOR_SECURITY_SCHEME]: [] }]);
        assert.ok(op.responses['401'], `${path}: 401 documented`);
        secured.push(path);
      }
      assert.deepEqual(secured.sort(), ['/metrics', '/openapi.json', '/product-models/{code}/history', '/products/{uuid}/history']);
    });
  });

  describe('without API_OPERATOR_TOKEN', () => {
    let api: Served;
    beforeEach(async () => {
      api = await serve({});
    });
    afterEach(() => api.close());

    it('answers the operator routes to anyone, after one start-up warning naming the key and the open routes', async () => {
      for (const path of OPERATOR_PATHS) {
        const res = await fetch(`${api.base}${path}`);
        assert.equal(res.status, 200, path);
        await res.arrayBuffer();
      }
      const warned = api.warnings.filter((w) => w.key === 'API_OPERATOR_TOKEN');
      assert.equal(warned.length, 1);
      assert.deepEqual(warned[0].routes, ['GET /products/:uuid/history', 'GET /product-models/:code/history', 'GET /metrics', 'GET /openapi.json']);
      assert.match(warned[0].msg, /API_OPERATOR_TOKEN is not set/);
    });

    it('documents no security scheme', () => {
      const doc = buildOpenApiDocument({ eventsApi: false });
      assert.equal(doc.components?.securitySchemes, undefined);
      assert.ok(!JSON.stringify(doc.paths).includes('"security"'));
    });

    it(`answers 429 too_many_requests with Retry-After: 1 past ${MAX_HISTORY_QUERIES} history queries at once, without asking Temporal`, async () => {
      let release: () => void = () => undefined;
      api.history.gate = new Promise<void>((resolve) => (release = resolve));
      const held = Array.from({ length: MAX_HISTORY_QUERIES }, (_, i) =>
        fetch(`${api.base}${i % 2 ? '/product-models/m' + i : `/products/${UUID}`}/history`),
      );
      const deadline = Date.now() + 5000;
      while (api.history.asked.length < MAX_HISTORY_QUERIES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      assert.equal(api.history.asked.length, MAX_HISTORY_QUERIES);
      for (const path of [`/products/${UUID}/history`, '/product-models/tshirt_red/history']) {
        const refused = await fetch(`${api.base}${path}`);
        assert.equal(refused.status, 429);
        assert.equal(refused.headers.get('retry-after'), '1');
        assert.equal(await errorCode(refused), 'too_many_requests');
      }
      assert.equal(api.history.asked.length, MAX_HISTORY_QUERIES);
      release();
      for (const res of await Promise.all(held)) assert.equal(res.status, 200);
      assert.equal((await fetch(`${api.base}/products/${UUID}/history`)).status, 200);
      const text = await (await fetch(`${api.base}/metrics`)).text();
      assert.match(text, new RegExp(`^${MetricName.API_REFUSED}\\{code="too_many_requests"\\} 2$`, 'm'));
    });
  });
});
