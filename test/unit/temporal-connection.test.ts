import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { generate } from 'selfsigned';
import { ConfigError, type TemporalConfig } from '../../src/config';
import { temporalConnectionOptions } from '../../src/temporal-connection';

const base: TemporalConfig = { address: 'ns.acct.tmprl.cloud:7233', namespace: 'ns.acct', taskQueue: 'q' };

describe('temporalConnectionOptions', () => {
  let dir: string;
  let pem: { cert: string; key: string };
  const file = (name: string) => path.join(dir, name);

  before(async function () {
    this.timeout(30_000);
    dir = await mkdtemp(path.join(tmpdir(), 'temporal-tls-'));
    const generated = await generate([{ name: 'commonName', value: 'temporal-client' }], { keyType: 'ec', algorithm: 'sha256' });
    pem = { cert: generated.cert, key: generated.private };
    await writeFile(file('client.pem'), pem.cert);
    await writeFile(file('client.key'), pem.key);
    await writeFile(file('ca.pem'), pem.cert);
    await writeFile(file('not-pem.txt'), 'hunter2-secret-content');
  });
  after(async () => dir && rm(dir, { recursive: true, force: true }));

  /** The error `fn` throws, checked to be a ConfigError naming `key` and never quoting the file content. */
  function configErrorOf(fn: () => unknown, key: string): ConfigError {
    let caught: unknown;
    try {
      fn();
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof ConfigError, `expected a ConfigError, got ${String(caught)}`);
    assert.deepEqual(caught.keys, [key]);
    assert.match(caught.message, new RegExp(`^invalid configuration: ${key}: `));
    for (const secret of ['hunter2', 'BEGIN PRIVATE', 'BEGIN CERTIFICATE']) assert.ok(!caught.message.includes(secret), caught.message);
    return caught;
  }

  it('connects in plaintext when neither TLS nor an API key is configured', () => {
    assert.deepEqual(temporalConnectionOptions({ ...base, address: '127.0.0.1:7233' }), { address: '127.0.0.1:7233' });
  });

  it('turns an API key alone into TLS with the system roots, the key and the namespace header', () => {
    assert.deepEqual(temporalConnectionOptions({ ...base, apiKey: 'k-123' }), {
      address: base.address,
      tls: true,
      apiKey: 'k-123',
      metadata: { 'temporal-namespace': 'ns.acct' },
    });
  });

  it('reads the mTLS client pair, the root CA and the server name from the files', () => {
    const options = temporalConnectionOptions({
      ...base,
      tls: { certFile: file('client.pem'), keyFile: file('client.key'), caFile: file('ca.pem'), serverName: 'temporal.internal' },
    });
    assert.equal(options.address, base.address);
    assert.equal(options.apiKey, undefined);
    assert.equal(options.metadata, undefined);
    assert.ok(options.tls && typeof options.tls === 'object');
    assert.equal(options.tls.serverNameOverride, 'temporal.internal');
    assert.equal(Buffer.from(options.tls.serverRootCACertificate!).toString(), pem.cert);
    assert.equal(Buffer.from(options.tls.clientCertPair!.crt).toString(), pem.cert);
    assert.equal(Buffer.from(options.tls.clientCertPair!.key).toString(), pem.key);
  });

  it('uses TLS with only a CA file or only a server name, and no client pair', () => {
    const ca = temporalConnectionOptions({ ...base, tls: { caFile: file('ca.pem') } });
    assert.deepEqual(Object.keys(ca.tls as object), ['serverRootCACertificate']);
    assert.deepEqual(temporalConnectionOptions({ ...base, tls: { serverName: 'x.example' } }).tls, { serverNameOverride: 'x.example' });
  });

  it('keeps the mTLS settings and adds the API key when both are configured', () => {
    const options = temporalConnectionOptions({ ...base, apiKey: 'k', tls: { certFile: file('client.pem'), keyFile: file('client.key') } });
    assert.ok(options.tls && typeof options.tls === 'object' && options.tls.clientCertPair);
    assert.equal(options.apiKey, 'k');
  });

  it('names the env key and the path of a missing file', () => {
    const missing = file('nope.pem');
    const err = configErrorOf(() => temporalConnectionOptions({ ...base, tls: { caFile: missing } }), 'TEMPORAL_TLS_CA_FILE');
    assert.ok(err.message.includes(missing) && err.message.includes('ENOENT'), err.message);
    configErrorOf(() => temporalConnectionOptions({ ...base, tls: { certFile: missing, keyFile: file('client.key') } }), 'TEMPORAL_TLS_CERT_FILE');
    configErrorOf(() => temporalConnectionOptions({ ...base, tls: { certFile: file('client.pem'), keyFile: missing } }), 'TEMPORAL_TLS_KEY_FILE');
  });

  it('names the env key of an unreadable file (a directory) and of a file holding no PEM, without quoting it', () => {
    assert.match(configErrorOf(() => temporalConnectionOptions({ ...base, tls: { caFile: dir } }), 'TEMPORAL_TLS_CA_FILE').message, /EISDIR/);
    const notPem = { ...base, tls: { certFile: file('client.pem'), keyFile: file('not-pem.txt') } };
    assert.match(configErrorOf(() => temporalConnectionOptions(notPem), 'TEMPORAL_TLS_KEY_FILE').message, /no PEM block/);
  });

  it('refuses half a client pair, naming the key that is missing', () => {
    configErrorOf(() => temporalConnectionOptions({ ...base, tls: { certFile: file('client.pem') } }), 'TEMPORAL_TLS_KEY_FILE');
    configErrorOf(() => temporalConnectionOptions({ ...base, tls: { keyFile: file('client.key') } }), 'TEMPORAL_TLS_CERT_FILE');
  });

  it('is accepted as it is by the client and the worker connections', async () => {
    const options = temporalConnectionOptions({
      ...base,
      apiKey: 'k',
      tls: { certFile: file('client.pem'), keyFile: file('client.key'), caFile: file('ca.pem') },
    });
    const native: NativeConnectionOptions = options; // type-checked: the worker's NativeConnection.connect
    const client: ConnectionOptions = options;
    // The client builds its TLS credentials from the PEM bytes without connecting.
    const connection = Connection.lazy(client);
    await connection.close();
    assert.equal(native.address, base.address);
  });
});
