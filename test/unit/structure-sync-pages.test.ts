import assert from 'node:assert/strict';
import { AkeneoRestClient } from '../../src/akeneo/rest-client';
import { StructureReader } from '../../src/akeneo/structure-reader';
import { nestedCollection } from '../../src/akeneo/structure-paths';
import { Catalog, PimSimulator } from '../../src/sim';
import { countUnseen, deleteUnseen } from '../../src/structure/delete-unseen';
import { syncStructureItem } from '../../src/structure/sync-item';
import { syncStructureCollections, type CollectionCursor } from '../../src/structure/sync-collections';
import type { StructureSyncDeps } from '../../src/structure/sync-pages';
import { MemoryDestination } from '../helpers/memory-adapters';
import { memoryLedger } from '../helpers/memory-ledger';
import { CREDS } from './sim-pim-helpers';

describe('structure sync of pages and deletions', () => {
  let pim: PimSimulator;
  let destination: MemoryDestination;
  let deps: StructureSyncDeps;

  beforeEach(async () => {
    pim = new PimSimulator({ catalog: new Catalog(), ...CREDS, latencyMs: 0 });
    const { url } = await pim.start();
    destination = new MemoryDestination();
    deps = { reader: new StructureReader(new AkeneoRestClient({ baseUrl: url, ...CREDS })), destination, ledger: memoryLedger(), writeConcurrency: 2 };
    pim.structure.put('attributes', { code: 'color', type: 'pim_catalog_simpleselect', group: 'other' });
    pim.structure.put('attributes', { code: 'name', type: 'pim_catalog_text', group: 'other' });
    pim.structure.put('attribute-options', { code: 'red', attribute: 'color', labels: { en_US: 'Red' } });
    pim.structure.put('attribute-options', { code: 'blue', attribute: 'color', labels: { en_US: 'Blue' } });
  });
  afterEach(() => pim.close());

  /** Lists one collection to its end, as one `syncStructurePages` call would. */
  async function syncStructurePage(d: StructureSyncDeps, input: { collection: string; run: string }) {
    const [out] = await syncStructureCollections(d, { cursors: [{ collection: input.collection }], run: input.run, maxPages: 10 });
    return out;
  }

  it('writes every item of a first listing, names the options collections of select attributes only', async () => {
    const out = await syncStructurePage(deps, { collection: 'attributes', run: 'r1' });
    assert.deepEqual(out, { collection: 'attributes', listed: 2, written: 2, unchanged: 0, children: ['attribute-options/color'], done: true });
    assert.deepEqual([...destination.structure.keys()].sort(), ['attributes/color', 'attributes/name']);
  });

  it('writes only the option whose label changed on the next run', async () => {
    await syncStructurePage(deps, { collection: nestedCollection('attribute-options', 'color'), run: 'r1' });
    pim.structure.put('attribute-options', { code: 'red', attribute: 'color', labels: { en_US: 'Crimson' } });
    destination.structureWrites.length = 0;
    const out = await syncStructurePage(deps, { collection: 'attribute-options/color', run: 'r2' });
    assert.equal(out.written, 1);
    assert.equal(out.unchanged, 1);
    assert.deepEqual(destination.structureWrites, [{ key: 'attribute-options/color/red', method: 'PUT' }]);
  });

  it('deletes what a run did not list once the PIM answers 404, keeping what it still has', async () => {
    await syncStructurePage(deps, { collection: 'attribute-options/color', run: 'r1' });
    pim.structure.remove('attribute-options', 'blue', 'color');
    await syncStructurePage(deps, { collection: 'attribute-options/color', run: 'r2' });
    assert.deepEqual(await countUnseen(deps, ['attribute-options'], 'r2'), { 'attribute-options': { unseen: 1, known: 2 } });
    const done = await deleteUnseen(deps, { kind: 'attribute-options', run: 'r2', policy: 'delete' });
    assert.equal(done.deleted, 1);
    assert.deepEqual([...destination.structure.keys()], ['attribute-options/color/red']);
    assert.deepEqual(await countUnseen(deps, ['attribute-options'], 'r2'), { 'attribute-options': { unseen: 0, known: 1 } }, 'forgotten');
  });

  it('keeps an unseen item the PIM still answers for, and deletes nothing under the ignore policy', async () => {
    await syncStructurePage(deps, { collection: 'attributes', run: 'r1' });
    const kept = await deleteUnseen(deps, { kind: 'attributes', run: 'r-not-listed', policy: 'delete' });
    assert.deepEqual({ deleted: kept.deleted, kept: kept.kept }, { deleted: 0, kept: 2 });
    pim.structure.remove('attributes', 'name');
    const ignored = await deleteUnseen(deps, { kind: 'attributes', run: 'r-not-listed', policy: 'ignore' });
    assert.equal(ignored.deleted, 0);
    assert.ok(destination.structure.has('attributes/name'));
  });

  it('syncs one item at once: written when changed, unchanged after, deleted when gone', async () => {
    assert.equal(await syncStructureItem(deps, 'attributes/color'), 'written');
    assert.equal(await syncStructureItem(deps, 'attributes/color'), 'unchanged');
    pim.structure.remove('attributes', 'color');
    assert.equal(await syncStructureItem(deps, 'attributes/color'), 'deleted');
    assert.equal(destination.structure.has('attributes/color'), false);
  });

  it('keeps one item gone from the PIM under the ignore policy (an event never deletes then)', async () => {
    assert.equal(await syncStructureItem(deps, 'attributes/color'), 'written');
    pim.structure.remove('attributes', 'color');
    assert.equal(await syncStructureItem({ ...deps, deletePolicy: 'ignore' }, 'attributes/color'), 'kept');
    assert.ok(destination.structure.has('attributes/color'));
  });

  it('lists several collections in one call, committing in batches, and resumes from the last committed page', async () => {
    for (let i = 0; i < 250; i++) pim.structure.put('attribute-options', { code: `o${i}`, attribute: 'color', labels: { en_US: `O${i}` } });
    const cursors: CollectionCursor[] = [{ collection: 'attributes' }, { collection: 'attribute-options/color' }];
    const commits: number[] = [];
    const first = await syncStructureCollections(deps, { cursors, run: 'r1', maxPages: 2, batchItems: 100 }, undefined, (p) => commits.push(p[1].listed));
    assert.deepEqual(first[0], { collection: 'attributes', listed: 2, written: 2, unchanged: 0, children: ['attribute-options/color'], done: true });
    assert.equal(first[1].listed, 100, 'one page of options within the budget of two pages');
    assert.equal(first[1].done, false);
    assert.match(first[1].next ?? '', /page=2/);
    assert.ok(commits.length >= 1);
    const rest = await syncStructureCollections(deps, { cursors, run: 'r1', maxPages: 10, batchItems: 100 }, first);
    assert.deepEqual({ listed: rest[1].listed, written: rest[1].written, done: rest[1].done }, { listed: 252, written: 252, done: true });
    assert.equal(destination.structure.size, 254);
    const again = await syncStructureCollections(deps, { cursors, run: 'r2', maxPages: 10, batchItems: 100 });
    assert.deepEqual(again.map((c) => c.written), [0, 0], 'nothing changed');
  });

  it('lists the children its pages name in the same call when asked to follow them, and hands back what the budget left', async () => {
    for (let i = 0; i < 150; i++) pim.structure.put('attribute-options', { code: `o${i}`, attribute: 'color', labels: { en_US: `O${i}` } });
    const input = { cursors: [{ collection: 'attributes' }], run: 'r1', follow: ['attribute-options'], batchItems: 50 };
    const first = await syncStructureCollections(deps, { ...input, maxPages: 2 });
    assert.deepEqual(
      first.map((c) => [c.collection, c.listed, c.done, c.children]),
      [
        ['attributes', 2, true, []],
        ['attribute-options/color', 100, false, []],
      ],
    );
    const rest = await syncStructureCollections(deps, { ...input, maxPages: 10 }, first);
    assert.deepEqual(rest.map((c) => [c.collection, c.listed, c.written, c.done]), [
      ['attributes', 2, 2, true],
      ['attribute-options/color', 152, 152, true],
    ]);
    assert.equal(destination.structure.size, 154);
  });

  it('records no digest of a batch whose write failed, so the retry writes it', async () => {
    const failing = { ...deps, destination: Object.assign(Object.create(destination) as MemoryDestination, { upsertStructure: () => Promise.reject(new Error('down')) }) };
    await assert.rejects(syncStructureCollections(failing, { cursors: [{ collection: 'attributes' }], run: 'r1', maxPages: 10 }), /down/);
    const [out] = await syncStructureCollections(deps, { cursors: [{ collection: 'attributes' }], run: 'r1', maxPages: 10 });
    assert.equal(out.written, 2);
  });
});
