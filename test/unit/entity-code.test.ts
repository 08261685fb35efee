import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TRAVERSAL_CODES } from '../../chaos/fuzz/mutations';
import { entityCodeProblem, entityIdProblem, hasDotSegment, InvalidEntityIdError, pathSegment, shownId } from '../../src/domain/entity-code';

const UUID = '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b';


describe('entity codes and identifiers', () => {
  for (const code of ['tshirt_red', 'tshirt blue', 'a/b', 'SKU-1', 'Été 2024', ' padded ', '...', 'a.b', '.hidden', '%41', 'x'.repeat(255), '🙂'.repeat(255)]) {
    it(`accepts ${shownId(code)}, as Akeneo does`, () => {
      assert.equal(entityCodeProblem(code), undefined);
    });
  }

  for (const [code, problem] of [
    ['', /empty or blank/],
    ['   ', /empty or blank/],
    ['\u00a0', /empty or blank/],
    ['x'.repeat(256), /at most 255 characters/],
    ['🙂'.repeat(256), /at most 255 characters/],
    ['x'.repeat(20_000), /at most 255 characters/],
    ['a\u0000b', /control characters/],
    ['a\nb', /control characters/],
    ['a\tb', /control characters/],
    ['a\u007fb', /control characters/],
    ['a\u009fb', /control characters/],
    ['a,b', /comma or a semicolon/],
    ['a;b', /comma or a semicolon/],
    ...TRAVERSAL_CODES.map((code) => [code, /'\.' or '\.\.' path segment/] as const),
  ] as const) {
    it(`refuses ${shownId(code)}, naming the problem`, () => {
      assert.match(entityCodeProblem(code) ?? 'accepted', problem);
    });
  }

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, {}, ['a']]) assert.equal(entityCodeProblem(value), 'must be a string');
  });

  it('tells a product uuid (any case) from a product-model code', () => {
    assert.equal(entityIdProblem('product', UUID.toUpperCase()), undefined);
    assert.equal(entityIdProblem('product', 'tshirt_red'), 'must be a uuid');
    assert.equal(entityIdProblem('product', '..'), 'must be a uuid');
    assert.equal(entityIdProblem('product-model', 'tshirt_red'), undefined);
    assert.match(entityIdProblem('product-model', '..') ?? '', /path segment/);
  });

  it('finds a dot segment however deeply percent-encoded, and none in dotted names', () => {
    assert.equal(hasDotSegment('%25252e%25252e'), true);
    assert.equal(hasDotSegment('a/%2e/b'), true);
    assert.equal(hasDotSegment('v1.2/x..y/.../'), false);
  });

  it('encodes a segment so a slash stays inside it, and refuses an empty one or a dot segment', () => {
    assert.equal(pathSegment('a b/c'), 'a%20b%2Fc');
    assert.equal(pathSegment('%41'), '%2541');
    for (const bad of ['', ...TRAVERSAL_CODES]) assert.throws(() => pathSegment(bad), InvalidEntityIdError, shownId(bad));
  });

  it('never lets a segment leave its parent path, whatever the string', () => {
    const base = 'http://third-party.test/api/product-models/';
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.stringMatching(/^[./\\%2eEfF5cC]{1,12}$/)), (s) => {
        let segment: string;
        try {
          segment = pathSegment(s);
        } catch (err) {
          return err instanceof InvalidEntityIdError;
        }
        const url = new URL(`${base}${segment}`);
        return url.href === `${base}${segment}` && url.pathname.lastIndexOf('/') === '/api/product-models/'.length - 1;
      }),
      { numRuns: 2000 },
    );
  });

  it('shows an untrusted id on one line, shortened', () => {
    assert.equal(shownId('a\nb'), '"a\\nb"');
    assert.equal(shownId('x'.repeat(300)), `"${'x'.repeat(40)}"… (300 characters)`);
  });
});
