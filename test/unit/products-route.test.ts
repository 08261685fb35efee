import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from '../../src/api/app';
import { type HistoryReader, HistoryUnavailableError } from '../../src/api/ports';
import type { EntityRef, SyncHistory } from '../../src/workflows/definitions';

const UUID = '9a8b7c6d-1111-4222-8333-444455556666';

interface Body {
  [k: string]: unknown;
  error?: { code: string; message: string };
}

/** A history reader over a map keyed by `kind:id`, recording the refs it was asked for. */
class FakeHistory implements HistoryReader {
  readonly asked: EntityRef[] = [];
  readonly entries = new Map<string, SyncHistory>();
  failure?: Error;
  read(ref: EntityRef): Promise<SyncHistory | undefined> {
    this.asked.push(ref);
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve(this.entries.get(`${ref.kind}:${ref.id}`));
  }
}

const productHistory: SyncHistory = {
  ref: { kind: 'product', id: UUID },
  status: 'synced',
  latestEventDate: '2024-05-02T08:15:00.000Z',
  entries: [{ at: '2024-05-02T08:15:01.000Z', kind: 'synced', eventId: 'e1' }],
};

describe('history routes and probes', () => {
  let history: FakeHistory;
  let ready: () => Promise<boolean>;
  let server: http.Server;
  let base: string;

  beforeEach(async () => {
    history = new FakeHistory();
    history.entries.set(`product:${UUID}`, productHistory);
    ready = () => Promise.resolve(true);
    const app = createApp({
      config: { eventPlatformSecrets: { primary: 's' } },
      intake: { submit: () => Promise.resolve() },
      notifications: { submit: () => Promise.resolve() },
      history,
      readiness: () => ready(),
      logger: pino({ level: 'silent' }),
    });
    const handle = app.callback();
    server = http.createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Body; res: Response }> {
    const res = await fetch(`${base}${path}`, { headers });
    return { status: res.status, body: (await res.json()) as Body, res };
  }

  /** GETs `path` exactly as written: `fetch` would resolve its dot segments (`%2e%2e` included) before sending. */
  function getRaw(path: string): Promise<{ status: number; body: Body }> {
    return new Promise((resolve, reject) => {
      http
        .get(base, { path }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Body }));
        })
        .on('error', reject);
    });
  }

  it('answers a product history with the workflow query result', async () => {
    const { status, body } = await get(`/products/${UUID.toUpperCase()}/history`);
    assert.equal(status, 200);
    assert.deepEqual(body, productHistory);
    assert.deepEqual(history.asked, [{ kind: 'product', id: UUID }]);
  });

  it('answers a product-model history', async () => {
    history.entries.set('product-model:tshirt_red', { ref: { kind: 'product-model', id: 'tshirt_red' }, status: 'pending', entries: [] });
    const { status, body } = await get('/product-models/tshirt_red/history');
    assert.equal(status, 200);
    assert.equal(body.status, 'pending');
  });

  it('answers 404 not_found when there is no workflow', async () => {
    const { status, body } = await get('/products/6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b/history');
    assert.equal(status, 404);
    assert.equal(body.error?.code, 'not_found');
  });

  it('answers 400 invalid_id for a product id that is not a uuid, without asking Temporal', async () => {
    const { status, body } = await get('/products/SKU-1/history');
    assert.equal(status, 400);
    assert.equal(body.error?.code, 'invalid_id');
    assert.deepEqual(history.asked, []);
  });

  it('answers 400 invalid_id for a product-model code that would break a URL path, without asking Temporal', async () => {
    for (const code of ['..', '%2e%2e', '.', 'a%2F..%2Fb', 'x'.repeat(256), 'a%00b', 'a%2Cb']) {
      const { status, body } = await getRaw(`/product-models/${code}/history`);
      assert.equal(status, 400, code);
      assert.equal(body.error?.code, 'invalid_id');
      assert.match(body.error?.message ?? '', /^the product-model code must /);
    }
    assert.deepEqual(history.asked, []);
  });

  it('answers 503 temporal_unavailable when Temporal cannot answer', async () => {
    history.failure = new HistoryUnavailableError('down');
    const { status, body } = await get(`/products/${UUID}/history`);
    assert.equal(status, 503);
    assert.equal(body.error?.code, 'temporal_unavailable');
  });

  it('answers 500 internal without a stack trace on an unexpected error', async () => {
    history.failure = new Error('boom at secret place');
    const { status, body } = await get(`/products/${UUID}/history`);
    assert.equal(status, 500);
    assert.deepEqual(body, { error: { code: 'internal', message: 'internal error' } });
  });

  it('answers /healthz with 200', async () => {
    const { status, body } = await get('/healthz');
    assert.equal(status, 200);
    assert.deepEqual(body, { status: 'ok' });
  });

  it('answers /readyz with 200 when Temporal is reachable and 503 otherwise', async () => {
    assert.equal((await get('/readyz')).status, 200);
    ready = () => Promise.resolve(false);
    assert.equal((await get('/readyz')).status, 503);
    ready = () => Promise.reject(new Error('unreachable'));
    const { status, body } = await get('/readyz');
    assert.equal(status, 503);
    assert.equal(body.error?.code, 'temporal_unavailable');
  });

  it('answers an unknown route, and the legacy webhook when its secret is unset, with a JSON 404', async () => {
    const unset = await fetch(`${base}/akeneo/events`, { method: 'POST', body: '{}' });
    assert.equal(unset.status, 404);
    assert.equal(((await unset.json()) as Body).error?.code, 'not_found');
    const { status, body } = await get('/nope');
    assert.equal(status, 404);
    assert.equal(body.error?.code, 'not_found');
  });

  it('answers a wrong method on a configured webhook with 405, not 404', async () => {
    const { status, body } = await get('/akeneo/event-platform');
    assert.equal(status, 405);
    assert.equal(body.error?.code, 'method_not_allowed');
  });

  it('generates a request id when none is sent, and keeps a safe one', async () => {
    assert.match((await get('/healthz')).res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal((await get('/healthz', { 'x-request-id': 'abc-1' })).res.headers.get('x-request-id'), 'abc-1');
    assert.notEqual((await get('/healthz', { 'x-request-id': 'bad id\twith spaces' })).res.headers.get('x-request-id'), 'bad id\twith spaces');
  });
});
