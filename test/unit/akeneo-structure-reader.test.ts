import assert from 'node:assert/strict';
import { AkeneoRestClient } from '../../src/akeneo/rest-client';
import { StructureReader } from '../../src/akeneo/structure-reader';
import { nestedCollection } from '../../src/akeneo/structure-paths';
import { Catalog, PimSimulator } from '../../src/sim';
import { CREDS } from './sim-pim-helpers';

describe('StructureReader against the PIM simulator', () => {
  let pim: PimSimulator;
  let reader: StructureReader;
  let requests: string[];

  beforeEach(async () => {
    pim = new PimSimulator({ catalog: new Catalog(), ...CREDS, latencyMs: 0 });
    const { url } = await pim.start();
    requests = [];
    const client = new AkeneoRestClient({ baseUrl: url, ...CREDS, onRequest: (op) => requests.push(op) });
    reader = new StructureReader(client);
  });
  afterEach(() => pim.close());

  async function listAll(collection: string) {
    const pages = [await reader.listPage(collection)];
    while (pages.at(-1)!.next) pages.push(await reader.listPage(collection, pages.at(-1)!.next));
    return pages;
  }

  it('pages a collection by 100 following the next links, items keyed and without _links', async () => {
    pim.structure.seed({ categories: 250 });
    const pages = await listAll('categories');
    assert.deepEqual(pages.map((p) => p.items.length), [100, 100, 50]);
    const keys = pages.flatMap((p) => p.items.map((i) => i.key));
    assert.deepEqual(keys, pim.structure.codes('categories').map((c) => `categories/${c}`));
    assert.equal(pages[0].items[0].data._links, undefined);
    assert.ok(requests.filter((r) => r === 'list').length === 3, 'three list calls, counted on the PIM budget');
  });

  it('lists options of an attribute keyed with their attribute, and an empty page when the attribute is gone', async () => {
    pim.structure.put('attributes', { code: 'color', type: 'pim_catalog_simpleselect', group: 'other' });
    pim.structure.put('attribute-options', { code: 'red', attribute: 'color' });
    const [page] = await listAll(nestedCollection('attribute-options', 'color'));
    assert.deepEqual(page.items.map((i) => i.key), ['attribute-options/color/red']);
    pim.structure.remove('attributes', 'color');
    assert.deepEqual(await reader.listPage(nestedCollection('attribute-options', 'color')), { items: [] });
  });

  it('reads measurement families as one array with no next page', async () => {
    pim.structure.seed();
    const pages = await listAll('measurement-families');
    assert.equal(pages.length, 1);
    assert.ok(pages[0].items.length > 0);
    assert.deepEqual(pages[0].items.map((i) => i.key), pim.structure.codes('measurement-families').map((c) => `measurement-families/${c}`));
  });

  it('GETs one item by key, undefined on 404', async () => {
    pim.structure.put('attribute-groups', { code: 'marketing' });
    assert.equal((await reader.getItem('attribute-groups/marketing'))?.code, 'marketing');
    assert.equal(await reader.getItem('attribute-groups/gone'), undefined);
  });
});
