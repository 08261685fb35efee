import assert from 'node:assert/strict';
import { ConfigError, DEFAULT_EVENT_PLATFORM_API_URL, loadCliConfig, loadEventPlatformCliConfig } from '../../src/config';

const pim = {
  AKENEO_BASE_URL: 'https://pim.example.com/',
  AKENEO_CLIENT_ID: 'id',
  AKENEO_CLIENT_SECRET: 'client-secret-value',
  AKENEO_USERNAME: 'user',
  AKENEO_PASSWORD: 'pw',
};
const SECRET = 'a-secret-of-sixteen+';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ConfigError');
}

describe('config: event-platform commands', () => {
  it('applies the defaults and needs only the PIM connection for status', () => {
    const c = loadEventPlatformCliConfig({ ...pim, EVENT_PLATFORM_API_URL: '' });
    assert.equal(c.apiUrl, DEFAULT_EVENT_PLATFORM_API_URL);
    assert.equal(c.subscriberName, 'akeneo-sync');
    assert.deepEqual(c.akeneo, { ...c.akeneo, baseUrl: 'https://pim.example.com', clientId: 'id' });
    assert.equal(c.secrets, undefined);
  });

  it('requires what a command needs, naming every missing key at once', () => {
    const err = configError(() => loadEventPlatformCliConfig({ AKENEO_BASE_URL: pim.AKENEO_BASE_URL }, ['technicalEmail', 'secrets']));
    assert.deepEqual(err.keys.sort(), [
      'AKENEO_CLIENT_ID',
      'AKENEO_CLIENT_SECRET',
      'AKENEO_EVENT_PLATFORM_SECRET',
      'AKENEO_PASSWORD',
      'AKENEO_USERNAME',
      'EVENT_PLATFORM_TECHNICAL_EMAIL',
    ]);
    assert.ok(!err.message.includes(pim.AKENEO_BASE_URL));
  });

  it('treats a blank key as missing', () => {
    const err = configError(() => loadEventPlatformCliConfig({ ...pim, AKENEO_EVENT_PLATFORM_SECRET: '' }, ['secrets']));
    assert.deepEqual(err.keys, ['AKENEO_EVENT_PLATFORM_SECRET']);
  });

  it('holds secrets to 16–256 characters and never prints them', () => {
    const err = configError(() =>
      loadEventPlatformCliConfig({
        ...pim,
        AKENEO_EVENT_PLATFORM_SECRET: 'fifteen-chars!!',
        AKENEO_EVENT_PLATFORM_SECRET_SECONDARY: 'x'.repeat(257),
        AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET: 'short',
      }),
    );
    assert.deepEqual(err.keys.sort(), ['AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET', 'AKENEO_EVENT_PLATFORM_SECRET', 'AKENEO_EVENT_PLATFORM_SECRET_SECONDARY']);
    assert.ok(!err.message.includes('fifteen') && !err.message.includes('short'));
    const ok = loadEventPlatformCliConfig({ ...pim, AKENEO_EVENT_PLATFORM_SECRET: 'x'.repeat(16), AKENEO_EVENT_PLATFORM_SECRET_SECONDARY: 'y'.repeat(256) });
    assert.deepEqual(ok.secrets, { primary: 'x'.repeat(16), secondary: 'y'.repeat(256) });
  });

  it('refuses a secondary secret without a primary, or equal to it', () => {
    assert.deepEqual(configError(() => loadEventPlatformCliConfig({ ...pim, AKENEO_EVENT_PLATFORM_SECRET_SECONDARY: SECRET })).keys, ['AKENEO_EVENT_PLATFORM_SECRET']);
    const same = { ...pim, AKENEO_EVENT_PLATFORM_SECRET: SECRET, AKENEO_EVENT_PLATFORM_SECRET_SECONDARY: SECRET };
    assert.deepEqual(configError(() => loadEventPlatformCliConfig(same)).keys, ['AKENEO_EVENT_PLATFORM_SECRET_SECONDARY']);
  });

  it('wants PUBLIC_URL in https, except for the local simulator, and a real e-mail', () => {
    assert.equal(loadEventPlatformCliConfig({ ...pim, PUBLIC_URL: 'https://sync.example.com/base/' }).publicUrl, 'https://sync.example.com/base');
    assert.equal(loadEventPlatformCliConfig({ ...pim, PUBLIC_URL: 'http://127.0.0.1:3000' }).publicUrl, 'http://127.0.0.1:3000');
    assert.equal(loadEventPlatformCliConfig({ ...pim, PUBLIC_URL: 'http://localhost:3000' }).publicUrl, 'http://localhost:3000');
    const err = configError(() => loadEventPlatformCliConfig({ ...pim, PUBLIC_URL: 'http://sync.example.com', EVENT_PLATFORM_TECHNICAL_EMAIL: 'ops' }));
    assert.deepEqual(err.keys.sort(), ['EVENT_PLATFORM_TECHNICAL_EMAIL', 'PUBLIC_URL']);
  });

  it('wants the management API and the PIM in https too (they get the PIM token), except on a loopback host', () => {
    assert.equal(loadEventPlatformCliConfig({ ...pim, EVENT_PLATFORM_API_URL: 'http://127.0.0.1:4000/api/v1' }).apiUrl, 'http://127.0.0.1:4000/api/v1');
    const err = configError(() => loadEventPlatformCliConfig({ ...pim, EVENT_PLATFORM_API_URL: 'http://event.example.com/api/v1', AKENEO_BASE_URL: 'http://pim.example.com' }));
    assert.deepEqual(err.keys.sort(), ['AKENEO_BASE_URL', 'EVENT_PLATFORM_API_URL']);
    assert.match(err.message, /must be an https URL/);
  });

  it('keeps the connection secret and password exactly as given', () => {
    const c = loadEventPlatformCliConfig({ ...pim, AKENEO_CLIENT_SECRET: ' s e c r e t ', AKENEO_PASSWORD: 'pw ' });
    assert.equal(c.akeneo.clientSecret, ' s e c r e t ');
    assert.equal(c.akeneo.password, 'pw ');
  });

  it('is parsed only when asked: the CLI config loads without any of these keys', () => {
    const c = loadCliConfig({ PUBLIC_URL: 'nonsense' });
    assert.equal(typeof c.eventPlatform, 'function');
    assert.deepEqual(configError(() => c.eventPlatform?.()).keys.includes('PUBLIC_URL'), true);
  });
});
