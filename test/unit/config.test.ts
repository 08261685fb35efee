import assert from 'node:assert/strict';
import { ConfigError, loadApiConfig, loadWorkerConfig } from '../../src/config';

const worker = {
  AKENEO_BASE_URL: 'https://pim.example.com/',
  AKENEO_CLIENT_ID: 'id',
  AKENEO_CLIENT_SECRET: 'very-secret-value',
  AKENEO_USERNAME: 'user',
  AKENEO_PASSWORD: 'pw',
  DESTINATION_URL: 'https://shop.example.com',
};

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ConfigError');
}

describe('config', () => {
  it('applies the documented defaults', () => {
    const c = loadApiConfig({ AKENEO_EVENTS_SECRET: 's' });
    assert.equal(c.port, 3000);
    assert.equal(c.host, '0.0.0.0');
    assert.deepEqual(c.temporal, { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'akeneo-sync' });
    assert.equal(c.eventsApiSecret, 's');
    assert.equal(c.eventPlatformSecrets, undefined);
  });

  it('enables the Event Platform with primary and secondary secrets', () => {
    const c = loadApiConfig({ AKENEO_EVENT_PLATFORM_SECRET: 'p', AKENEO_EVENT_PLATFORM_SECRET_SECONDARY: 's2' });
    assert.deepEqual(c.eventPlatformSecrets, { primary: 'p', secondary: 's2' });
  });

  it('starts an API with no webhook secret (its Event Platform routes answer 503, never 404)', () => {
    const c = loadApiConfig({});
    assert.equal(c.eventsApiSecret, undefined);
    assert.equal(c.eventPlatformSecrets, undefined);
    assert.equal(c.eventPlatformNotificationSecret, undefined);
  });

  it('reads the notification secret and the safety margin of the resume reconcile (default 5 min)', () => {
    assert.equal(loadApiConfig({}).reconcileSafetyMarginMs, 5 * 60_000);
    const c = loadApiConfig({ AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET: 'n'.repeat(16), RECONCILE_SAFETY_MARGIN: '2m' });
    assert.equal(c.eventPlatformNotificationSecret, 'n'.repeat(16));
    assert.equal(c.reconcileSafetyMarginMs, 120_000);
    assert.equal(loadApiConfig({ AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET: '' }).eventPlatformNotificationSecret, undefined);
    assert.deepEqual(configError(() => loadApiConfig({ RECONCILE_SAFETY_MARGIN: 'soon' })).keys, ['RECONCILE_SAFETY_MARGIN']);
  });

  it('reads EVENT_PLATFORM_MAX_EVENT_AGE (default 6 h) and refuses one shorter than the platform retries (1 h at least)', () => {
    assert.equal(loadApiConfig({}).eventPlatformMaxEventAgeMs, 6 * 3_600_000);
    assert.equal(loadApiConfig({ EVENT_PLATFORM_MAX_EVENT_AGE: '90m' }).eventPlatformMaxEventAgeMs, 90 * 60_000);
    assert.equal(loadApiConfig({ EVENT_PLATFORM_MAX_EVENT_AGE: '1h' }).eventPlatformMaxEventAgeMs, 3_600_000);
    for (const bad of ['35m', '59m', 'forever']) {
      const err = configError(() => loadApiConfig({ EVENT_PLATFORM_MAX_EVENT_AGE: bad }));
      assert.deepEqual(err.keys, ['EVENT_PLATFORM_MAX_EVENT_AGE'], bad);
    }
    assert.match(configError(() => loadApiConfig({ EVENT_PLATFORM_MAX_EVENT_AGE: '30m' })).message, /at least 1h/);
  });

  it('rejects a bad port and names the key without echoing the value', () => {
    const err = configError(() => loadApiConfig({ AKENEO_EVENTS_SECRET: 's', PORT: 'eighty' }));
    assert.deepEqual(err.keys, ['PORT']);
    assert.ok(!err.message.includes('eighty'));
  });

  it('parses the worker config and trims trailing slashes from URLs', () => {
    const c = loadWorkerConfig(worker);
    assert.equal(c.akeneo.baseUrl, 'https://pim.example.com');
    assert.deepEqual(c.destination, { kind: 'http', url: 'https://shop.example.com', token: undefined });
  });

  it('names every missing worker key and never prints a secret', () => {
    const err = configError(() => loadWorkerConfig({ ...worker, AKENEO_PASSWORD: undefined, DESTINATION_URL: 'not a url' }));
    assert.deepEqual(err.keys.sort(), ['AKENEO_PASSWORD', 'DESTINATION_URL']);
    assert.ok(!err.message.includes('very-secret-value'));
  });

  it('bounds the workflow cache: 500 by default, 0 allowed, a negative or fractional value rejected by name', () => {
    assert.equal(loadWorkerConfig(worker).maxCachedWorkflows, 500);
    assert.equal(loadWorkerConfig({ ...worker, WORKER_MAX_CACHED_WORKFLOWS: '0' }).maxCachedWorkflows, 0);
    for (const bad of ['-1', '2.5', 'many']) {
      assert.deepEqual(configError(() => loadWorkerConfig({ ...worker, WORKER_MAX_CACHED_WORKFLOWS: bad })).keys, ['WORKER_MAX_CACHED_WORKFLOWS']);
    }
  });

  it('bounds the PIM concurrency: 4 by default, 1 to 10, anything else rejected by name', () => {
    assert.equal(loadWorkerConfig(worker).pimMaxConcurrency, 4);
    assert.equal(loadWorkerConfig({ ...worker, AKENEO_MAX_CONCURRENCY: '1' }).pimMaxConcurrency, 1);
    assert.equal(loadWorkerConfig({ ...worker, AKENEO_MAX_CONCURRENCY: '10' }).pimMaxConcurrency, 10);
    for (const bad of ['0', '11', '2.5', 'four']) {
      assert.deepEqual(configError(() => loadWorkerConfig({ ...worker, AKENEO_MAX_CONCURRENCY: bad })).keys, ['AKENEO_MAX_CONCURRENCY']);
    }
  });

  it('treats an empty optional value as unset', () => {
    assert.deepEqual(loadWorkerConfig({ ...worker, DESTINATION_TOKEN: '' }).destination, { kind: 'http', url: 'https://shop.example.com', token: undefined });
  });

  it('requires DATABASE_URL for the postgres destination, and no DESTINATION_URL', () => {
    const { DESTINATION_URL: _url, ...rest } = worker;
    assert.deepEqual(configError(() => loadWorkerConfig({ ...rest, DESTINATION: 'postgres' })).keys, ['DATABASE_URL']);
    const c = loadWorkerConfig({ ...rest, DESTINATION: 'postgres', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' });
    assert.deepEqual(c.destination, { kind: 'postgres', databaseUrl: 'postgres://u:p@127.0.0.1:5432/db' });
  });

  it('parses reconcile durations and rejects a bad one by name', () => {
    const c = loadWorkerConfig({ ...worker, RECONCILE_INTERVAL: '90s', RECONCILE_FULL_INTERVAL: '2d' });
    assert.equal(c.reconcile.intervalMs, 90_000);
    assert.equal(c.reconcile.fullIntervalMs, 2 * 86_400_000);
    assert.equal(c.reconcile.deletePolicy, 'delete');
    assert.deepEqual(configError(() => loadWorkerConfig({ ...worker, RECONCILE_INTERVAL: 'soon' })).keys, ['RECONCILE_INTERVAL']);
  });

  it('wants both or neither of TLS_CERT_FILE and TLS_KEY_FILE', () => {
    assert.deepEqual(configError(() => loadApiConfig({ AKENEO_EVENTS_SECRET: 's', TLS_CERT_FILE: '/c.pem' })).keys, ['TLS_KEY_FILE']);
    assert.deepEqual(loadApiConfig({ AKENEO_EVENTS_SECRET: 's', TLS_CERT_FILE: '/c.pem', TLS_KEY_FILE: '/k.pem' }).tls, { certFile: '/c.pem', keyFile: '/k.pem' });
  });
});
