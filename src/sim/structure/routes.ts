/**
 * The read-only structure routes of the simulated PIM, as akeneo/pim-api-docs content/swagger/resources/<kind>/
 * routes/*.yaml lists them: list and item for channels, locales, currencies, attribute groups, attributes, their
 * options, families, their variants, categories and association types; measurement families as one unpaginated
 * JSON array (GetMeasurementFamiliesAction returns `repository->all()`, and there is no item route:
 * akeneo/pim-community-dev src/Akeneo/Tool/Bundle/MeasureBundle/Controller/ExternalApi/).
 */
import { akeneoError, type SimResponse } from '../http-server';
import { OPTION_ATTRIBUTE_TYPES, type StructureCatalog } from './catalogue';
import { checkOffsetParameters, offsetListResponse } from './offset-list';
import type { ReadOptions } from './represent';
import { parseStructureSearch, type StructureDoc } from './search';
import type { StructureKind } from './types';

const PREFIX = '/api/rest/v1/';
const FLAT: Record<string, { kind: StructureKind; name: string }> = {
  channels: { kind: 'channels', name: 'Channel' },
  locales: { kind: 'locales', name: 'Locale' },
  currencies: { kind: 'currencies', name: 'Currency' },
  'attribute-groups': { kind: 'attribute-groups', name: 'Attribute group' },
  attributes: { kind: 'attributes', name: 'Attribute' },
  families: { kind: 'families', name: 'Family' },
  categories: { kind: 'categories', name: 'Category' },
  'association-types': { kind: 'association-types', name: 'Association type' },
};

/** Answers a GET on a structure path (no trailing slash), or `undefined` when `path` is not one. */
export function routeStructure(url: URL, path: string, structure: StructureCatalog): SimResponse | undefined {
  if (!path.startsWith(PREFIX)) return undefined;
  const segments = path.slice(PREFIX.length).split('/').map(safeDecode);
  if (segments.some((s) => s === undefined)) return undefined;
  const [collection, code, sub, subCode, ...rest] = segments as string[];
  if (rest.length > 0) return undefined;
  if (collection === 'measurement-families') {
    return code === undefined ? { status: 200, body: structure.codes('measurement-families').map((c) => structure.get('measurement-families', c)) } : undefined;
  }
  const flat = FLAT[collection];
  if (!flat) return undefined;
  if (sub === undefined) return code === undefined ? list(url, flat.kind, structure) : one(url, flat, code, structure);
  if (collection === 'attributes' && sub === 'options') return options(url, code, subCode, structure);
  if (collection === 'families' && sub === 'variants') return variants(url, code, subCode, structure);
  return undefined;
}

function one(url: URL, flat: { kind: StructureKind; name: string }, code: string, structure: StructureCatalog): SimResponse {
  const item = structure.get(flat.kind, code, undefined, readOptions(url));
  return item ? { status: 200, body: item } : notFound(`${flat.name} "${code}" does not exist.`);
}

function list(url: URL, kind: StructureKind, structure: StructureCatalog): SimResponse {
  const bad = checkOffsetParameters(url.searchParams);
  if (bad) return bad;
  const search = parseStructureSearch(kind, url.searchParams.get('search'));
  if ('error' in search) return search.error;
  const read = readOptions(url);
  return offsetListResponse(url, {
    codes: structure.codes(kind),
    get: (c) => structure.get(kind, c, undefined, read),
    matches: (c) => search.matches(docOf(structure, kind, c)),
    itemHref: (c) => `${url.origin}${PREFIX}${kind}/${encodeURIComponent(c)}`,
  });
}

/**
 * Options of a select attribute, by code. 404s as AttributeOptionController's (akeneo/pim-community-dev
 * src/Akeneo/Pim/Structure/Bundle/Controller/ExternalApi/AttributeOptionController.php), checked before the
 * pagination parameters.
 */
function options(url: URL, attribute: string, code: string | undefined, structure: StructureCatalog): SimResponse {
  const owner = structure.get('attributes', attribute);
  if (!owner) return notFound(`Attribute "${attribute}" does not exist.`);
  if (!OPTION_ATTRIBUTE_TYPES.includes(owner.type)) {
    return notFound(`Attribute "${attribute}" does not support options. Only attributes of type "${OPTION_ATTRIBUTE_TYPES.join('", "')}" support options.`);
  }
  if (code !== undefined) {
    const option = structure.get('attribute-options', code, attribute);
    return option ? { status: 200, body: option } : notFound(`Attribute option "${code}" does not exist or is not an option of the attribute "${attribute}".`);
  }
  return nestedList(url, 'attribute-options', attribute, `attributes/${encodeURIComponent(attribute)}/options`, structure);
}

/** Variants of a family (FamilyVariantController: the family must exist; variant codes are unique across families). */
function variants(url: URL, family: string, code: string | undefined, structure: StructureCatalog): SimResponse {
  if (!structure.get('families', family)) return notFound(`Family "${family}" does not exist.`);
  if (code !== undefined) {
    const owner = structure.familyOfVariant(code);
    const variant = owner !== undefined && owner.toLowerCase() === family.toLowerCase() ? structure.get('family-variants', code, owner) : undefined;
    return variant ? { status: 200, body: variant } : notFound(`Family variant "${code}" does not exist or is not a variant of the family "${family}".`);
  }
  return nestedList(url, 'family-variants', family, `families/${encodeURIComponent(family)}/variants`, structure);
}

function nestedList(url: URL, kind: 'attribute-options' | 'family-variants', parent: string, path: string, structure: StructureCatalog): SimResponse {
  const bad = checkOffsetParameters(url.searchParams);
  if (bad) return bad;
  return offsetListResponse(url, {
    codes: structure.codes(kind, parent),
    get: (c) => structure.get(kind, c, parent),
    itemHref: (c) => `${url.origin}${PREFIX}${path}/${encodeURIComponent(c)}`,
  });
}

function docOf(structure: StructureCatalog, kind: StructureKind, code: string): StructureDoc {
  const doc: StructureDoc = { code, updatedMs: structure.updatedMs(kind, code) };
  if (kind === 'attributes') {
    const a = structure.peek('attributes', code);
    doc.type = a?.type;
    doc.isMainIdentifier = a?.is_main_identifier;
  } else if (kind === 'categories') doc.parent = structure.peek('categories', code)?.parent;
  else if (kind === 'locales' || kind === 'currencies') doc.enabled = structure.peek(kind, code)?.enabled;
  return doc;
}

/** `with_position` and `with_enriched_attributes`, read with Symfony's `getBoolean` (`true`, `1`, `on`, `yes`). */
function readOptions(url: URL): ReadOptions {
  const flag = (name: string) => ['1', 'true', 'on', 'yes'].includes((url.searchParams.get(name) ?? '').toLowerCase());
  return { withPosition: flag('with_position'), withEnrichedAttributes: flag('with_enriched_attributes') };
}

function notFound(message: string): SimResponse {
  return akeneoError(404, message);
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
