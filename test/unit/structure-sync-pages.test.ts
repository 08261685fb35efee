import assert from 'node:assert/strict';
import { AkeneoRestClient } from '../../src/akeneo/rest-client';
import { StructureReader } from '../../src/akeneo/structure-reader';
import { nestedCollection } from '../../src/akeneo/structure-paths';
import { Catalog, PimSimulator } from '../../src/sim';
import { countUnseen, deleteUnseen } from '../../src/structure/delete-unseen';
import { syncStructureItem } from '../../src/structure/sync-item';
import { syncStructurePage, type StructureSyncDeps } from '../../src/structure/sync-pages';
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

  it('writes every item of a first listing, names the options collections of select attributes only', async () => {
    const out = await syncStructurePage(deps, { collection: 'attributes', run: 'r1' });
    assert.deepEqual(out, { listed: 2, written: 2, unchanged: 0, children: ['attribute-options/color'] });
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
});
