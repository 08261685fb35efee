import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/deploy-files';

const FILES = ['Dockerfile', 'docker-compose.yml', 'deploy/k8s'];
const IMAGE = /(node|postgres|temporalio\/[a-z-]+):[0-9]([\w.-]*\w)?(@sha256:[0-9a-f]{64})?/g;

/** A stand-in for `crane digest <ref>`: a digest derived from the reference, or `answer` when given. */
function craneStub(dir: string, answer?: string): void {
  const body = answer ? `echo '${answer}'` : `printf 'sha256:%s\\n' "$(printf '%s' "$2" | sha256sum | cut -c1-64)"`;
  writeFileSync(path.join(dir, 'crane'), `#!/bin/sh\n[ "$1" = digest ] || exit 2\n${body}\n`);
  chmodSync(path.join(dir, 'crane'), 0o755);
}

describe('scripts/pin-image-digests.sh', () => {
  let dir: string;
  const run = (...args: string[]) =>
    spawnSync('bash', [path.join(dir, 'scripts/pin-image-digests.sh'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${path.join(dir, 'bin')}:${process.env.PATH ?? ''}` },
    });
  /** Every file the script may change, concatenated. */
  const snapshot = (): string =>
    ['Dockerfile', 'docker-compose.yml', ...readdirSync(path.join(dir, 'deploy/k8s')).map((f) => `deploy/k8s/${f}`)]
      .map((f) => readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
  const refs = (s: string): string[] => s.split('\n').filter((l) => !/^\s*#/.test(l)).flatMap((l) => [...l.matchAll(IMAGE)].map((m) => m[0]));

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pin-digests-'));
    for (const f of [...FILES, 'scripts/pin-image-digests.sh']) cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
    mkdirSync(path.join(dir, 'bin'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the registry digest of every third-party image, keeps the version and comments, and is idempotent', () => {
    craneStub(path.join(dir, 'bin'));
    const before = snapshot();
    assert.equal(run('--check').status, 1, '--check fails while an image has no digest');
    const first = run();
    assert.equal(first.status, 0, first.stderr);
    const after = snapshot();
    const pinned = refs(after);
    assert.ok(pinned.length >= 6);
    for (const ref of pinned) {
      const [tag, digest] = ref.split('@');
      const expected = spawnSync('sh', ['-c', `printf '%s' '${tag}' | sha256sum | cut -c1-64`], { encoding: 'utf8' }).stdout.trim();
      assert.equal(digest, `sha256:${expected}`, ref);
    }
    const unpin = (s: string): string => s.replace(/@sha256:[0-9a-f]{64}/g, '');
    assert.equal(unpin(after), unpin(before), 'nothing but the digests changed');
    assert.match(after, /image: akeneo-sync:0\.1\.0/, 'our own image is left alone');
    assert.equal(run('--check').status, 0, '--check passes once pinned');
    assert.equal(run().status, 0);
    assert.equal(snapshot(), after, 'a second run changes nothing');
  });

  it('stops without touching a file when the registry gives no digest', () => {
    craneStub(path.join(dir, 'bin'), 'not-a-digest');
    const before = snapshot();
    const result = run();
    assert.equal(result.status, 1);
    assert.match(result.stderr, /no digest for /);
    assert.equal(snapshot(), before);
  });
});
