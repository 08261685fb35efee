import { readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../src/workers';

// A history recorded on the dev server (UPDATE_FIXTURES=1 npm run test:integration rewrites it):
// created, synced, a duplicate, an outdated update, a removal, deleted. Replaying it with today's
// workflow code fails if a change would break running workflows (a non-determinism error).
const FIXTURE = path.resolve(__dirname, '../fixtures/product-sync-history.json');

describe('replay of a recorded product-sync history', function () {
  this.timeout(60_000);

  it('replays without a determinism error', async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // Runtime already installed in this process.
    }
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>);
    await Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, 'recorded');
  });
});
