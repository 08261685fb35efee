/** The baseline structure every seeded catalogue has: what the simulated products and product models refer to. */
import type { StructureCatalog, StructureChangeOptions } from './catalogue';
import type { StructureSeed } from './seed';
import type { StructureInput } from './types';

/** Locales the seeded channels use, enabled. */
export const ENABLED_LOCALES: readonly string[] = ['en_US', 'fr_FR', 'de_DE'];
const DISABLED_LOCALES = ['es_ES', 'it_IT'];

/** Labels in the enabled locales. */
export function labels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const locale of ENABLED_LOCALES) out[locale] = `${text} (${locale.slice(0, 2)})`;
  return out;
}

const SIZES = ['xs', 's', 'm', 'l', 'xl', 'xxl'];
const COLORS = ['black', 'white', 'red', 'blue', 'green', 'yellow', 'grey', 'navy'];

/** Puts the baseline and returns the seed record it starts. */
export function seedBaseline(s: StructureCatalog, change: StructureChangeOptions): StructureSeed {
  for (const code of ENABLED_LOCALES) s.put('locales', { code, enabled: true }, change);
  for (const code of DISABLED_LOCALES) s.put('locales', { code, enabled: false }, change);
  s.put('currencies', { code: 'EUR', enabled: true, label: 'Euro' }, change);
  s.put('currencies', { code: 'USD', enabled: true, label: 'US dollar' }, change);
  s.put('currencies', { code: 'GBP', enabled: false, label: 'British pound' }, change);
  s.put('measurement-families', unitFamily('Weight', 'GRAM', { GRAM: ['1', 'g'], KILOGRAM: ['1000', 'kg'] }), change);
  s.put('measurement-families', unitFamily('Length', 'METER', { CENTIMETER: ['0.01', 'cm'], METER: ['1', 'm'] }), change);
  s.put('categories', { code: 'master', parent: null, labels: labels('Master catalog') }, change);
  for (const code of ['ecommerce', 'mobile']) {
    const units: Record<string, string> = code === 'ecommerce' ? { weight: 'KILOGRAM' } : {};
    s.put('channels', { code, locales: [...ENABLED_LOCALES], currencies: ['EUR', 'USD'], category_tree: 'master', conversion_units: units, labels: labels(code) }, change);
  }
  ['general', 'marketing', 'technical', 'media'].forEach((code, i) => s.put('attribute-groups', { code, sort_order: i + 1, labels: labels(code) }, change));
  s.put('attribute-groups', { code: 'other', sort_order: 100, labels: labels('Other') }, change);
  const put = (code: string, input: StructureInput<'attributes'>) => s.put('attributes', { ...input, labels: labels(code) }, change);
  put('sku', { code: 'sku', type: 'pim_catalog_identifier', group: 'general', sort_order: 1 });
  put('name', { code: 'name', type: 'pim_catalog_text', group: 'marketing', localizable: true, sort_order: 1 });
  put('description', { code: 'description', type: 'pim_catalog_textarea', group: 'marketing', localizable: true, scopable: true, sort_order: 2 });
  put('size', { code: 'size', type: 'pim_catalog_simpleselect', group: 'marketing', sort_order: 3 });
  put('color', { code: 'color', type: 'pim_catalog_simpleselect', group: 'marketing', sort_order: 4 });
  put('weight', { code: 'weight', type: 'pim_catalog_metric', group: 'technical', metric_family: 'Weight', default_metric_unit: 'KILOGRAM', decimals_allowed: true });
  put('price', { code: 'price', type: 'pim_catalog_price_collection', group: 'marketing', decimals_allowed: true, sort_order: 5 });
  put('enabled_in_shop', { code: 'enabled_in_shop', type: 'pim_catalog_boolean', group: 'technical', default_value: false });
  put('picture', { code: 'picture', type: 'pim_catalog_image', group: 'media', allowed_extensions: ['jpg', 'png'], max_file_size: '100' });
  put('manual', { code: 'manual', type: 'pim_catalog_file', group: 'media', allowed_extensions: ['pdf'] });
  SIZES.forEach((code, i) => s.put('attribute-options', { code, attribute: 'size', sort_order: i + 1, labels: labels(code.toUpperCase()) }, change));
  COLORS.forEach((code, i) => s.put('attribute-options', { code, attribute: 'color', sort_order: i + 1, labels: labels(code) }, change));
  const attributes = ['sku', 'name', 'description', 'size', 'color', 'weight', 'price', 'enabled_in_shop', 'picture', 'manual'];
  const requirements = { ecommerce: ['sku', 'name', 'picture'], mobile: ['sku', 'name'] };
  s.put('families', { code: 'clothing', attributes, attribute_as_label: 'name', attribute_as_image: 'picture', attribute_requirements: requirements, labels: labels('Clothing') }, change);
  s.put('family-variants', { code: 'clothing_by_size', family: 'clothing', labels: labels('By size'), variant_attribute_sets: [{ level: 1, axes: ['size'], attributes: ['sku', 'size'] }] }, change);
  const twoLevels = [
    { level: 1, axes: ['color'], attributes: ['color', 'picture'] },
    { level: 2, axes: ['size'], attributes: ['sku', 'size'] },
  ];
  s.put('family-variants', { code: 'clothing_by_color_size', family: 'clothing', labels: labels('By color and size'), variant_attribute_sets: twoLevels }, change);
  for (const [code, quantified] of [['PACK', true], ['SUBSTITUTION', false], ['UPSELL', false], ['X_SELL', false]] as const) {
    s.put('association-types', { code, labels: labels(code), is_quantified: quantified, is_two_way: false }, change);
  }
  return {
    attributes: [...attributes],
    selectAttributes: ['size', 'color'],
    imageAttributes: ['picture'],
    fileAttributes: ['manual'],
    options: SIZES.length + COLORS.length,
    families: ['clothing'],
    familyVariants: [
      { family: 'clothing', code: 'clothing_by_size' },
      { family: 'clothing', code: 'clothing_by_color_size' },
    ],
    categories: ['master'],
    channels: ['ecommerce', 'mobile'],
    locales: [...ENABLED_LOCALES, ...DISABLED_LOCALES],
  };
}

function unitFamily(code: string, standard: string, units: Record<string, [string, string]>) {
  return {
    code,
    labels: labels(code),
    standard_unit_code: standard,
    units: Object.fromEntries(
      Object.entries(units).map(([unit, [factor, symbol]]) => [
        unit,
        { code: unit, labels: labels(unit.toLowerCase()), convert_from_standard: [{ operator: 'mul' as const, value: factor }], symbol },
      ]),
    ),
  };
}
