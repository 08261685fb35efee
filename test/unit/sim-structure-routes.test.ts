import assert from 'node:assert/strict';
import { STRUCTURE_KINDS } from '../../src/sim';
import { search, startPim, START, type OffsetPage, type TestPim } from './sim-pim-helpers';

describe('sim PIM structure routes', () => {
  let t: TestPim;
  beforeEach(async () => {
    t = await startPim();
    t.pim.structure.seed({ attributes: 30, categories: 25 });
  });
  afterEach(() => t.pim.close());

  it('pages attributes by code with Akeneo’s links: defaults in self, next only on a full page, previous from page 2', async () => {
    const codes = [...t.pim.structure.codes('attributes')];
    const first = await t.get<OffsetPage<{ code: string }>>('/api/rest/v1/attributes');
    assert.equal(first.json._links.self.href, `${t.url}/api/rest/v1/attributes?page=1&limit=10&with_count=false`);
    assert.equal(first.json._links.next?.href, `${t.url}/api/rest/v1/attributes?page=2&limit=10&with_count=false`);
    assert.equal(first.json._links.previous, undefined);
    assert.equal(first.json.current_page, 1);
    assert.deepEqual(first.json._embedded.items.map((i) => i.code), codes.slice(0, 10));
    assert.deepEqual(Object.keys(first.json._embedded.items[0]).slice(0, 2), ['_links', 'code']);
    assert.equal(first.json._embedded.items[0]._links.self.href, `${t.url}/api/rest/v1/attributes/${codes[0]}`);
    const last = await t.get<OffsetPage<{ code: string }>>('/api/rest/v1/attributes?limit=25&page=2&with_count=true');
    assert.equal(last.json._links.self.href, `${t.url}/api/rest/v1/attributes?page=2&limit=25&with_count=true`);
    assert.equal(last.json._links.previous?.href, `${t.url}/api/rest/v1/attributes?page=1&limit=25&with_count=true`);
    assert.equal(last.json._links.next, undefined);
    assert.equal(last.json.items_count, 30);
    assert.deepEqual(last.json._embedded.items.map((i) => i.code), codes.slice(25));
    const beyond = await t.get<OffsetPage>('/api/rest/v1/attributes?limit=100&page=9');
    assert.deepEqual(beyond.json._embedded.items, []);
  });

  it('answers 422 to bad pagination parameters, as Akeneo words them', async () => {
    const cases: Array<[string, string]> = [
      ['limit=101', 'You cannot request more than 100 items.'],
      ['limit=0', '"0" is not a valid limit number.'],
      ['page=abc', '"abc" is not a valid page number.'],
      ['with_count=yes', 'Parameter "with_count" has to be a boolean. Only "true" or "false" allowed, "yes" given.'],
      ['pagination_type=search_after', 'Pagination type is not supported.'],
      ['pagination_type=cursor', 'Pagination type does not exist.'],
    ];
    for (const [query, message] of cases) {
      const answer = await t.get(`/api/rest/v1/families?${query}`);
      assert.deepEqual({ status: answer.status, json: answer.json }, { status: 422, json: { code: 422, message } }, query);
    }
    assert.equal((await t.get('/api/rest/v1/attributes/color/options?limit=101')).status, 422);
  });

  it('answers 404 with Akeneo’s messages', async () => {
    const cases: Array<[string, string]> = [
      ['/api/rest/v1/attributes/nope', 'Attribute "nope" does not exist.'],
      ['/api/rest/v1/channels/nope', 'Channel "nope" does not exist.'],
      ['/api/rest/v1/categories/nope', 'Category "nope" does not exist.'],
      ['/api/rest/v1/attributes/nope/options', 'Attribute "nope" does not exist.'],
      [
        '/api/rest/v1/attributes/name/options',
        'Attribute "name" does not support options. Only attributes of type "pim_catalog_simpleselect", "pim_catalog_multiselect" support options.',
      ],
      ['/api/rest/v1/attributes/color/options/nope', 'Attribute option "nope" does not exist or is not an option of the attribute "color".'],
      ['/api/rest/v1/families/nope/variants', 'Family "nope" does not exist.'],
      ['/api/rest/v1/families/family_0001/variants/clothing_by_size', 'Family variant "clothing_by_size" does not exist or is not a variant of the family "family_0001".'],
      ['/api/rest/v1/measurement-families/Weight', 'No route found for "GET /api/rest/v1/measurement-families/Weight"'],
    ];
    for (const [path, message] of cases) assert.deepEqual((await t.get(path)).json, { code: 404, message }, path);
  });

  it('serves every kind, one item as the catalogue shows it and the list with the same items', async () => {
    const s = t.pim.structure;
    const nested: Record<string, [string, string]> = { 'attribute-options': ['attributes/color/options', 'color'], 'family-variants': ['families/clothing/variants', 'clothing'] };
    for (const kind of STRUCTURE_KINDS.filter((k) => k !== 'measurement-families')) {
      const [path, parent] = nested[kind] ?? [kind, undefined];
      const code = s.codes(kind, parent)[0];
      const one = await t.get(`/api/rest/v1/${path}/${code}`);
      assert.deepEqual(one.json, s.get(kind, code, parent), kind);
      const page = await t.get<OffsetPage>(`/api/rest/v1/${path}?limit=100`);
      assert.equal(page.json._embedded.items.length, s.codes(kind, parent).length, kind);
    }
    const families = await t.get<unknown[]>('/api/rest/v1/measurement-families');
    assert.deepEqual(families.json, [s.get('measurement-families', 'Length'), s.get('measurement-families', 'Weight')], 'a plain array, unpaginated');
  });

  it('shows category positions and enriched fields only when asked, in root/left order', async () => {
    const plain = await t.get<OffsetPage<{ code: string; position?: number; values?: unknown }>>('/api/rest/v1/categories?limit=3');
    assert.deepEqual(plain.json._embedded.items.map((c) => c.code), ['master', 'category_0001', 'category_0011']);
    assert.equal(plain.json._embedded.items[1].position, undefined);
    const rich = await t.get<{ position: number; values: unknown; channel_requirements: unknown }>('/api/rest/v1/categories/category_0002?with_position=true&with_enriched_attributes=true');
    assert.equal(rich.json.position, 2);
    assert.deepEqual(rich.json.values, {});
    assert.deepEqual(rich.json.channel_requirements, []);
  });

  it('filters on updated > strictly, in whole seconds, as ISO 8601', async () => {
    t.clock.now = START + 60_000;
    t.pim.structure.put('attributes', { code: 'name', labels: { en_US: 'Title' } });
    t.pim.structure.put('families', { code: 'clothing', labels: { en_US: 'Clothes' } });
    const after = (at: string) => t.get<OffsetPage<{ code: string }>>(`/api/rest/v1/attributes?search=${search({ updated: [{ operator: '>', value: at }] })}`);
    assert.deepEqual((await after('2024-05-02T08:15:59Z')).json._embedded.items.map((a) => a.code), ['name']);
    assert.deepEqual((await after('2024-05-02T08:16:00+00:00')).json._embedded.items, [], 'strictly after: same second excluded');
    const families = await t.get<OffsetPage<{ code: string }>>(`/api/rest/v1/families?search=${search({ updated: [{ operator: '>', value: '2024-05-02T08:15:30Z' }] })}`);
    assert.deepEqual(families.json._embedded.items.map((f) => f.code), ['clothing']);
    const bad = await after('2024-05-02 08:15:59');
    assert.deepEqual(bad.json, { code: 400, message: 'This value is not a valid datetime.' });
  });

  it('filters on code, type, parent, is_root and enabled, and answers 400 to unknown filters', async () => {
    const get = async (path: string, filters: unknown) => (await t.get<OffsetPage<{ code: string }>>(`${path}?limit=100&search=${search(filters)}`)).json;
    assert.deepEqual((await get('/api/rest/v1/attributes', { code: [{ operator: 'IN', value: ['sku', 'picture', 'nope'] }] }))._embedded.items.map((a) => a.code), ['picture', 'sku']);
    const media = await get('/api/rest/v1/attributes', { type: [{ operator: 'IN', value: ['pim_catalog_image', 'pim_catalog_file'] }] });
    assert.deepEqual(media._embedded.items.map((a) => a.code).sort(), [...t.pim.structure.mediaAttributeCodes()].sort());
    assert.equal((await get('/api/rest/v1/categories', { parent: [{ operator: '=', value: 'master' }] }))._embedded.items.length, 10);
    assert.deepEqual((await get('/api/rest/v1/categories', { is_root: [{ operator: '=', value: true }] }))._embedded.items.map((c) => c.code), ['master']);
    assert.deepEqual((await get('/api/rest/v1/locales', { enabled: [{ operator: '=', value: true }] }))._embedded.items.map((l) => l.code), ['de_DE', 'en_US', 'fr_FR']);
    assert.deepEqual(await get('/api/rest/v1/families', { has_products: [{ operator: '=', value: true }] }), {
      code: 400,
      message: 'Available search filters are "code, updated" and you tried to search on unavailable filter "has_products"',
    });
    assert.deepEqual(await get('/api/rest/v1/attributes', { code: [{ operator: '=', value: 'sku' }] }), {
      code: 400,
      message: 'In order to search on attribute codes you must use "IN" operator, "=" given.',
    });
    assert.deepEqual((await t.get('/api/rest/v1/attributes?search={bad')).json, { code: 400, message: 'The search query parameter must be a valid JSON.' });
  });

  it('shares the PIM’s request budget: structure calls count against the per-second cap', async () => {
    t.pim.maxRequestsPerSecond = 2;
    const statuses = [];
    for (const path of ['/api/rest/v1/channels', '/api/rest/v1/locales', '/api/rest/v1/currencies']) statuses.push((await t.get(path)).status);
    assert.deepEqual(statuses, [200, 200, 429]);
    assert.equal(t.pim.rateLimitedCount, 1);
  });
});
