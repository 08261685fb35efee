import { readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../src/workers';

// Histories recorded on the dev server. Replaying them with today's workflow code fails if a change would
// break running workflows (a non-determinism error).
const fixture = (name: string) => {
  const json = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures', name), 'utf8')) as Record<string, unknown>;
  return temporal.api.history.v1.History.fromObject(json);
};

describe('replay of recorded histories', function () {
  this.timeout(60_000);
  let workflowBundle: WorkflowBundleWithSourceMap;

  before(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // Runtime already installed in this process.
    }
    workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('ERROR') });
  });

  // UPDATE_FIXTURES=1 npm run test:integration rewrites it: created, synced, a duplicate, an outdated
  // update, a removal, deleted.
  it('replays a product-sync history without a determinism error', async () => {
    await Worker.runReplayHistory({ workflowBundle }, fixture('product-sync-history.json'), 'recorded');
  });

  // Recorded before the `reconcile-multi-page` patch (one PIM page per activity): runs of that shape still
  // in progress when the batched code deploys must replay on the one-page path.
  it('replays a one-page delta reconcile that continued as new', async () => {
    await Worker.runReplayHistory({ workflowBundle }, fixture('reconcile-delta-history.json'), 'recorded-delta');
  });

  it('replays a one-page full reconcile with its deletion checks', async () => {
    await Worker.runReplayHistory({ workflowBundle }, fixture('reconcile-full-history.json'), 'recorded-full');
  });
});
