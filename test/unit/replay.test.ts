import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../src/workers';

// Histories recorded on the dev server: created, synced, a duplicate, an outdated update, a removal,
// deleted. product-sync-history.json is today's shape (UPDATE_FIXTURES=1 npm run test:integration
// rewrites it); product-sync-history.<patch>.json files were recorded before a patch and stay, so
// workflows started then keep replaying. A change that would break running workflows fails here
// with a non-determinism error.
const FIXTURES = path.resolve(__dirname, '../fixtures');
const histories = readdirSync(FIXTURES).filter((f) => /^product-sync-history.*\.json$/.test(f));

describe('replay of recorded product-sync histories', function () {
  this.timeout(60_000);

  before(() => {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // Runtime already installed in this process.
    }
  });

  it('has the current and the pre-patch fixtures', () => {
    assert.ok(histories.includes('product-sync-history.json'));
    assert.ok(histories.includes('product-sync-history.pre-sync-at-once.json'));
  });

  for (const file of histories) {
    it(`replays ${file} without a determinism error`, async () => {
      const json = JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as Record<string, unknown>;
      const history = temporal.api.history.v1.History.fromObject(json);
      await Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, file);
    });
  }
});
