import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../src/workers';

// Histories recorded on the dev server. Replaying them with today's workflow code fails if a change would
// break running workflows (a non-determinism error).
const FIXTURES = path.resolve(__dirname, '../fixtures');
const fixture = (name: string) => {
  const json = JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
  return temporal.api.history.v1.History.fromObject(json);
};
// product-sync-history.json is today's shape (UPDATE_FIXTURES=1 npm run test:integration rewrites it:
// created, synced, a duplicate, an outdated update, a removal, deleted; .retries.json: a failed sync retried on its
// own timer); product-sync-history[.retries].pre-<patch>.json files were recorded before a patch and stay, so
// workflows started then keep replaying.
const productSyncHistories = readdirSync(FIXTURES).filter((f) => /^product-sync-history.*\.json$/.test(f));

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

  it('has the current and the pre-patch product-sync fixtures', () => {
    assert.ok(productSyncHistories.includes('product-sync-history.json'));
    assert.ok(productSyncHistories.includes('product-sync-history.pre-sync-at-once.json'));
    assert.ok(productSyncHistories.includes('product-sync-history.pre-sync-entity-activity.json'));
    assert.ok(productSyncHistories.includes('product-sync-history.retries.pre-sync-entity-activity.json'));
  });

  // Since the `sync-entity-activity` patch a sync is one activity whose input and result carry no PIM data.
  it("records today's syncs as syncEntity only, and the old shape as fetchEntity then writeEntity", () => {
    const activities = (name: string) =>
      (fixture(name).events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []).filter((n) => n !== 'deleteEntity');
    assert.deepEqual(activities('product-sync-history.json'), ['syncEntity']);
    assert.deepEqual(activities('product-sync-history.pre-sync-entity-activity.json'), ['fetchEntity', 'writeEntity']);
  });

  for (const file of productSyncHistories) {
    it(`replays ${file} without a determinism error`, async () => {
      await Worker.runReplayHistory({ workflowBundle }, fixture(file), file);
    });
  }

  // Recorded before the `reconcile-multi-page` patch (one PIM page per activity): runs of that shape still
  // in progress when the batched code deploys must replay on the one-page path.
  it('replays a one-page delta reconcile that continued as new', async () => {
    await Worker.runReplayHistory({ workflowBundle }, fixture('reconcile-delta-history.json'), 'recorded-delta');
  });

  it('replays a one-page full reconcile with its deletion checks', async () => {
    await Worker.runReplayHistory({ workflowBundle }, fixture('reconcile-full-history.json'), 'recorded-full');
  });

  // Today's shape; UPDATE_FIXTURES=1 npm run test:integration rewrites it (the full run of the deletion test).
  it('replays a batched full reconcile with its deletion checks', async () => {
    await Worker.runReplayHistory({ workflowBundle }, fixture('reconcile-batched-full-history.json'), 'recorded-batched-full');
  });

  // UPDATE_FIXTURES=1 npm run test:integration rewrites it (event-platform-notifications.test.ts): a suspension,
  // a resume that starts its delta reconcile (a child workflow), the retried resume, the child's completion.
  it('replays an Event Platform subscription suspended, resumed and reconciled', async () => {
    await Worker.runReplayHistory({ workflowBundle }, fixture('event-platform-subscription-history.json'), 'recorded-subscription');
  });

  // UPDATE_FIXTURES=1 rewrites it (structure-events.test.ts): a signal-with-start, three signals during the first
  // syncStructureItem, one more sync for them, completion.
  it('replays a structure item synced twice for a burst of events', async () => {
    const history = fixture('structure-item-history.json');
    const activities = (history.events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    assert.deepEqual(activities, ['syncStructureItem', 'syncStructureItem']);
    await Worker.runReplayHistory({ workflowBundle }, history, 'recorded-structure-item');
  });

  // UPDATE_FIXTURES=1 rewrites them (structure-sync.test.ts, the changed option label): a structure run of several
  // collections per call with a pool of calls, and a ledger shard that answered three runs' batched updates.
  it('replays a structure sync run and a structure ledger shard', async () => {
    await Worker.runReplayHistory({ workflowBundle }, fixture('structure-sync-history.json'), 'recorded-structure-sync');
    await Worker.runReplayHistory({ workflowBundle }, fixture('structure-ledger-history.json'), 'recorded-structure-ledger');
  });

  // Recorded before the `mass-delete-guard` patch: deletions were handed over as they were found.
  it('replays a batched full reconcile from before the mass-delete guard', async () => {
    await Worker.runReplayHistory({ workflowBundle }, fixture('reconcile-batched-full-history.pre-mass-delete-guard.json'), 'recorded-pre-guard');
  });

  // Recorded before the `reconcile-failed-entities` patch: a run ended without signalling the failed entities again.
  it('replays a batched full reconcile from before failed entities were signalled at every run', async () => {
    await Worker.runReplayHistory({ workflowBundle }, fixture('reconcile-batched-full-history.pre-reconcile-failed-entities.json'), 'recorded-pre-failed');
  });

  it("records today's batched full reconcile with its scan of failed entities", () => {
    const types = fixture('reconcile-batched-full-history.json').events?.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name) ?? [];
    assert.ok(types.includes('listFailedEntities'));
  });
});
