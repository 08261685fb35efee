import assert from 'node:assert/strict';
import type { EventPlatformEvent } from '../../src/sim';
import { platform, receiver, type Platform, type Receiver } from './sim-event-platform-helpers';

const T = 'com.akeneo.pim.v1.';
const STRUCTURE_EVENTS = ['category', 'attribute', 'attribute-option', 'attribute-group', 'family'].flatMap((e) =>
  ['created', 'updated', 'deleted'].map((a) => `${T}${e}.${a}`),
);

describe('sim Event Platform structure events', () => {
  let p: Platform;
  let hook: Receiver;
  beforeEach(async () => {
    hook = await receiver();
    p = await platform();
  });
  afterEach(async () => {
    await p.close();
    await hook.close();
  });
  const events = (): EventPlatformEvent[] => hook.got.map((r) => JSON.parse(r.body) as EventPlatformEvent);

  it('sends the documented data of category, attribute, option, attribute group and family events', async () => {
    const { subscriptionId } = await p.subscribe(hook.url, { events: STRUCTURE_EVENTS });
    const s = p.pim.structure;
    s.put('attribute-groups', { code: 'marketing' });
    s.put('attributes', { code: 'color', type: 'pim_catalog_simpleselect', group: 'marketing' });
    s.put('attribute-options', { code: 'red', attribute: 'color' });
    s.put('families', { code: 'shirts', attributes: ['color'] });
    s.put('categories', { code: 'master' });
    s.put('categories', { code: 'master', labels: { en_US: 'Master' } });
    s.remove('attributes', 'color');
    s.put('channels', { code: 'ecommerce' });
    s.put('families', { code: 'shirts' }, { silent: true });
    await p.ep.deliver();
    const got = events();
    const author = got[0].data.author;
    const key = (x: unknown) => JSON.stringify(x);
    assert.deepEqual(
      got.map((e) => [e.type, e.data]).sort((a, b) => key(a).localeCompare(key(b))),
      [
        [`${T}attribute-group.created`, { attribute_group: { code: 'marketing' }, author }],
        [`${T}attribute.created`, { attribute: { code: 'color' }, author }],
        [`${T}attribute-option.created`, { attribute_option: { code: 'red', attribute: { code: 'color' } }, author }],
        [`${T}family.created`, { family: { code: 'shirts' }, author }],
        [`${T}category.created`, { category: { code: 'master' }, author }],
        [`${T}category.updated`, { category: { code: 'master' }, author }],
        [`${T}attribute.deleted`, { attribute: { code: 'color' }, author }],
        [`${T}attribute-option.deleted`, { attribute_option: { code: 'red', attribute: { code: 'color' } }, author }],
      ].sort((a, b) => key(a).localeCompare(key(b))),
      'channels have no events, silent changes give none (delivery order is not guaranteed)',
    );
    assert.deepEqual(author, { identifier: 'b238e9f7-fcec-45bd-9431-d43cd624b244', type: 'user' });
    const first = got.find((e) => e.type === `${T}attribute-group.created`)!;
    assert.equal(first.subject, subscriptionId);
    assert.equal(first.dataschema, `https://event.prd.sdk.akeneo.cloud/spec/${T}attribute-group.created.schema.json`);
    assert.match(first.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('sends structure events only to subscriptions that list their types, and none for history', async () => {
    p.pim.structure.put('categories', { code: 'before_the_platform' });
    await p.subscribe(hook.url);
    p.pim.structure.put('categories', { code: 'master' });
    p.catalog.createProduct();
    await p.ep.deliver();
    assert.deepEqual(events().map((e) => e.type), [`${T}product.created`], 'a product-only subscription gets no category event');
    const other = await receiver();
    try {
      await p.subscribe(other.url, { events: [`${T}category.created`] });
      p.pim.structure.put('categories', { code: 'sale', parent: 'master' });
      p.pim.structure.put('attributes', { code: 'name' });
      await p.ep.deliver();
      assert.deepEqual(other.got.map((r) => (JSON.parse(r.body) as EventPlatformEvent).data), [{ category: { code: 'sale' }, author: events()[0].data.author }]);
    } finally {
      await other.close();
    }
  });

  it('applies user filters to structure events', async () => {
    await p.subscribe(hook.url, { events: STRUCTURE_EVENTS, filter: 'user_type="api"' });
    p.pim.structure.put('families', { code: 'shirts' });
    await p.ep.deliver();
    assert.equal(hook.got.length, 0, 'the default author is a user, not an api');
    assert.equal(p.ep.counters.filteredOut, 1);
  });
});
