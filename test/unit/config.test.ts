import assert from 'node:assert/strict';
import { ConfigError, loadApiConfig, loadEventPlatformCliConfig, loadWorkerConfig, PLACEHOLDER_PREFIX } from '../../src/config';

/** Webhook secrets long enough for the minimums (16 characters). */
const EVENTS_SECRET = 'events-secret-0123456789';
const PRIMARY = 'platform-primary-0123456789';
const SECONDARY = 'platform-secondary-0123456789';

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
    const c = loadApiConfig({ AKENEO_EVENTS_SECRET: EVENTS_SECRET });
    assert.equal(c.port, 3000);
    assert.equal(c.host, '0.0.0.0');
    assert.deepEqual(c.temporal, { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'akeneo-sync' });
    assert.equal(c.eventsApiSecret, EVENTS_SECRET);
    assert.equal(c.eventPlatformSecrets, undefined);
  });

  it('enables the Event Platform with primary and secondary secrets', () => {
    const c = loadApiConfig({ AKENEO_EVENT_PLATFORM_SECRET: PRIMARY, AKENEO_EVENT_PLATFORM_SECRET_SECONDARY: SECONDARY });
    assert.deepEqual(c.eventPlatformSecrets, { primary: PRIMARY, secondary: SECONDARY });
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
    const err = configError(() => loadApiConfig({ AKENEO_EVENTS_SECRET: EVENTS_SECRET, PORT: 'eighty' }));
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

  it('limits media files to 50 MB by default; MEDIA_MAX_BYTES must be a positive whole number of bytes', () => {
    assert.equal(loadWorkerConfig(worker).mediaMaxBytes, 50_000_000);
    assert.equal(loadWorkerConfig({ ...worker, MEDIA_MAX_BYTES: '1000' }).mediaMaxBytes, 1000);
    for (const bad of ['0', '-1', '2.5', '50MB']) {
      assert.deepEqual(configError(() => loadWorkerConfig({ ...worker, MEDIA_MAX_BYTES: bad })).keys, ['MEDIA_MAX_BYTES']);
    }
  });

  it('remembers media files as present for 1 hour by default; MEDIA_KNOWN_TTL takes a duration', () => {
    assert.equal(loadWorkerConfig(worker).mediaKnownTtlMs, 3_600_000);
    assert.equal(loadWorkerConfig({ ...worker, MEDIA_KNOWN_TTL: '10m' }).mediaKnownTtlMs, 600_000);
    assert.deepEqual(configError(() => loadWorkerConfig({ ...worker, MEDIA_KNOWN_TTL: '1 hour' })).keys, ['MEDIA_KNOWN_TTL']);
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
    assert.deepEqual(configError(() => loadApiConfig({ TLS_CERT_FILE: '/c.pem' })).keys, ['TLS_KEY_FILE']);
    assert.deepEqual(loadApiConfig({ TLS_CERT_FILE: '/c.pem', TLS_KEY_FILE: '/k.pem' }).tls, { certFile: '/c.pem', keyFile: '/k.pem' });
  });

  it('refuses webhook secrets too short to be Akeneo\'s, naming the key and never the value', () => {
    const short = 'fifteen-chars!!';
    for (const key of ['AKENEO_EVENTS_SECRET', 'AKENEO_EVENT_PLATFORM_SECRET', 'AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET']) {
      const err = configError(() => loadApiConfig({ [key]: short }));
      assert.deepEqual(err.keys, [key]);
      assert.ok(!err.message.includes(short), err.message);
    }
    const err = configError(() => loadApiConfig({ AKENEO_EVENT_PLATFORM_SECRET: PRIMARY, AKENEO_EVENT_PLATFORM_SECRET_SECONDARY: 'short' }));
    assert.deepEqual(err.keys, ['AKENEO_EVENT_PLATFORM_SECRET_SECONDARY']);
    assert.match(configError(() => loadApiConfig({ AKENEO_EVENTS_SECRET: short })).message, /AKENEO_EVENTS_SECRET: must be at least 16 characters/);
    assert.match(configError(() => loadApiConfig({ AKENEO_EVENT_PLATFORM_SECRET: 'x'.repeat(257) })).message, /must be 16 to 256 characters/);
    // An Akeneo-generated secret: 32 random bytes in base 36.
    assert.equal(loadApiConfig({ AKENEO_EVENTS_SECRET: '3ha6eonoa9icsckw8kccos084w0c0000g08g40oo4kww0gc8w4' }).eventsApiSecret?.length, 50);
  });

  it('refuses the example Secrets\' placeholders (change-me…) as webhook secrets and operator token, by name, never by value', () => {
    const keys = ['AKENEO_EVENTS_SECRET', 'AKENEO_EVENT_PLATFORM_SECRET', 'AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET', 'API_OPERATOR_TOKEN'];
    for (const value of [`${PLACEHOLDER_PREFIX}-operator-token-0123456789`, 'Change-Me-And-Nobody-Will-Know']) {
      const err = configError(() => loadApiConfig(Object.fromEntries(keys.map((k) => [k, value]))));
      assert.deepEqual(err.keys.sort(), [...keys].sort());
      assert.match(err.message, /API_OPERATOR_TOKEN: is the example's placeholder \(change-me…\), not a secret/);
      assert.ok(!err.message.includes(value), err.message);
    }
    const secondary = configError(() => loadApiConfig({ AKENEO_EVENT_PLATFORM_SECRET: PRIMARY, AKENEO_EVENT_PLATFORM_SECRET_SECONDARY: `${PLACEHOLDER_PREFIX}-secondary-secret` }));
    assert.deepEqual(secondary.keys, ['AKENEO_EVENT_PLATFORM_SECRET_SECONDARY']);
    // The CLI hands the same secrets to the platform (event-platform setup): it refuses them too.
    const cli = configError(() => loadEventPlatformCliConfig({ ...worker, AKENEO_EVENT_PLATFORM_SECRET: `${PLACEHOLDER_PREFIX}-event-platform-primary` }));
    assert.deepEqual(cli.keys, ['AKENEO_EVENT_PLATFORM_SECRET']);
    // Only a value that starts with it: a real secret may hold those letters anywhere else.
    assert.equal(loadApiConfig({ API_OPERATOR_TOKEN: `x-${PLACEHOLDER_PREFIX}-0123456789` }).operatorToken, `x-${PLACEHOLDER_PREFIX}-0123456789`);
  });

  it('keeps secrets exactly as given: never trimmed, though never blank', () => {
    const padded = '  padded secret value\t ';
    const api = loadApiConfig({ AKENEO_EVENTS_SECRET: padded, AKENEO_EVENT_PLATFORM_SECRET: ` ${PRIMARY} `, AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET: ` ${SECONDARY}` });
    assert.equal(api.eventsApiSecret, padded);
    assert.deepEqual(api.eventPlatformSecrets, { primary: ` ${PRIMARY} `, secondary: undefined });
    assert.equal(api.eventPlatformNotificationSecret, ` ${SECONDARY}`);
    const w = loadWorkerConfig({ ...worker, AKENEO_CLIENT_SECRET: ' cs ', AKENEO_PASSWORD: 'pw\n' });
    assert.equal(w.akeneo.clientSecret, ' cs ');
    assert.equal(w.akeneo.password, 'pw\n');
    assert.deepEqual(configError(() => loadWorkerConfig({ ...worker, AKENEO_PASSWORD: '   ' })).keys, ['AKENEO_PASSWORD']);
  });

  it('refuses a bearer token or API key with surrounding whitespace, which a header cannot carry', () => {
    assert.deepEqual(loadWorkerConfig({ ...worker, DESTINATION_TOKEN: 'tok en' }).destination, { kind: 'http', url: 'https://shop.example.com', token: 'tok en' });
    const err = configError(() => loadWorkerConfig({ ...worker, DESTINATION_TOKEN: 'token ' }));
    assert.deepEqual(err.keys, ['DESTINATION_TOKEN']);
    assert.match(err.message, /must not begin or end with whitespace/);
    assert.deepEqual(configError(() => loadApiConfig({ TEMPORAL_API_KEY: ' key' })).keys, ['TEMPORAL_API_KEY']);
    assert.equal(loadApiConfig({ TEMPORAL_API_KEY: 'key' }).temporal.apiKey, 'key');
  });

  it('wants https for the PIM and the third party, except on a loopback host', () => {
    for (const url of ['http://127.0.0.1:8080', 'http://127.3.2.1', 'http://localhost:3000/api', 'http://[::1]:9000']) {
      const c = loadWorkerConfig({ ...worker, AKENEO_BASE_URL: url, DESTINATION_URL: url });
      assert.equal(c.akeneo.baseUrl, url, url);
    }
    for (const url of ['http://pim.example.com', 'http://10.0.0.5', 'http://128.0.0.1', 'http://localhost.example.com', 'ftp://pim.example.com']) {
      const err = configError(() => loadWorkerConfig({ ...worker, AKENEO_BASE_URL: url, DESTINATION_URL: url }));
      assert.deepEqual(err.keys.sort(), ['AKENEO_BASE_URL', 'DESTINATION_URL'], url);
    }
    assert.match(configError(() => loadWorkerConfig({ ...worker, DESTINATION_URL: 'http://shop.example.com' })).message, /DESTINATION_URL: must be an https URL \(http only for a loopback host/);
    const withCredentials = configError(() => loadWorkerConfig({ ...worker, AKENEO_BASE_URL: 'https://user:pw@pim.example.com' }));
    assert.match(withCredentials.message, /AKENEO_BASE_URL: must not contain credentials/);
    assert.ok(!withCredentials.message.includes('pw@'));
  });
});
