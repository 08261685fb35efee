import assert from 'node:assert/strict';
import { StructureCatalog } from '../../src/sim';
import { START } from './sim-pim-helpers';

describe('sim StructureCatalog', () => {
  let now = START;
  let structure: StructureCatalog;
  beforeEach(() => {
    now = START + 300;
    structure = new StructureCatalog({ now: () => now });
  });

  it('fills every field an attribute shows with its default, in Akeneo key order, and merges updates per field', () => {
    structure.put('attribute-groups', { code: 'media', labels: { en_US: 'Media' } });
    const created = structure.put('attributes', { code: 'packshot', type: 'pim_catalog_image', group: 'media', allowed_extensions: ['jpg'] });
    assert.deepEqual(Object.keys(created).slice(0, 6), ['code', 'type', 'group', 'unique', 'useable_as_grid_filter', 'allowed_extensions']);
    assert.equal(Object.keys(created).at(-1), 'group_labels');
    assert.deepEqual(created.group_labels, { en_US: 'Media' }, 'the group labels are copied in');
    assert.equal(created.localizable, false);
    assert.equal(created.metric_family, null);
    now += 2000;
    const updated = structure.put('attributes', { code: 'packshot', labels: { fr_FR: 'Photo' } });
    assert.deepEqual(updated.labels, { fr_FR: 'Photo' });
    assert.deepEqual(updated.allowed_extensions, ['jpg'], 'fields not given are kept');
    assert.equal(structure.updatedMs('attributes', 'packshot'), START + 2000, 'updated moves, in whole seconds');
    assert.equal('updated' in updated, false, 'an attribute does not show its updated');
  });

  it('derives a group’s attributes from the attributes, by sort order then code', () => {
    structure.put('attribute-groups', { code: 'marketing' });
    structure.put('attributes', { code: 'b', group: 'marketing', sort_order: 2 });
    structure.put('attributes', { code: 'a', group: 'marketing', sort_order: 2 });
    structure.put('attributes', { code: 'z', group: 'marketing', sort_order: 1 });
    assert.deepEqual(structure.get('attribute-groups', 'marketing')?.attributes, ['z', 'a', 'b']);
    structure.put('attributes', { code: 'z', group: 'other' });
    assert.deepEqual(structure.get('attribute-groups', 'marketing')?.attributes, ['a', 'b']);
  });

  it('keeps options under select attributes only, and removes them with their attribute', () => {
    structure.put('attributes', { code: 'color', type: 'pim_catalog_simpleselect' });
    structure.put('attributes', { code: 'name', type: 'pim_catalog_text' });
    structure.put('attribute-options', { code: 'red', attribute: 'color', labels: { en_US: 'Red' } });
    assert.deepEqual(structure.get('attribute-options', 'red', 'color'), { code: 'red', attribute: 'color', sort_order: 0, labels: { en_US: 'Red' } });
    assert.throws(() => structure.put('attribute-options', { code: 'x', attribute: 'name' }), /has no options/);
    assert.throws(() => structure.put('attribute-options', { code: 'x', attribute: 'nope' }), /attributes nope is not in/);
    structure.remove('attributes', 'color');
    assert.equal(structure.get('attribute-options', 'red', 'color'), undefined);
    assert.deepEqual(
      structure.changes().map((c) => `${c.kind}:${c.action}:${c.code}`),
      ['attributes:created:color', 'attributes:created:name', 'attribute-options:created:red', 'attributes:removed:color', 'attribute-options:removed:red'],
    );
  });

  it('keeps family variant codes unique across families and hides their family', () => {
    structure.put('families', { code: 'shoes', attributes: ['sku', 'size'] });
    structure.put('families', { code: 'hats' });
    const variant = structure.put('family-variants', { code: 'shoes_by_size', family: 'shoes', variant_attribute_sets: [{ level: 1, axes: ['size'], attributes: ['sku'] }] });
    assert.deepEqual(Object.keys(variant), ['code', 'labels', 'variant_attribute_sets']);
    assert.throws(() => structure.put('family-variants', { code: 'shoes_by_size', family: 'hats' }), /belongs to family shoes/);
    assert.equal(structure.familyOfVariant('shoes_by_size'), 'shoes');
    structure.remove('families', 'shoes');
    assert.equal(structure.familyOfVariant('shoes_by_size'), undefined);
  });

  it('orders categories by tree then depth first, with positions, and removes a subtree', () => {
    structure.put('categories', { code: 'master' });
    structure.put('categories', { code: 'b', parent: 'master' });
    structure.put('categories', { code: 'a', parent: 'master' });
    structure.put('categories', { code: 'b1', parent: 'b' });
    structure.put('categories', { code: 'other_tree' });
    assert.deepEqual(structure.codes('categories'), ['master', 'b', 'b1', 'a', 'other_tree']);
    assert.equal(structure.get('categories', 'a', undefined, { withPosition: true })?.position, 2);
    assert.equal(structure.get('categories', 'a')?.updated, '2024-05-02T08:15:00+00:00');
    assert.throws(() => structure.put('categories', { code: 'b', parent: 'b1' }), /no cycles/);
    structure.put('categories', { code: 'b', parent: 'a' });
    assert.deepEqual(structure.codes('categories'), ['master', 'a', 'b', 'b1', 'other_tree'], 'a moved category is its new parent’s last child');
    structure.remove('categories', 'a');
    assert.deepEqual(structure.codes('categories'), ['master', 'other_tree']);
    assert.equal(structure.get('categories', 'b1'), undefined);
  });

  it('logs nothing for silent changes and seeds silently by default', () => {
    structure.put('locales', { code: 'en_US', enabled: true }, { silent: true });
    structure.seed();
    assert.equal(structure.lastSeq, 0);
    assert.ok(structure.get('families', 'clothing'), 'the family the simulated products use');
    assert.ok(structure.get('family-variants', 'clothing_by_size', 'clothing'), 'the family variant the simulated product models use');
    assert.ok(structure.get('categories', 'master'));
    assert.deepEqual([...structure.mediaAttributeCodes()].sort(), ['image_0006', 'manual', 'picture', 'file_0007'].sort());
  });

  it('seeds 500 attributes, 50,000 options and 2,000 categories in well under two seconds', () => {
    const started = performance.now();
    const seed = structure.seed({ attributes: 500, options: 50_000, categories: 2000, families: 50 });
    const ms = performance.now() - started;
    assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
    assert.equal(seed.attributes.length, 500);
    assert.equal(seed.options, 50_000 + 14, 'plus the baseline sizes and colors');
    assert.equal(structure.codes('categories').length, 2000);
    assert.equal(seed.families.length, 50);
    const counts = seed.selectAttributes.slice(2).map((a) => structure.codes('attribute-options', a).length);
    assert.equal(counts.reduce((a, b) => a + b, 0), 50_000);
    assert.ok(counts.every((n) => n === 510 || n === 511), 'spread evenly over the 98 extra selects');
  });

  it('puts tens of thousands of options on one attribute with brandOptions', () => {
    const seed = structure.seed({ attributes: 10, brandOptions: 20_000 });
    assert.ok(seed.selectAttributes.includes('brand'));
    assert.equal(structure.codes('attribute-options', 'brand').length, 20_000);
  });
});
