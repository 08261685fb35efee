/**
 * A realistic, deterministic catalogue structure: the baseline the simulated product catalog refers to (family
 * `clothing`, its variants `clothing_by_size` and `clothing_by_color_size`, category tree `master`, attributes
 * `sku`, `name`, `size`, `color`, image `picture`, file `manual`, ...) plus as many extra attributes, options,
 * categories and families as asked. 50,000 options build in a fraction of a second.
 */
import { pad } from '../catalog-values';
import type { StructureCatalog, StructureChangeOptions } from './catalogue';
import { labels, seedBaseline } from './seed-baseline';
import type { AttributeType } from './types';

/** Options of {@link seedStructure}; every count includes the baseline's items. */
export interface SeedStructureOptions {
  /** Attributes in all (default 20; at least the baseline's 10). */
  attributes?: number;
  /** Share of the extra attributes that are simple or multi selects (default 0.2). */
  selectShare?: number;
  /** Options spread evenly over the extra select attributes (default 10 per select attribute). */
  options?: number;
  /** Options of one more select attribute, `brand`, on top of the others (default 0: no `brand`). */
  brandOptions?: number;
  /** Categories in all, roots included (default 20). */
  categories?: number;
  /** Category trees: `master`, then `tree_0002`, ... (default 1). */
  categoryTrees?: number;
  /** Children per category as the trees fill breadth first (default 10). */
  categoryFanout?: number;
  /** Families in all, `clothing` included (default 5). */
  families?: number;
  /** Extra attributes per extra family (default 10). */
  attributesPerFamily?: number;
  /** Log the items as changes, so that events are sent for them (default false: silent). */
  logChanges?: boolean;
}

/** What {@link seedStructure} made, for tests: codes by role. */
export interface StructureSeed {
  attributes: string[];
  selectAttributes: string[];
  imageAttributes: string[];
  fileAttributes: string[];
  /** Options made, in all. */
  options: number;
  families: string[];
  familyVariants: Array<{ family: string; code: string }>;
  categories: string[];
  channels: string[];
  locales: string[];
}

/** Attributes of the baseline, before the extra ones in `seed.attributes`. */
const BASELINE_ATTRIBUTES = 10;

const EXTRA_TYPES: readonly AttributeType[] = [
  'pim_catalog_text',
  'pim_catalog_textarea',
  'pim_catalog_number',
  'pim_catalog_boolean',
  'pim_catalog_date',
  'pim_catalog_text',
  'pim_catalog_image',
  'pim_catalog_file',
];

/** Fills `structure` with a realistic catalogue; see {@link SeedStructureOptions}. */
export function seedStructure(structure: StructureCatalog, options: SeedStructureOptions = {}): StructureSeed {
  const change: StructureChangeOptions = { silent: !options.logChanges };
  const seed = seedBaseline(structure, change);
  const extra = Math.max(0, (options.attributes ?? 20) - seed.attributes.length);
  const selects = Math.round(extra * (options.selectShare ?? 0.2));
  const extraSelects: string[] = [];
  for (let i = 1; i <= extra; i++) {
    const isSelect = i <= selects;
    const type: AttributeType = isSelect ? (i % 2 === 1 ? 'pim_catalog_simpleselect' : 'pim_catalog_multiselect') : EXTRA_TYPES[i % EXTRA_TYPES.length];
    const code = `${type.slice('pim_catalog_'.length)}_${pad(i)}`;
    const localizable = type === 'pim_catalog_text' || type === 'pim_catalog_textarea';
    const media = type === 'pim_catalog_image' ? ['jpg', 'png'] : type === 'pim_catalog_file' ? ['pdf', 'txt'] : [];
    const group = isSelect ? 'marketing' : media.length > 0 ? 'media' : 'technical';
    structure.put('attributes', { code, type, group, sort_order: i, localizable, allowed_extensions: media, labels: labels(`Attribute ${i}`) }, change);
    seed.attributes.push(code);
    if (isSelect) extraSelects.push(code);
    if (type === 'pim_catalog_image') seed.imageAttributes.push(code);
    if (type === 'pim_catalog_file') seed.fileAttributes.push(code);
  }
  seed.selectAttributes.push(...extraSelects);
  const total = options.options ?? extraSelects.length * 10;
  extraSelects.forEach((attribute, k) => {
    const count = Math.floor(total / extraSelects.length) + (k < total % extraSelects.length ? 1 : 0);
    seed.options += addOptions(structure, attribute, count, change);
  });
  if (options.brandOptions) {
    structure.put('attributes', { code: 'brand', type: 'pim_catalog_simpleselect', group: 'marketing', labels: labels('Brand') }, change);
    seed.attributes.push('brand');
    seed.selectAttributes.push('brand');
    seed.options += addOptions(structure, 'brand', options.brandOptions, change);
  }
  addCategories(structure, seed, options, change);
  addFamilies(structure, seed, options, change);
  return seed;
}

function addOptions(structure: StructureCatalog, attribute: string, count: number, change: StructureChangeOptions): number {
  for (let j = 1; j <= count; j++) {
    structure.put('attribute-options', { code: `${attribute}_${pad(j)}`, attribute, sort_order: j, labels: labels(`${attribute} ${j}`) }, change);
  }
  return count;
}

function addCategories(structure: StructureCatalog, seed: StructureSeed, options: SeedStructureOptions, change: StructureChangeOptions): void {
  const trees = Math.max(1, options.categoryTrees ?? 1);
  const fanout = Math.max(1, options.categoryFanout ?? 10);
  const total = Math.max(trees, options.categories ?? 20);
  for (let i = 2; i <= trees; i++) {
    const code = `tree_${pad(i)}`;
    structure.put('categories', { code, parent: null, labels: labels(`Tree ${i}`) }, change);
    seed.categories.push(code);
  }
  for (let i = trees; i < total; i++) {
    const code = `category_${pad(i)}`;
    const parent = seed.categories[Math.floor((i - trees) / fanout)];
    structure.put('categories', { code, parent, labels: labels(`Category ${i}`) }, change);
    seed.categories.push(code);
  }
}

function addFamilies(structure: StructureCatalog, seed: StructureSeed, options: SeedStructureOptions, change: StructureChangeOptions): void {
  const extras = seed.attributes.slice(BASELINE_ATTRIBUTES);
  const per = options.attributesPerFamily ?? 10;
  for (let i = 1; i < (options.families ?? 5); i++) {
    const own = extras.length === 0 ? [] : Array.from({ length: Math.min(per, extras.length) }, (_, k) => extras[(i * per + k) % extras.length]);
    const attributes = [...new Set(['sku', 'name', 'picture', ...own])];
    const code = `family_${pad(i)}`;
    const requirements = { ecommerce: ['sku', 'name'], mobile: ['sku'] };
    structure.put('families', { code, attributes, attribute_as_label: 'name', attribute_as_image: 'picture', attribute_requirements: requirements, labels: labels(`Family ${i}`) }, change);
    seed.families.push(code);
  }
}
