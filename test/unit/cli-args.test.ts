import assert from 'node:assert/strict';
import { loadCliConfig } from '../../src/config';
import { compactTimestamp, parseEntityRef, parseSince } from '../../src/cli/args';
import { runCli } from '../../src/cli/program';
import { formatDuration } from '../../src/cli/schedule-table';

const NOW = new Date('2024-05-01T12:00:00.000Z');

/** Runs the CLI with a connect() that fails the test if a command reaches for Temporal. */
async function run(...argv: string[]) {
  let out = '';
  let err = '';
  let connected = false;
  const code = await runCli(argv, {
    config: loadCliConfig({}),
    connect: () => {
      connected = true;
      return Promise.reject(new Error('usage errors must not touch Temporal'));
    },
    out: (t) => (out += t),
    err: (t) => (err += t),
    now: () => NOW,
  });
  return { code, out, err, connected };
}

function assertUsageError(r: Awaited<ReturnType<typeof run>>, pattern: RegExp): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.err}`);
  assert.equal(r.connected, false, 'connected to Temporal');
  assert.equal(r.out, '');
  assert.match(r.err, /^[^\n]+\n$/, `expected exactly one line on stderr, got ${JSON.stringify(r.err)}`);
  assert.match(r.err, pattern);
}

describe('ops CLI arguments', () => {
  it('rejects a product id that is not a uuid and hints at --model', async () => {
    assertUsageError(await run('resync', 'not-a-uuid'), /not a product uuid: 'not-a-uuid'.*--model/);
    assertUsageError(await run('history', '1234'), /not a product uuid/);
  });

  it('rejects a product-model code Akeneo cannot have or that would break a URL path, on one line', async () => {
    assertUsageError(await run('resync', '--model', '..'), /not a product-model code: "\.\." \(it must not be or contain a '\.' or '\.\.' path segment\)/);
    assertUsageError(await run('history', '--model', 'a/../b'), /path segment/);
    assertUsageError(await run('resync', '--model', '%2e%2e'), /path segment/);
    assertUsageError(await run('resync', '--model', 'x'.repeat(256)), /at most 255 characters/);
    assertUsageError(await run('resync', '--model', 'a\nb'), /control characters/);
    assertUsageError(await run('resync', '--model', 'a,b'), /comma or a semicolon/);
    assertUsageError(await run('resync', '--model', '  '), /empty or blank/);
  });

  it('takes a product-model code with inner blanks or a slash, as Akeneo allows them', () => {
    assert.deepEqual(parseEntityRef('tshirt blue', true), { kind: 'product-model', id: 'tshirt blue' });
    assert.deepEqual(parseEntityRef('a/b', true), { kind: 'product-model', id: 'a/b' });
  });

  it('rejects a time that is not ISO-8601', async () => {
    assertUsageError(await run('resync-since', 'yesterday'), /not an ISO-8601 time: 'yesterday'/);
    assertUsageError(await run('resync-since', 'May 1, 2024'), /not an ISO-8601 time/);
    assertUsageError(await run('resync-since', '2024-13-45T00:00:00Z'), /not an ISO-8601 time/);
  });

  it('rejects an unknown structure kind, listing the kinds, on one line', async () => {
    assertUsageError(await run('resync-structure', '--kind', 'widgets'), /unknown structure kind 'widgets': one of channels, .*family-variants/);
  });

  it('rejects a time in the future', async () => {
    assertUsageError(await run('resync-since', '2024-05-01T12:00:01Z'), /in the future/);
  });

  it('rejects an unknown command, an unknown option and a missing argument', async () => {
    assertUsageError(await run('resink', 'x'), /unknown command 'resink'/);
    assertUsageError(await run('resync-all', '--everything'), /unknown option '--everything'/);
    assertUsageError(await run('resync'), /missing required argument 'id'/);
    assertUsageError(await run('schedules', 'stop'), /too many arguments/);
    assertUsageError(await run(), /missing command/);
  });

  it('prints the help on stdout and exits 0', async () => {
    const r = await run('--help');
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
    assert.match(r.out, /resync-since/);
  });

  it('normalises a valid time to UTC', () => {
    assert.equal(parseSince('2024-05-01T10:00:00+02:00', NOW), '2024-05-01T08:00:00.000Z');
    assert.equal(parseSince('2024-04-30', NOW), '2024-04-30T00:00:00.000Z');
  });

  it('formats ids and durations for people', () => {
    assert.equal(compactTimestamp(new Date('2024-05-01T08:09:10.123Z')), '20240501T080910Z');
    assert.equal(formatDuration(15 * 60_000), '15m');
    assert.equal(formatDuration(86_400_000), '1d');
    assert.equal(formatDuration(1500), '1500ms');
  });
});
