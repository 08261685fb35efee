/* The demo's "in sync" check: structure items, media files, and products as the REST API shows them (download links). */
import assert from 'node:assert/strict';
import { diffWithPim, inSync } from '../../src/dev/compare';
import { diffStructureWithPim, missingMedia, structureCounts } from '../../src/dev/compare-structure';
import { Catalog, PimSimulator, StructureKind, ThirdPartySimulator, value, withMediaLinks } from '../../src/sim';

describe('demo comparison of the third party with the PIM: structure and media', () => {
  let catalog: Catalog;
  let pim: PimSimulator;
  let thirdParty: ThirdPartySimulator;
  const put = async (path: string, body: string | Buffer, type = 'application/json') => {
    const res = await fetch(`${thirdParty.url}${path}`, { method: 'PUT', headers: { 'Content-Type': type }, body });
    assert.ok(res.ok, `PUT ${path}: ${res.status}`);
  };

  beforeEach(async () => {
    catalog = new Catalog();
    pim = new PimSimulator({ catalog, clientId: 'c', clientSecret: 's', username: 'u', password: 'p' });
    thirdParty = new ThirdPartySimulator();
    await Promise.all([pim.start(), thirdParty.start()]);
    pim.structure.seed({ attributes: 12, options: 5, categories: 4, families: 2 });
  });
  afterEach(async () => {
    await Promise.all([pim.close(), thirdParty.close()]);
  });

  /** Writes every PIM structure item to the third party as the structure sync would. */
  async function copyStructure(): Promise<void> {
    for (const kind of Object.values(StructureKind)) {
      const parentKind = kind === 'attribute-options' ? 'attributes' : kind === 'family-variants' ? 'families' : undefined;
      const parents = parentKind ? pim.structure.codes(parentKind) : [undefined];
      for (const parent of parents) {
        for (const code of pim.structure.codes(kind, parent)) {
          const path = ['/structure', kind, parent, code].filter((s) => s !== undefined).map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/');
          await put(path, JSON.stringify(pim.structure.get(kind, code, parent)));
        }
      }
    }
  }

  it('finds every structure item missing, then none once copied, then the one whose label changed in the PIM', async () => {
    assert.ok(diffStructureWithPim(pim, thirdParty).includes('attributes/picture'));
    assert.ok(structureCounts(pim, thirdParty).every((k) => k.thirdParty === 0));
    await copyStructure();
    assert.deepEqual(diffStructureWithPim(pim, thirdParty), []);
    const counts = structureCounts(pim, thirdParty);
    assert.equal(counts.length, Object.values(StructureKind).length);
    assert.ok(counts.every((k) => k.pim === k.thirdParty && k.pim > 0), JSON.stringify(counts));
    pim.structure.put('attribute-options', { code: 'red', attribute: 'color', sort_order: 3, labels: { en_US: 'Crimson' } });
    assert.deepEqual(diffStructureWithPim(pim, thirdParty), ['attribute-options/color/red']);
  });

  it('counts a used media file missing until the third party holds it with the same size and type', async () => {
    const photo = pim.media.add({ originalFilename: 'photo.jpg', bytes: Buffer.from('jpeg bytes') });
    pim.media.add({ originalFilename: 'unused.jpg', bytes: Buffer.from('not referenced') });
    catalog.createProduct({ values: { picture: [value(photo.code)] } });
    assert.deepEqual(missingMedia(catalog, pim, thirdParty), [photo.code]);
    await put(`/media/${encodeURIComponent(photo.code)}`, Buffer.from('jpeg'), 'image/jpeg');
    assert.deepEqual(missingMedia(catalog, pim, thirdParty), [photo.code], 'a shorter copy is not the file');
    await put(`/media/${encodeURIComponent(photo.code)}`, Buffer.from('jpeg bytes'), 'image/jpeg');
    assert.deepEqual(missingMedia(catalog, pim, thirdParty), []);
  });

  it('compares products with their download links when given the media attributes', async () => {
    const photo = pim.media.add({ originalFilename: 'photo.jpg', bytes: Buffer.from('jpeg bytes') });
    const product = catalog.createProduct({ values: { picture: [value(photo.code)] } });
    const media = { attributes: pim.structure.mediaAttributeCodes(), origin: pim.url };
    await put(`/products/${product.uuid}`, JSON.stringify(withMediaLinks(catalog.get(product.uuid)!, media.attributes, media.origin)));
    assert.ok(inSync(diffWithPim(catalog, thirdParty, media)));
    assert.deepEqual(diffWithPim(catalog, thirdParty).stale, [product.uuid], 'without the links the copy differs');
  });
});
