/**
 * The content digest of a PIM entity: what decides "already written", because `updated` has whole-second
 * precision and does not move on a variant when its parent model changes (see README, "Versions").
 */
import { createHash } from 'node:crypto';

/** HAL links the list endpoints add to each item; not content. */
const NOT_CONTENT = new Set(['_links']);

/**
 * sha256 (first 128 bits, base64url: 22 characters) of the entity's JSON with keys sorted at every level
 * and `_links` left out, so a list item and a GET of the same entity have the same digest.
 */
export function contentDigest(entity: unknown): string {
  return createHash('sha256').update(canonicalJson(entity, true)).digest().subarray(0, 16).toString('base64url');
}

/** sha256 (first 72 bits, base64url: 12 characters) of a structure item's JSON, as {@link contentDigest} reads it. */
export function structureDigest(item: unknown): string {
  return createHash('sha256').update(canonicalJson(item, true)).digest().subarray(0, 9).toString('base64url');
}

function canonicalJson(value: unknown, top = false): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => !(top && NOT_CONTENT.has(k))).sort();
    const record = value as Record<string, unknown>;
    return `{${keys.filter((k) => record[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
