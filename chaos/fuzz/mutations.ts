/** Building blocks of the fuzz, shared by both endpoints: bad ids, bad signatures, bad content types, JSON edits. */
import fc from 'fast-check';
import { MAX_ENTITY_CODE_LENGTH } from '../../src/domain/entity-code';
import type { SignatureSpec } from './spec';
import { modelCodeArb, uuidArb, type Json } from './valid';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Longest product-model code (or product identifier) Akeneo allows. */
export const MAX_CODE_LENGTH = MAX_ENTITY_CODE_LENGTH;

/** A string of `min`..`max` characters (code points, as Akeneo and zod count) from a short random unit: cheap to generate. */
export function hugeString(min: number, max: number): fc.Arbitrary<string> {
  return fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), fc.integer({ min, max })).map(([unit, n]) => {
    const points = [...unit];
    return Array.from({ length: n }, (_, i) => points[i % points.length]).join('');
  });
}

/** `value` quoted and shortened for a report, with its length in characters when shortened. */
export function shortValue(value: string): string {
  const n = [...value].length;
  return n > 30 ? `${JSON.stringify([...value].slice(0, 30).join(''))}… (${n} chars)` : JSON.stringify(value);
}

const lookalikes = ['０', 'е', 'а', 'ｆ', '\u200b', '\u00a0', '\u202e', '🙂', 'ß', '\u0000'];

/** Anything but a uuid: unicode text, huge strings, and uuids with look-alike or invisible characters. */
export const nonUuidArb: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    hugeString(37, 20_000),
    fc.tuple(uuidArb, fc.nat(35), fc.constantFrom(...lookalikes)).map(([u, i, ch]) => `${u.slice(0, i)}${ch}${u.slice(i + 1)}`),
    fc.tuple(uuidArb, fc.constantFrom(...lookalikes)).map(([u, ch]) => `${u}${ch}`),
    uuidArb.map((u) => u.replace(/-/g, '')),
    uuidArb.map((u) => `{${u}}`),
  )
  .filter((s) => !UUID_RE.test(s));

/**
 * Codes and identifiers whose URL path segment would collapse into its parent path (`GET /product-models/..` is
 * `GET /`): a dot segment, alone or between others, plain, percent-encoded or encoded twice.
 */
export const TRAVERSAL_CODES: readonly string[] = ['.', '..', 'a/../b', './x', 'x/.', 'x/..', '%2e%2e', '%2E%2e', '.%2e', '%252e%252e', 'a%2f..%2fb', 'a\\..\\b', '..%5cx'];

const dotSegmentArb = fc.constantFrom('.', '..', '%2e', '%2E%2e', '.%2e', '%252e%252e');
const separatorArb = fc.constantFrom('/', '\\', '%2f', '%2F', '%5c', '%252f');

/** A traversal code: one of {@link TRAVERSAL_CODES}, or a code with a dot segment at its start, middle or end. */
export const traversalCodeArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...TRAVERSAL_CODES),
  fc
    .tuple(modelCodeArb, dotSegmentArb, separatorArb, fc.constantFrom('start', 'middle', 'end'))
    .map(([code, dots, sep, where]) => (where === 'start' ? `${dots}${sep}${code}` : where === 'end' ? `${code}${sep}${dots}` : `${code}${sep}${dots}${sep}${code}`)),
);

/** A code with a control character inserted. */
const withControlArb = fc
  .tuple(modelCodeArb, fc.nat(40), fc.constantFrom('\u0000', '\n', '\r', '\t', '\u001b', '\u007f', '\u0085'))
  .map(([code, i, ch]) => `${code.slice(0, i)}${ch}${code.slice(i)}`);

/** Codes (and identifiers) that break a URL path: traversals, over-long (> 255 characters), control characters. */
export const pathBreakingCodeArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: traversalCodeArb, weight: 3 },
  { arbitrary: hugeString(MAX_CODE_LENGTH + 1, 20_000), weight: 1 },
  { arbitrary: withControlArb, weight: 1 },
);

/** Product-model codes Akeneo cannot have: path-breaking ones, blank ones, and ones with a comma or a semicolon. */
export const badCodeArb: fc.Arbitrary<string> = fc.oneof(
  pathBreakingCodeArb,
  fc.constantFrom(' ', '   ', '\t', '\u00a0'),
  fc.tuple(modelCodeArb, fc.constantFrom(',', ';')).map(([code, ch]) => `${code}${ch}${code}`),
);

/** Event ids no sender would use: longer than 255 characters or with control characters. */
export const badEventIdArb: fc.Arbitrary<string> = fc.oneof(
  hugeString(256, 20_000),
  fc.tuple(uuidArb, fc.constantFrom('\u0000', '\n', '\r\n', '\u001b', '\u007f')).map(([u, ch]) => `${u}${ch}`),
);

/** 64 random hex digits. */
export const hex64Arb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));

/** Signatures that must not verify (the secret under test is never generated: secrets here have a prefix). */
export const wrongSignatureArb: fc.Arbitrary<{ spec: SignatureSpec; note: string }> = fc.oneof(
  hex64Arb.map((value) => ({ spec: { kind: 'raw' as const, value }, note: 'random 64 hex digits' })),
  fc.string({ minLength: 0, maxLength: 40 }).map((s) => ({ spec: { kind: 'secret' as const, secret: `wrong-${s}` }, note: 'another secret' })),
  fc.constant({ spec: { kind: 'other-scheme' as const }, note: "the other format's signature scheme" }),
  fc
    .tuple(fc.constantFrom('flip' as const, 'short' as const, 'long' as const), fc.nat(63))
    .map(([how, at]) => ({ spec: { kind: 'mangled' as const, how, at }, note: `correct signature, ${how} at ${at}` })),
  fc.string({ unit: 'grapheme', maxLength: 120 }).map((value) => ({ spec: { kind: 'raw' as const, value }, note: 'garbage' })),
);

const JSON_TYPES = ['application/json', 'application/cloudevents+json'];

/** Content types other than JSON (and none at all). */
export const wrongContentTypeArb: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(
    'text/plain',
    'text/json',
    'text/html; charset=utf-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=fuzz',
    'application/xml',
    'application/octet-stream',
    'application/jsonp',
    'application/vnd.api+json',
    'json',
    '',
  ),
  fc.stringMatching(/^[a-z]{1,12}\/[a-z0-9.+-]{1,24}$/),
).filter((ct) => ct === null || !JSON_TYPES.includes(ct.split(';')[0].trim().toLowerCase()));

/** Marks a key to delete in {@link setPath}. */
export const DELETE = Symbol('delete');

/** A copy of `root` with the value at `path` replaced (or deleted); missing parents are created as objects. */
export function setPath(root: Json, path: ReadonlyArray<string | number>, value: Json | typeof DELETE): Json {
  if (path.length === 0) return value === DELETE ? null : value;
  const copy = structuredClone(root);
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string | number, Json>;
  }
  const last = path[path.length - 1];
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return copy;
}

/** Replacement values: delete the key, or any JSON value. */
export const replacementArb: fc.Arbitrary<Json | typeof DELETE> = fc.oneof(
  fc.constant(DELETE),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(null, '', 0, -1, true, [], {}, '2024-13-45T99:99:99Z', 'not-a-date', '1.0 ', 'product.updated '),
);
