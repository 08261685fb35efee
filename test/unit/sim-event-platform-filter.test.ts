import assert from 'node:assert/strict';
import { filterMatches, FilterSyntaxError, parseFilter, type FilterSubject } from '../../src/sim';

const delta = (values: Array<[string, string | null, string | null]>, userType = 'user'): FilterSubject => ({
  user: 'u-1',
  userType,
  changedValues: values.map(([attribute, locale, scope]) => ({ attribute, locale, scope })),
});
const matches = (filter: string, ev: FilterSubject): boolean => filterMatches(parseFilter(filter).node, ev);

describe('sim Event Platform filters', () => {
  it('parses every example of available-filters.html and counts its operators', () => {
    const examples: Array<[string, number]> = [
      ['user="john-uuid" and attribute="price"', 1],
      ['attribute="description" or attribute="title"', 1],
      ['attribute in ["description", "title"]', 1],
      ['not user="system"', 1],
      ['not (attribute in ["price", "internal_notes"])', 2],
      ['(attribute="name" and locale="fr_FR") and not user="system"', 3],
    ];
    for (const [text, operators] of examples) assert.equal(parseFilter(text).operators, operators, text);
  });

  it('refuses unquoted values, unknown fields and dangling operators', () => {
    for (const text of ['user=system', 'colour="red"', 'user="a" and', '(user="a"', 'attribute in "a"']) {
      assert.throws(() => parseFilter(text), FilterSyntaxError, text);
    }
  });

  it('matches authors on every event, and attributes, locales and scopes on delta events only', () => {
    assert.equal(matches('user_type="user"', { user: 'u-1', userType: 'user' }), true);
    assert.equal(matches('attribute="name"', { user: 'u-1', userType: 'user' }), false, 'no attribute on a non-delta event');
    assert.equal(matches('attribute="name" and not user_type="api"', delta([['name', 'en_US', null]])), true);
    assert.equal(matches('user="u-2" or attribute in ["price"]', delta([['name', null, null]])), false);
  });

  it('lets scope, channel and locale also match non-scopable and non-localizable values, as documented', () => {
    assert.equal(matches('locale in ["fr_FR"]', delta([['sku', null, null]])), true);
    assert.equal(matches('locale="fr_FR"', delta([['name', 'en_US', null]])), false);
    assert.equal(matches('channel="print"', delta([['name', 'en_US', 'ecommerce']])), false);
    assert.equal(matches('scope="ecommerce"', delta([['name', 'en_US', 'ecommerce']])), true);
  });
});
