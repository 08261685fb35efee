import assert from 'node:assert/strict';
import { Catalog, INVALID_CURSOR_MESSAGE, PimSimulator, formatSearchDate, seededRandom, value } from '../../src/sim';
import type { SimProduct } from '../../src/sim';

const CREDS = { clientId: 'client', clientSecret: 'secret', username: 'connector', password: 'pw' };
const START = Date.UTC(2024, 4, 2, 8, 15, 0);

interface Page {
  _links: { next?: { href: string } };
  _embedded: { items: Array<{ uuid?: string; code?: string }> };
  code?: number;
  message?: string;
}

describe('sim PimSimulator searches, identifiers, cursors and index', () => {
  let catalog: Catalog;
  let pim: PimSimulator;
  let token: string;

  async function start(options: Partial<ConstructorParameters<typeof PimSimulator>[0]> = {}): Promise<void> {
    pim = new PimSimulator({ catalog, ...CREDS, now: () => START, latencyMs: 0, ...options });
    await pim.start();
    const res = await fetch(`${pim.url}/api/oauth/v1/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('client:secret').toString('base64')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: 'connector', password: 'pw' }),
    });
    token = ((await res.json()) as { access_token: string }).access_token;
  }

  beforeEach(() => {
    catalog = new Catalog({ now: () => START });
  });
  afterEach(() => pim.close());

  async function get<T = Page>(pathOrUrl: string): Promise<{ status: number; json: T }> {
    const res = await fetch(pathOrUrl.startsWith('http') ? pathOrUrl : `${pim.url}${pathOrUrl}`, { headers: { Authorization: `Bearer ${token}` } });
    return { status: res.status, json: (await res.json()) as T };
  }

  /** Ids listed by one search (`kind`: products-uuid or product-models), or the error status. */
  async function ids(kind: string, filter: unknown): Promise<string[] | number> {
    const { status, json } = await get(`/api/rest/v1/${kind}?limit=100&search=${encodeURIComponent(JSON.stringify(filter))}`);
    return status === 200 ? json._embedded.items.map((i) => (i.uuid ?? i.code)!) : status;
  }

  /** Two roots, a sub-model under the first, variants at both levels, and a simple product. */
  function tree(): Record<'simple' | 'underSub' | 'underRoot', SimProduct> {
    catalog.createProductModel({ code: 'Shirt' });
    catalog.createProductModel({ code: 'shirt_blue', parent: 'Shirt' });
    catalog.createProductModel({ code: 'cap' });
    return {
      underSub: catalog.createProduct({ parent: 'shirt_blue', values: { sku: [value('SHIRT-BLUE-M')] } }),
      underRoot: catalog.createProduct({ parent: 'cap', values: { sku: [value('CAP-1')] } }),
      simple: catalog.createProduct({ values: { sku: [value('MUG')] } }),
    };
  }

  it('serves GET /products/{identifier}: uuid, identifier, then the uuid representation; 404 like Akeneo', async () => {
    const { underSub } = tree();
    await start();
    const found = await get<Record<string, unknown>>('/api/rest/v1/products/SHIRT-BLUE-M');
    assert.equal(found.status, 200);
    assert.deepEqual(Object.keys(found.json).slice(0, 3), ['uuid', 'identifier', 'enabled']);
    const { identifier, ...rest } = found.json;
    assert.equal(identifier, 'SHIRT-BLUE-M');
    assert.deepEqual(rest, catalog.get(underSub.uuid));
    assert.deepEqual(await get('/api/rest/v1/products/NOPE'), {
      status: 404,
      json: { code: 404, message: 'Product "NOPE" does not exist or you do not have permission to access it.' },
    });
    assert.equal(pim.fetchCount('SHIRT-BLUE-M'), 1);
    catalog.updateProduct(underSub.uuid, { values: { sku: [value('SHIRT-BLUE-L')] } });
    assert.equal((await get('/api/rest/v1/products/SHIRT-BLUE-M')).status, 404, 'a renamed identifier is gone');
    assert.equal(catalog.getByIdentifier('SHIRT-BLUE-L')?.uuid, underSub.uuid);
  });

  it('filters products on parent: = every descendant, IN direct children, EMPTY, NOT EMPTY', async () => {
    const { simple, underSub, underRoot } = tree();
    await start();
    assert.deepEqual(await ids('products-uuid', { parent: [{ operator: '=', value: 'Shirt' }] }), [underSub.uuid], 'a variant of a sub-model of Shirt');
    assert.deepEqual(await ids('products-uuid', { parent: [{ operator: '=', value: 'shirt' }] }), [underSub.uuid], 'codes ignore case');
    assert.deepEqual(await ids('products-uuid', { parent: [{ operator: 'IN', value: ['Shirt'] }] }), [], 'IN: direct children only');
    assert.deepEqual(await ids('products-uuid', { parent: [{ operator: 'IN', value: ['shirt_blue', 'cap'] }] }), [underSub.uuid, underRoot.uuid].sort());
    assert.deepEqual(await ids('products-uuid', { parent: [{ operator: 'EMPTY' }] }), [simple.uuid]);
    assert.deepEqual(await ids('products-uuid', { parent: [{ operator: 'NOT EMPTY' }] }), [underSub.uuid, underRoot.uuid].sort());
    assert.equal(await ids('products-uuid', { parent: [{ operator: 'NOT IN', value: ['cap'] }] }), 422);
    assert.equal(await ids('products-uuid', { parent: [{ operator: 'IN', value: 'cap' }] }), 422);
  });

  it('filters product models on parent (IN: sub-models of the given roots, EMPTY, NOT EMPTY) and identifier', async () => {
    tree();
    await start();
    assert.deepEqual(await ids('product-models', { parent: [{ operator: 'IN', value: ['Shirt'] }] }), ['shirt_blue']);
    assert.deepEqual(await ids('product-models', { parent: [{ operator: 'EMPTY' }] }), ['Shirt', 'cap']);
    assert.deepEqual(await ids('product-models', { parent: [{ operator: 'NOT EMPTY' }] }), ['shirt_blue']);
    assert.equal(await ids('product-models', { parent: [{ operator: '=', value: 'Shirt' }] }), 422);
    assert.deepEqual(await ids('product-models', { identifier: [{ operator: 'IN', value: ['cap', 'SHIRT'] }] }), ['Shirt', 'cap']);
    assert.deepEqual(await ids('product-models', { identifier: [{ operator: 'NOT IN', value: ['cap'] }] }), ['Shirt', 'shirt_blue']);
  });

  it('filters products on identifier with the documented operators, ignoring case; more than 100 in IN is a 400', async () => {
    const { simple, underSub, underRoot } = tree();
    await start();
    const sorted = (...ps: SimProduct[]) => ps.map((p) => p.uuid).sort();
    assert.deepEqual(await ids('products-uuid', { identifier: [{ operator: 'IN', value: ['mug', 'CAP-1', 'nope'] }] }), sorted(simple, underRoot));
    assert.deepEqual(await ids('products-uuid', { identifier: [{ operator: 'NOT IN', value: ['MUG'] }] }), sorted(underSub, underRoot));
    assert.deepEqual(await ids('products-uuid', { identifier: [{ operator: '=', value: 'Mug' }] }), [simple.uuid]);
    assert.deepEqual(await ids('products-uuid', { identifier: [{ operator: '!=', value: 'MUG' }] }), sorted(underSub, underRoot));
    assert.deepEqual(await ids('products-uuid', { identifier: [{ operator: 'STARTS WITH', value: 'shirt' }] }), [underSub.uuid]);
    assert.deepEqual(await ids('products-uuid', { identifier: [{ operator: 'CONTAINS', value: '-' }] }), sorted(underSub, underRoot));
    assert.deepEqual(await ids('products-uuid', { identifier: [{ operator: 'DOES NOT CONTAIN', value: '-' }] }), [simple.uuid]);
    assert.deepEqual(await ids('products-uuid', { identifier: [{ operator: 'NOT EMPTY' }] }), sorted(simple, underSub, underRoot));
    assert.deepEqual(await ids('products-uuid', { identifier: [{ operator: 'IN', value: ['CAP-1'] }], parent: [{ operator: 'EMPTY' }] }), []);
    const many = Array.from({ length: 101 }, (_, i) => `SKU-${i}`);
    const tooMany = await get(`/api/rest/v1/products-uuid?search=${encodeURIComponent(JSON.stringify({ identifier: [{ operator: 'IN', value: many }] }))}`);
    assert.deepEqual(tooMany, { status: 400, json: { code: 400, message: "The identifier filter can't contain more than 100 product identifiers." } });
    assert.equal(await ids('products-uuid', { identifier: [{ operator: '>', value: 'A' }] }), 422);
    assert.equal(await ids('products-uuid', { family: [{ operator: 'IN', value: ['clothing'] }] }), 422, 'unknown filters stay 422');
  });

  it('writes opaque search_after cursors that only work verbatim; a made-up cursor is refused', async () => {
    const products = catalog.seed(5, { silent: true });
    for (const code of ['a', 'b', 'c']) catalog.createProductModel({ code });
    await start();
    const first = await get('/api/rest/v1/products-uuid?pagination_type=search_after&limit=2');
    const next = first.json._links.next!.href;
    const cursor = new URL(next).searchParams.get('search_after')!;
    const lastUuid = first.json._embedded.items[1].uuid!;
    assert.ok(!cursor.includes(lastUuid) && !cursor.includes(lastUuid.slice(0, 8)), `cursor ${cursor} hides the uuid`);
    const seen = [...first.json._embedded.items];
    for (let href: string | undefined = next; href; ) {
      const page: { json: Page } = await get(href);
      seen.push(...page.json._embedded.items);
      href = page.json._links.next?.href;
    }
    assert.deepEqual(seen.map((i) => i.uuid), products.map((p) => p.uuid).sort());
    const forged = await get(`/api/rest/v1/products-uuid?pagination_type=search_after&limit=2&search_after=${lastUuid}`);
    assert.deepEqual(forged, { status: 422, json: { code: 422, message: INVALID_CURSOR_MESSAGE } });
    const tampered = `${cursor.slice(0, -4)}AAA=`;
    assert.equal((await get(`/api/rest/v1/products-uuid?pagination_type=search_after&search_after=${encodeURIComponent(tampered)}`)).status, 422);
    const models = await get('/api/rest/v1/product-models?pagination_type=search_after&limit=1');
    assert.notEqual(new URL(models.json._links.next!.href).searchParams.get('search_after'), 'a');
    pim.invalidCursor = 'restart';
    const restarted = await get(`/api/rest/v1/products-uuid?pagination_type=search_after&limit=2&search_after=${lastUuid}`);
    assert.deepEqual(restarted.json._embedded.items, first.json._embedded.items, 'restart: the listing starts over');
  });

  it('lets the index miss hidden entities in lists and searches while GET still finds them', async () => {
    const { simple, underSub, underRoot } = tree();
    await start();
    pim.index.hide('product', underSub.uuid.toUpperCase());
    pim.index.hide('product-model', ['cap']);
    const cut = formatSearchDate(START - 1000);
    assert.deepEqual(await ids('products-uuid', {}), [simple.uuid, underRoot.uuid].sort());
    assert.deepEqual(await ids('products-uuid', { uuid: [{ operator: 'IN', value: [underSub.uuid] }] }), []);
    assert.deepEqual(await ids('products-uuid', { identifier: [{ operator: 'IN', value: ['SHIRT-BLUE-M'] }] }), []);
    assert.deepEqual(await ids('products-uuid', { parent: [{ operator: '=', value: 'Shirt' }] }), []);
    assert.deepEqual(await ids('products-uuid', { updated: [{ operator: '>', value: cut }] }), [simple.uuid, underRoot.uuid].sort());
    assert.deepEqual(await ids('product-models', {}), ['Shirt', 'shirt_blue']);
    assert.equal((await get(`/api/rest/v1/products-uuid/${underSub.uuid}`)).status, 200);
    assert.equal((await get('/api/rest/v1/products/SHIRT-BLUE-M')).status, 200);
    assert.equal((await get('/api/rest/v1/product-models/cap')).status, 200);
    pim.index.unhide('product');
    assert.equal((await ids('products-uuid', {}) as string[]).length, 3);
    assert.deepEqual(pim.index.hiddenIds('product-model'), ['cap']);
  });

  it('misses a seeded random share of entities with missRate, and none by default', async () => {
    catalog.seed(200, { silent: true });
    await start({ indexRandom: seededRandom(42) });
    const count = async () => (await get('/api/rest/v1/products-uuid?limit=100&with_count=true')).json as Page & { items_count: number };
    assert.equal((await count()).items_count, 200);
    pim.index.missRate = 0.3;
    const missing = 200 - (await count()).items_count;
    assert.ok(missing > 30 && missing < 90, `missed ${missing} of 200`);
    pim.index.missRate = 1;
    assert.equal((await count())._embedded.items.length, 0);
    assert.throws(() => (pim.index.missRate = 1.5), RangeError);
  });
});
