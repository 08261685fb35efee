import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { generate } from 'selfsigned';
import { startApiServer, type ApiServer } from '../../src/api/server';
import { ConfigError, type ApiConfig } from '../../src/config';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { buildEventsApiRequest, EventsApiAction, type SignedRequest } from '../../src/sim/events-api-request';
import { entityWorkflowId } from '../../src/workflows/ids';
import { SECRETS } from '../helpers/api';
import { startTemporal, uniqueTaskQueue } from '../helpers/temporal';

interface Reply {
  status: number;
  body: string;
}

/** One request with its own connection; resolves on the response, rejects on any transport or TLS error. */
function send(
  url: string,
  o: { ca?: string; method?: string; req?: SignedRequest; agent?: http.Agent; onContinue?: (write: () => void) => void } = {},
): Promise<Reply> {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  const headers = { ...o.req?.headers, ...(o.onContinue && { Expect: '100-continue' }) };
  return new Promise((resolve, reject) => {
    const r = mod.request(u, { method: o.method ?? 'GET', headers, ca: o.ca, agent: o.agent ?? false, timeout: 15_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error('request timed out')));
    r.on('error', reject);
    if (o.onContinue) {
      r.on('continue', () => o.onContinue!(() => r.end(o.req?.body)));
    } else {
      r.end(o.req?.body);
    }
  });
}

function signedEvent(uuid: string): SignedRequest {
  const event = {
    action: EventsApiAction.PRODUCT_UPDATED,
    event_id: randomUUID(),
    event_datetime: new Date().toISOString().replace(/\.\d+Z$/, '+00:00'),
    author: 'julia',
    author_type: 'ui',
    pim_source: 'https://pim.example.com',
    data: { resource: { uuid, identifier: `sku-${uuid.slice(0, 8)}` } },
  };
  return buildEventsApiRequest([event], SECRETS.events, Math.floor(Date.now() / 1000));
}

describe('webhook API over HTTPS', function () {
  this.timeout(120_000);
  let server: DevServer;
  let dir: string;
  let cert: string;
  let api: ApiServer | undefined;
  const file = (name: string) => path.join(dir, name);

  function apiConfig(tls: ApiConfig['tls']): ApiConfig {
    return {
      port: 0,
      host: '127.0.0.1',
      tls,
      logLevel: 'silent',
      temporal: { address: server.address, namespace: 'default', taskQueue: uniqueTaskQueue('tls') },
      eventsApiSecret: SECRETS.events,
    };
  }
  const start = (tls: ApiConfig['tls']) => startApiServer({ config: apiConfig(tls), logger: pino({ level: 'silent' }) });
  const pair = () => ({ certFile: file('cert.pem'), keyFile: file('key.pem') });

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'api-tls-'));
    const extensions = [{ name: 'subjectAltName' as const, altNames: [{ type: 2 as const, value: 'localhost' }, { type: 7 as const, ip: '127.0.0.1' }] }];
    const [pems, other] = await Promise.all([
      generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec', algorithm: 'sha256', extensions }),
      generate([{ name: 'commonName', value: 'other' }], { keyType: 'ec', algorithm: 'sha256' }),
    ]);
    cert = pems.cert;
    await Promise.all([
      writeFile(file('cert.pem'), pems.cert),
      writeFile(file('key.pem'), pems.private),
      writeFile(file('other-key.pem'), other.private),
    ]);
    server = await startTemporal();
  });
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });
  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves /healthz and a signed legacy event over HTTPS, and the event reaches Temporal', async () => {
    api = await start(pair());
    assert.match(api.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await send(`${api.url}/healthz`, { ca: cert })).status, 200);

    const uuid = randomUUID();
    const reply = await send(`${api.url}/akeneo/events`, { ca: cert, method: 'POST', req: signedEvent(uuid) });
    assert.equal(reply.status, 200, reply.body);
    const described = await server.env.client.workflow.getHandle(entityWorkflowId({ kind: 'product', id: uuid })).describe();
    assert.equal(described.status.name, 'RUNNING');
  });

  it('refuses plain HTTP on the HTTPS port and clients that do not trust the certificate', async () => {
    api = await start(pair());
    const plain = await send(`http://127.0.0.1:${api.port}/healthz`).then(
      (r) => r.status,
      (err: Error) => err.message,
    );
    assert.notEqual(plain, 200);
    await assert.rejects(send(`${api.url}/healthz`), /self[- ]signed/i);
  });

  it('closes gracefully: stops accepting, finishes the request in flight, and does not wait on keep-alive', async () => {
    api = await start(pair());
    // Node's keep-alive timeout is 5 s: a close() that waited for it would take that long.
    const keepAlive = new https.Agent({ keepAlive: true, ca: cert });
    const closing = api;
    let closed: Promise<void> | undefined;
    let newRequest: Promise<string> | undefined;
    const uuid = randomUUID();
    const inFlight = send(`${api.url}/akeneo/events`, {
      agent: keepAlive,
      method: 'POST',
      req: signedEvent(uuid),
      // The server holds the request (it answered 100 Continue): close, try a new request, then send the body.
      onContinue: (writeBody) => {
        closed = closing.close();
        newRequest = send(`${closing.url}/healthz`, { ca: cert })
          .then(
            (r) => `accepted with ${r.status}`,
            (err: NodeJS.ErrnoException) => `refused: ${err.code ?? err.message}`,
          )
          .finally(writeBody);
      },
    });
    const reply = await inFlight;
    api = undefined;
    assert.equal(reply.status, 200, reply.body);
    const replied = Date.now();
    assert.match((await newRequest) ?? '', /^refused: ECONNREFUSED$/);
    await closed;
    keepAlive.destroy();
    assert.ok(Date.now() - replied < 4000, `close() took ${Date.now() - replied} ms after the last reply`);
    await server.env.client.workflow.getHandle(entityWorkflowId({ kind: 'product', id: uuid })).describe();
  });

  it('fails to start with an error naming the key of an unreadable or unusable PEM file', async () => {
    await assert.rejects(start({ certFile: file('cert.pem'), keyFile: file('missing.pem') }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.deepEqual(err.keys, ['TLS_KEY_FILE']);
      assert.match(err.message, /TLS_KEY_FILE: cannot read .*missing\.pem \(ENOENT\)/);
      return true;
    });
    await assert.rejects(start({ certFile: file('other-key.pem'), keyFile: file('key.pem') }), /TLS_CERT_FILE\/TLS_KEY_FILE: not a usable certificate and key pair/);
    await assert.rejects(start({ certFile: file('cert.pem'), keyFile: file('other-key.pem') }), (err: unknown) => {
      assert.ok(err instanceof ConfigError && !err.message.includes('PRIVATE KEY'));
      assert.match(err.message, /TLS_CERT_FILE\/TLS_KEY_FILE: not a usable certificate and key pair/);
      return true;
    });
  });
});
