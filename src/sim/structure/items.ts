/**
 * Structure items field for field (and in key order) as Akeneo's REST API shows them. Sources per kind:
 * akeneo/pim-api-docs content/swagger/resources/<kind>/definitions/*.yaml, and the `external_api` normalizers of
 * akeneo/pim-community-dev src/Akeneo/Pim/Structure/Component/Normalizer/.
 */

/** Labels by locale code; Akeneo sends `{}` when there are none. */
export type Labels = Record<string, string>;

/** A channel (`GET /api/rest/v1/channels/{code}`). */
export interface SimChannel {
  code: string;
  currencies: string[];
  locales: string[];
  category_tree: string;
  conversion_units: Record<string, string>;
  labels: Labels;
}

/** A locale. */
export interface SimLocale {
  code: string;
  enabled: boolean;
}

/** A currency (SaaS adds `label`). */
export interface SimCurrency {
  code: string;
  enabled: boolean;
  label: string;
}

/** One unit of a measurement family. */
export interface SimMeasurementUnit {
  code: string;
  labels: Labels;
  convert_from_standard: Array<{ operator: 'mul' | 'div' | 'add' | 'sub'; value: string }>;
  symbol: string;
}

/** A measurement family; `units` are indexed by unit code, as `normalizeWithIndexedUnits` does. */
export interface SimMeasurementFamily {
  code: string;
  labels: Labels;
  standard_unit_code: string;
  units: Record<string, SimMeasurementUnit>;
}

/** An attribute group. */
export interface SimAttributeGroup {
  code: string;
  sort_order: number;
  attributes: string[];
  labels: Labels;
}

/** Attribute types the simulator knows, from the attribute definition's enum. */
export type AttributeType =
  | 'pim_catalog_identifier'
  | 'pim_catalog_metric'
  | 'pim_catalog_number'
  | 'pim_catalog_reference_data_multi_select'
  | 'pim_catalog_reference_data_simple_select'
  | 'pim_catalog_simpleselect'
  | 'pim_catalog_multiselect'
  | 'pim_catalog_date'
  | 'pim_catalog_textarea'
  | 'pim_catalog_text'
  | 'pim_catalog_file'
  | 'pim_catalog_image'
  | 'pim_catalog_price_collection'
  | 'pim_catalog_boolean'
  | 'akeneo_reference_entity'
  | 'akeneo_reference_entity_collection'
  | 'pim_catalog_asset_collection'
  | 'pim_catalog_product_link'
  | 'pim_catalog_table';

/** An attribute, as the `external_api` normalizer shows it (its `updated` is filterable but not shown). */
export interface SimAttribute {
  code: string;
  type: AttributeType;
  group: string;
  unique: boolean;
  useable_as_grid_filter: boolean;
  allowed_extensions: string[];
  metric_family: string | null;
  default_metric_unit: string | null;
  reference_data_name: string | null;
  available_locales: string[];
  max_characters: number | null;
  validation_rule: string | null;
  validation_regexp: string | null;
  wysiwyg_enabled: boolean | null;
  number_min: string | null;
  number_max: string | null;
  decimals_allowed: boolean | null;
  negative_allowed: boolean | null;
  date_min: string | null;
  date_max: string | null;
  max_file_size: string | null;
  minimum_input_length: number | null;
  sort_order: number;
  localizable: boolean;
  scopable: boolean;
  labels: Labels;
  auto_option_sorting: boolean | null;
  default_value: boolean | null;
  is_main_identifier: boolean;
  is_mandatory: boolean;
  decimal_places_strategy: string | null;
  decimal_places: number | null;
  /** Read-only: the labels of `group`, copied at read time. */
  group_labels: Labels | null;
}

/** An attribute option. */
export interface SimAttributeOption {
  code: string;
  attribute: string;
  sort_order: number;
  labels: Labels;
}

/** A family (its `updated` is filterable but not shown). */
export interface SimFamily {
  code: string;
  attributes: string[];
  attribute_as_label: string;
  attribute_as_image: string | null;
  attribute_requirements: Record<string, string[]>;
  labels: Labels;
}

/** One enrichment level of a family variant. */
export interface SimVariantAttributeSet {
  level: number;
  axes: string[];
  attributes: string[];
}

/** A family variant, as the API shows it: without its family (the `external_api` normalizer drops it). */
export interface SimFamilyVariant {
  code: string;
  labels: Labels;
  variant_attribute_sets: SimVariantAttributeSet[];
}

/** A category; `position` only with `with_position=true`, `values` and `channel_requirements` only with `with_enriched_attributes=true`. */
export interface SimCategory {
  code: string;
  parent: string | null;
  updated: string;
  position?: number;
  labels: Labels;
  values?: Record<string, unknown>;
  channel_requirements?: string[];
}

/** An association type. */
export interface SimAssociationType {
  code: string;
  labels: Labels;
  is_quantified: boolean;
  is_two_way: boolean;
}

/** The item type of each kind, as the API shows it. */
export interface StructureItems {
  channels: SimChannel;
  locales: SimLocale;
  currencies: SimCurrency;
  'measurement-families': SimMeasurementFamily;
  'attribute-groups': SimAttributeGroup;
  attributes: SimAttribute;
  'attribute-options': SimAttributeOption;
  families: SimFamily;
  'family-variants': SimFamilyVariant;
  categories: SimCategory;
  'association-types': SimAssociationType;
}
