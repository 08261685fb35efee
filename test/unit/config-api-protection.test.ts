import assert from 'node:assert/strict';
import { ConfigError, DEFAULT_API_MAX_BODY_BYTES_IN_FLIGHT, loadApiConfig } from '../../src/config';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ConfigError');
}

describe('config: the API\'s protection keys', () => {
  it('reads API_MAX_BODY_BYTES_IN_FLIGHT: 128 MiB by default, at least one largest webhook body (32 MiB)', () => {
    assert.equal(DEFAULT_API_MAX_BODY_BYTES_IN_FLIGHT, 128 * 1024 * 1024);
    assert.equal(loadApiConfig({}).maxBodyBytesInFlight, DEFAULT_API_MAX_BODY_BYTES_IN_FLIGHT);
    assert.equal(loadApiConfig({ API_MAX_BODY_BYTES_IN_FLIGHT: String(64 * 1024 * 1024) }).maxBodyBytesInFlight, 64 * 1024 * 1024);
    for (const bad of [String(32 * 1024 * 1024 - 1), '50000000.5', 'lots']) {
      const err = configError(() => loadApiConfig({ API_MAX_BODY_BYTES_IN_FLIGHT: bad }));
      assert.deepEqual(err.keys, ['API_MAX_BODY_BYTES_IN_FLIGHT']);
    }
  });

  it('reads API_OPERATOR_TOKEN as given (not trimmed), unset when empty', () => {
    assert.equal(loadApiConfig({}).operatorToken, undefined);
    assert.equal(loadApiConfig({ API_OPERATOR_TOKEN: '' }).operatorToken, undefined);
    const token = 'Zx9!-_.~+/=' + 'a'.repeat(5);
    assert.equal(loadApiConfig({ API_OPERATOR_TOKEN: token }).operatorToken, token);
  });

  it('refuses an API_OPERATOR_TOKEN shorter than 16 characters, or with spaces or a line break, by name and never by value', () => {
    for (const bad of ['fifteen-chars-x', 'a token with spaces', 'token-from-a-file-with-newline\n', '  padded-token-value-0123  ']) {
      const err = configError(() => loadApiConfig({ API_OPERATOR_TOKEN: bad }));
      assert.deepEqual(err.keys, ['API_OPERATOR_TOKEN']);
      assert.ok(!err.message.includes(bad.trim()), err.message);
    }
  });
});
