/**
 * New and changed structure items: Akeneo's defaults for fields a caller leaves out, in Akeneo's key order.
 * Defaults follow the `default:` of each definition in akeneo/pim-api-docs content/swagger/resources/<kind>/
 * definitions/*.yaml; the attribute's keys follow the standard normalizer (akeneo/pim-community-dev
 * src/Akeneo/Pim/Structure/Component/Normalizer/Standard/AttributeNormalizer.php), then its extra properties.
 */
import { cloneEntity } from '../catalog-values';
import type { SimAttribute, SimCategory, StructureInput, StructureItems, StructureKind } from './types';

/** A category as stored: every optional field present; reads project it. */
export type StoredCategory = Required<Omit<SimCategory, 'position'>>;

/** What the store keeps per kind (the API shape, but for categories and family variants' family). */
export type StoredItem<K extends StructureKind> = K extends 'categories' ? StoredCategory : StructureItems[K];

type Defaults = { [K in StructureKind]: (code: string, input: StructureInput<K>) => StoredItem<K> };

const DEFAULTS: Defaults = {
  channels: (code) => ({ code, currencies: [], locales: [], category_tree: 'master', conversion_units: {}, labels: {} }),
  locales: (code) => ({ code, enabled: false }),
  currencies: (code) => ({ code, enabled: false, label: code }),
  'measurement-families': (code) => ({ code, labels: {}, standard_unit_code: '', units: {} }),
  'attribute-groups': (code) => ({ code, sort_order: 0, attributes: [], labels: {} }),
  attributes: (code, input) => attributeDefaults(code, input.type ?? 'pim_catalog_text'),
  'attribute-options': (code, input) => ({ code, attribute: input.attribute, sort_order: 0, labels: {} }),
  families: (code, input) => ({
    code,
    attributes: [],
    attribute_as_label: input.attributes?.[0] ?? 'sku',
    attribute_as_image: null,
    attribute_requirements: {},
    labels: {},
  }),
  'family-variants': (code) => ({ code, labels: {}, variant_attribute_sets: [] }),
  categories: (code) => ({ code, parent: null, updated: '', labels: {}, values: {}, channel_requirements: [] }),
  'association-types': (code) => ({ code, labels: {}, is_quantified: false, is_two_way: false }),
};

/**
 * The item `input` makes: over `current` when there is one (a partial update: the given top-level fields
 * replace the stored ones, as Akeneo's PATCH does for structure), else over the defaults. Keys keep Akeneo's
 * order; `code` and the parent fields cannot change. Returns a fresh object.
 */
export function buildItem<K extends StructureKind>(kind: K, input: StructureInput<K>, current?: StoredItem<K>): StoredItem<K> {
  const fresh = DEFAULTS[kind] as (code: string, input: StructureInput<K>) => StoredItem<K>;
  const out = (current ? cloneEntity(current) : fresh(input.code, input)) as Record<string, unknown>;
  for (const [key, v] of Object.entries(input)) {
    if (v === undefined || key === 'code' || key === 'family' || (key === 'attribute' && kind === 'attribute-options')) continue;
    if (key === 'updated' || key === 'position' || key === 'group_labels') continue;
    out[key] = cloneEntity(v);
  }
  return out as StoredItem<K>;
}

/** An attribute of `type` with every field Akeneo shows, at its default. */
function attributeDefaults(code: string, type: SimAttribute['type']): SimAttribute {
  const numeric = type === 'pim_catalog_number' || type === 'pim_catalog_metric' || type === 'pim_catalog_price_collection';
  return {
    code,
    type,
    group: 'other',
    unique: type === 'pim_catalog_identifier',
    useable_as_grid_filter: type === 'pim_catalog_identifier',
    allowed_extensions: [],
    metric_family: null,
    default_metric_unit: null,
    reference_data_name: null,
    available_locales: [],
    max_characters: null,
    validation_rule: null,
    validation_regexp: null,
    wysiwyg_enabled: type === 'pim_catalog_textarea' ? false : null,
    number_min: null,
    number_max: null,
    decimals_allowed: numeric ? false : null,
    negative_allowed: numeric && type !== 'pim_catalog_price_collection' ? false : null,
    date_min: null,
    date_max: null,
    max_file_size: null,
    minimum_input_length: null,
    sort_order: 0,
    localizable: false,
    scopable: false,
    labels: {},
    auto_option_sorting: type === 'pim_catalog_simpleselect' || type === 'pim_catalog_multiselect' ? false : null,
    default_value: null,
    is_main_identifier: type === 'pim_catalog_identifier',
    is_mandatory: false,
    decimal_places_strategy: null,
    decimal_places: null,
    group_labels: null,
  };
}
