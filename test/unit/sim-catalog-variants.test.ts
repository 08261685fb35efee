import assert from 'node:assert/strict';
import { Catalog, CatalogNotFoundError, EventSender, PimSimulator, eventsApiEventFromChange, formatSearchDate, value } from '../../src/sim';
import type { SimProduct, SimProductModel } from '../../src/sim';

const CREDS = { clientId: 'client', clientSecret: 'secret', username: 'connector', password: 'pw' };
const START = Date.UTC(2024, 4, 2, 8, 15, 0);

interface Page<T> {
  _embedded: { items: T[] };
}

/** A root model, a sub-model under it and a variant under the sub-model, created at START. */
function family(catalog: Catalog): { root: SimProductModel; sub: SimProductModel; variant: SimProduct } {
  const root = catalog.createProductModel({ code: 'tshirt', family: 'tshirts', values: { brand: [value('acme')], name: [value('T-shirt', 'en_US')] } });
  const sub = catalog.createProductModel({ code: 'tshirt_red', parent: 'tshirt', values: { color: [value('red')] } });
  const variant = catalog.createProduct({ parent: 'tshirt_red', values: { size: [value('M')] } });
  return { root, sub, variant };
}

describe('sim Catalog product models, sub-models and variants', () => {
  it('shows a variant with its parent and grand-parent values, its own winning, and a sub-model with its root values', () => {
    const catalog = new Catalog({ now: () => START });
    const { sub, variant } = family(catalog);
    assert.equal(sub.family, 'tshirts', 'a sub-model takes its root family');
    assert.equal(sub.family_variant, 'clothing_by_size');
    assert.equal(variant.family, 'tshirts', 'a variant takes its parent family');
    assert.equal(variant.parent, 'tshirt_red');
    assert.deepEqual(Object.keys(variant.values).sort(), ['brand', 'color', 'name', 'size', 'sku']);
    assert.equal(variant.values.name[0].data, 'Product 1', "the variant's own name wins over the root's");
    assert.deepEqual(catalog.get(variant.uuid), variant);
    assert.deepEqual(Object.keys(catalog.getProductModel('tshirt_red')!.values).sort(), ['brand', 'color', 'name']);
    assert.equal(catalog.getProductModel('tshirt_red')!.values.name[0].data, 'Model 2');
    assert.deepEqual(Object.keys(catalog.getProductModel('tshirt')!.values).sort(), ['brand', 'name']);
  });

  it('changes what a variant shows when an ancestor changes, but not its updated; only the model change is logged', () => {
    let now = START;
    const catalog = new Catalog({ now: () => now });
    const { variant, sub } = family(catalog);
    const seq = catalog.lastSeq;
    now += 60_000;
    const root = catalog.updateProductModel('tshirt', { values: { brand: [value('globex')] } });
    const shown = catalog.get(variant.uuid)!;
    assert.equal(shown.values.brand[0].data, 'globex');
    assert.equal(shown.updated, variant.updated, "the variant's updated is its own");
    assert.equal(catalog.getProductModel('tshirt_red')!.updated, sub.updated);
    assert.notEqual(root.updated, variant.updated);
    const logged = catalog.changes(seq);
    assert.deepEqual(logged.map((c) => [c.kind, c.action, c.id]), [['product-model', 'updated', 'tshirt']]);
    const event = eventsApiEventFromChange(logged[0], catalog)!;
    assert.equal(event.action, 'product_model.updated', 'one product_model.updated, no product.updated per variant');
  });

  it('puts the merged values of a variant in its legacy event', () => {
    const catalog = new Catalog({ now: () => START });
    const { variant } = family(catalog);
    const created = catalog.changes().find((c) => c.id === variant.uuid)!;
    const resource = eventsApiEventFromChange(created, catalog)!.data.resource as { values: Record<string, unknown> };
    assert.deepEqual(Object.keys(resource.values).sort(), ['brand', 'color', 'name', 'size', 'sku']);
    assert.deepEqual(new EventSender({ catalog }).pending().map((c) => c.kind), ['product-model', 'product-model', 'product']);
  });

  it('refuses a third level, a missing parent, and removing a model that still has children', () => {
    const catalog = new Catalog({ now: () => START });
    family(catalog);
    assert.throws(() => catalog.createProductModel({ parent: 'tshirt_red' }), /not a root model/);
    assert.throws(() => catalog.createProduct({ parent: 'nope' }), CatalogNotFoundError);
    assert.throws(() => catalog.removeProductModel('tshirt_red'), /has children/);
    catalog.removeProduct(catalog.list()[0].uuid);
    catalog.removeProductModel('tshirt_red');
    catalog.removeProductModel('tshirt');
    assert.deepEqual(catalog.listProductModels(), []);
  });
});

describe('sim PimSimulator variants over REST', () => {
  let now = START;
  let catalog: Catalog;
  let pim: PimSimulator;
  let token: string;

  beforeEach(async () => {
    now = START;
    catalog = new Catalog({ now: () => now });
    pim = new PimSimulator({ catalog, ...CREDS, now: () => now, latencyMs: 0 });
    await pim.start();
    const res = await fetch(`${pim.url}/api/oauth/v1/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('client:secret').toString('base64')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: 'connector', password: 'pw' }),
    });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  afterEach(() => pim.close());

  async function get<T>(path: string): Promise<T> {
    const res = await fetch(`${pim.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, path);
    return (await res.json()) as T;
  }

  const search = (kind: string, filter: unknown) => `/api/rest/v1/${kind}?search=${encodeURIComponent(JSON.stringify(filter))}`;

  it('serves the merged representation in GET one and in list items', async () => {
    const { variant } = family(catalog);
    const one = await get<SimProduct>(`/api/rest/v1/products-uuid/${variant.uuid}`);
    assert.deepEqual(one, variant);
    const page = await get<Page<SimProduct>>('/api/rest/v1/products-uuid');
    assert.deepEqual(Object.keys(page._embedded.items[0].values).sort(), ['brand', 'color', 'name', 'size', 'sku']);
    const models = await get<Page<SimProductModel>>('/api/rest/v1/product-models?pagination_type=search_after');
    assert.deepEqual(models._embedded.items.map((m) => [m.code, Object.keys(m.values).length]), [['tshirt', 2], ['tshirt_red', 3]]);
  });

  it('lists a variant in an updated > search after its root model changed, with its own older updated', async () => {
    const { variant } = family(catalog);
    const simple = catalog.createProduct();
    now += 60_000;
    const cut = formatSearchDate(now - 1000);
    catalog.updateProductModel('tshirt', { values: { brand: [value('globex')] } });
    const products = await get<Page<SimProduct>>(search('products-uuid', { updated: [{ operator: '>', value: cut }] }));
    assert.deepEqual(products._embedded.items.map((p) => p.uuid), [variant.uuid], 'the simple product is not listed');
    assert.equal(products._embedded.items[0].updated, variant.updated);
    assert.equal(products._embedded.items[0].values.brand[0].data, 'globex');
    const older = await get<Page<SimProduct>>(search('products-uuid', { updated: [{ operator: '<', value: cut }] }));
    assert.deepEqual(older._embedded.items.map((p) => p.uuid), [simple.uuid]);
    const models = await get<Page<SimProductModel>>(search('product-models', { updated: [{ operator: '>', value: cut }] }));
    assert.deepEqual(models._embedded.items.map((m) => [m.code, m.updated]), [['tshirt', catalog.getProductModel('tshirt')!.updated], ['tshirt_red', '2024-05-02T08:15:00+00:00']]);
  });
});
