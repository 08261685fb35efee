/**
 * PIM REST paths of the catalogue structure (akeneo/pim-api-docs content/swagger/resources/<kind>/routes):
 * `/api/rest/v1/<kind>[/<code>]`, options at `/attributes/{attribute}/options[/{code}]`, variants at
 * `/families/{family}/variants[/{code}]`. Pure and workflow-safe.
 */
import { InvalidEntityIdError, pathSegment, shownId } from '../domain/entity-code';
import { isStructureKind, NESTED_STRUCTURE_KINDS, type StructureKind, type StructureRef } from '../domain/structure';

const API = '/api/rest/v1';
/** Most items a list page may hold. */
export const STRUCTURE_PAGE_LIMIT = 100;

/** The name of the collection of options of `attribute`, or of variants of `family`: `<kind>/<encoded parent>`. */
export function nestedCollection(kind: 'attribute-options' | 'family-variants', parent: string): string {
  return `${kind}/${encodeURIComponent(parent)}`;
}

/** The kind and parent of a collection name; throws {@link InvalidEntityIdError} for a malformed one. */
export function parseCollection(collection: string): { kind: StructureKind; parent?: string } {
  const [kind, parent, ...rest] = collection.split('/');
  const nested = isStructureKind(kind) && NESTED_STRUCTURE_KINDS.includes(kind);
  if (!isStructureKind(kind) || rest.length > 0 || nested !== (parent !== undefined)) {
    throw new InvalidEntityIdError(`not a structure collection: ${shownId(collection)}`);
  }
  return parent === undefined ? { kind } : { kind, parent: decodeURIComponent(parent) };
}

/** The first page's path of a collection (measurement families: the whole array). */
export function collectionPath(collection: string): string {
  const { kind, parent } = parseCollection(collection);
  const query = `?limit=${STRUCTURE_PAGE_LIMIT}`;
  if (kind === 'measurement-families') return `${API}/measurement-families`;
  if (kind === 'attribute-options') return `${API}/attributes/${pathSegment(parent!)}/options${query}`;
  if (kind === 'family-variants') return `${API}/families/${pathSegment(parent!)}/variants${query}`;
  return `${API}/${kind}${query}`;
}

/** The item route of an item; measurement families have none (throws). */
export function itemPath(ref: StructureRef): string {
  if (ref.kind === 'measurement-families') throw new InvalidEntityIdError('measurement families have no item route');
  if (ref.kind === 'attribute-options') return `${API}/attributes/${pathSegment(ref.parent!)}/options/${pathSegment(ref.code)}`;
  if (ref.kind === 'family-variants') return `${API}/families/${pathSegment(ref.parent!)}/variants/${pathSegment(ref.code)}`;
  return `${API}/${ref.kind}/${pathSegment(ref.code)}`;
}
