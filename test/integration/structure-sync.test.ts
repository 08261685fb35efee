import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { NESTED_STRUCTURE_KINDS, STRUCTURE_KINDS, type StructureKind } from '../../src/domain/structure';
import type { StructureSyncInput, StructureSyncResult } from '../../src/workflows/structure-sync-definitions';
import { runCli } from '../../src/cli/program';
import { loadCliConfig } from '../../src/config';
import { structureLedgerWorkflowId } from '../../src/workflows/ids';
import { startTestStack, type TestStack } from '../helpers/stack';
import { startTemporal, workflowBundle } from '../helpers/temporal';

let runs = 0;
/** Recorded for test/unit/replay.test.ts (UPDATE_FIXTURES=1): a run that wrote one changed option, and a ledger shard after three runs. */
const FIXTURES = path.resolve(__dirname, '../fixtures');
const SYNC_FIXTURE = path.join(FIXTURES, 'structure-sync-history.json');
const LEDGER_FIXTURE = path.join(FIXTURES, 'structure-ledger-history.json');

describe('catalogue structure sync on a real Temporal dev server', function () {
  this.timeout(180_000);
  let server: DevServer;
  let stack: TestStack;

  before(async () => {
    server = await startTemporal();
    await workflowBundle();
  });
  after(async () => server?.stop());
  beforeEach(async () => {
    stack = await startTestStack(server, { pimMaxRps: 1000 });
  });
  afterEach(async () => stack?.close());

  async function sync(input: StructureSyncInput = {}): Promise<StructureSyncResult> {
    runs += 1;
    const handle = await server.env.client.workflow.start('structureSyncWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: `structure-test-${process.pid}-${runs}`,
      args: [input],
    });
    return (await handle.result()) as StructureSyncResult;
  }

  /** How many items of `kind` the PIM holds (nested kinds: under every parent). */
  function pimCount(kind: StructureKind): number {
    const s = stack.pim.structure;
    if (kind === 'attribute-options') return s.codes('attributes').reduce((n, a) => n + (s.hasParent('attribute-options', a) ? s.codes('attribute-options', a).length : 0), 0);
    if (kind === 'family-variants') return s.codes('families').reduce((n, f) => n + (s.hasParent('family-variants', f) ? s.codes('family-variants', f).length : 0), 0);
    return s.codes(kind).length;
  }
  const destCount = (kind: StructureKind) => stack.thirdParty.structure.list(kind).length;

  it('syncs every kind to the third party, options and variants under their parents', async () => {
    stack.pim.structure.seed({ categories: 30 });
    const result = await sync();
    for (const kind of STRUCTURE_KINDS) {
      assert.ok(pimCount(kind) > 0, `the seed has ${kind}`);
      assert.equal(destCount(kind), pimCount(kind), `${kind} at the third party`);
      assert.deepEqual(result[kind], { listed: pimCount(kind), written: pimCount(kind), unchanged: 0, deleted: 0, missing: 0 }, `${kind} counts`);
    }
    const option = stack.thirdParty.structure.list('attribute-options')[0];
    assert.deepEqual(option.body, stack.pim.structure.get('attribute-options', option.code, option.parent), 'the PIM JSON, as listed');
  });

  it('writes a changed option label once on the next run, and nothing else', async () => {
    const seed = stack.pim.structure.seed();
    await sync();
    const attribute = seed.selectAttributes[0];
    const code = stack.pim.structure.codes('attribute-options', attribute)[0];
    stack.pim.structure.put('attribute-options', { code, attribute, labels: { en_US: 'Changed label' } });
    const puts = stack.thirdParty.structure.puts;
    const result = await sync();
    assert.equal(stack.thirdParty.structure.puts - puts, 1, 'one write');
    assert.equal(stack.thirdParty.structure.writesOf('attribute-options', code, attribute), 2);
    assert.deepEqual((stack.thirdParty.structure.get('attribute-options', code, attribute) as { labels: Record<string, string> }).labels.en_US, 'Changed label');
    for (const kind of STRUCTURE_KINDS) assert.equal(result[kind]?.written, kind === 'attribute-options' ? 1 : 0, `${kind} written`);
    const again = await sync();
    assert.equal(again['attribute-options']?.written, 0, 'unchanged on the run after');
    // Today's shapes replay; UPDATE_FIXTURES=1 records them for test/unit/replay.test.ts.
    const recorded: Array<[string, string]> = [
      [`structure-test-${process.pid}-${runs - 1}`, SYNC_FIXTURE],
      [structureLedgerWorkflowId(stack.taskQueue, 0), LEDGER_FIXTURE],
    ];
    for (const [workflowId, file] of recorded) {
      const history = await server.env.client.workflow.getHandle(workflowId).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
      if (process.env.UPDATE_FIXTURES === '1') writeFileSync(file, JSON.stringify(history, null, 1));
    }
  });

  it('deletes an attribute deleted in the PIM at the third party, with its options', async () => {
    const seed = stack.pim.structure.seed();
    await sync();
    const attribute = seed.selectAttributes[0];
    const options = stack.thirdParty.structure.list('attribute-options').filter((o) => o.parent === attribute).length;
    assert.ok(options > 0);
    stack.pim.structure.remove('attributes', attribute);
    // Under the default DELETE_MAX_FRACTION: the options are a large share of all options, but they go with
    // their attribute, which is one item of its kind.
    const result = await sync();
    assert.equal(stack.thirdParty.structure.get('attributes', attribute), undefined);
    assert.equal(stack.thirdParty.structure.list('attribute-options').filter((o) => o.parent === attribute).length, 0);
    assert.equal(result.attributes?.deleted, 1);
    assert.equal(result['attribute-options']?.deleted, options);
    for (const kind of NESTED_STRUCTURE_KINDS) assert.equal(destCount(kind), pimCount(kind));
  });

  it('continues as new as its history grows, with the same outcome', async () => {
    stack.pim.structure.seed({ categories: 250 });
    runs += 1;
    const workflowId = `structure-test-${process.pid}-${runs}`;
    const handle = await server.env.client.workflow.start('structureSyncWorkflow', { taskQueue: stack.taskQueue, workflowId, args: [{ maxHistoryLength: 10 }] });
    const result = (await handle.result()) as StructureSyncResult;
    const first = await server.env.client.workflow.getHandle(workflowId, handle.firstExecutionRunId).describe();
    assert.equal(first.status.name, 'CONTINUED_AS_NEW');
    for (const kind of STRUCTURE_KINDS) assert.equal(result[kind]?.written, pimCount(kind), `${kind} written once`);
    assert.equal(destCount('categories'), 250);
  });

  it('resync-structure --kind prints the counts of that kind as JSON', async () => {
    stack.pim.structure.seed({ categories: 40 });
    let out = '';
    let err = '';
    const config = loadCliConfig({ TEMPORAL_TASK_QUEUE: stack.taskQueue });
    const code = await runCli(['resync-structure', '--kind', 'categories'], {
      config,
      connect: () => Promise.resolve(server.env.client),
      out: (t) => (out += t),
      err: (t) => (err += t),
    });
    assert.equal(code, 0, err);
    const counts = JSON.parse(out) as StructureSyncResult;
    assert.deepEqual(Object.keys(counts), ['categories']);
    assert.equal(counts.categories?.written, 40);
    assert.equal(destCount('categories'), 40);
    assert.equal(destCount('attributes'), 0, 'no other kind');
  });

  it('refuses a mass disappearance, deleting nothing, until allowMassDelete lets it through', async () => {
    stack.pim.structure.seed({ categories: 30 });
    await sync();
    const categories = stack.pim.structure.codes('categories');
    for (const code of categories.slice(-20).reverse()) if (stack.pim.structure.peek('categories', code)) stack.pim.structure.remove('categories', code);
    const left = pimCount('categories');
    assert.ok(left <= 10);
    await assert.rejects(sync(), (err: unknown) => {
      assert.ok(err instanceof WorkflowFailedError);
      assert.match(String(err.cause?.message), /refused to delete \d+ of 30 categories missing from the PIM: more than DELETE_MAX_FRACTION/);
      return true;
    });
    assert.equal(destCount('categories'), 30, 'nothing deleted');
    const result = await sync({ allowMassDelete: true });
    assert.equal(destCount('categories'), left);
    assert.equal(result.categories?.deleted, 30 - left);
  });
});
