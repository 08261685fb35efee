import assert from 'node:assert/strict';
import { InvalidEntityIdError } from '../../src/domain/entity-code';
import { parseStructureKey, structureKey, structurePath } from '../../src/domain/structure';

describe('structure keys and paths', () => {
  it('keys a top-level item by kind and code and a nested one by kind, parent and code', () => {
    assert.equal(structureKey({ kind: 'attributes', code: 'color' }), 'attributes/color');
    assert.equal(structureKey({ kind: 'attribute-options', parent: 'color', code: 'red' }), 'attribute-options/color/red');
    assert.deepEqual(parseStructureKey('family-variants/shoes/by_size'), { kind: 'family-variants', parent: 'shoes', code: 'by_size' });
  });

  it('round-trips codes holding slashes and spaces, one encoded segment each', () => {
    const ref = { kind: 'attribute-options' as const, parent: 'a/b', code: 'x y' };
    const key = structureKey(ref);
    assert.equal(key, 'attribute-options/a%2Fb/x%20y');
    assert.deepEqual(parseStructureKey(key), ref);
    assert.equal(structurePath(key), '/structure/attribute-options/a%2Fb/x%20y');
  });

  it('refuses unknown kinds, wrong segment counts and dot segments', () => {
    assert.throws(() => parseStructureKey('widgets/a'), InvalidEntityIdError);
    assert.throws(() => parseStructureKey('attribute-options/a'), InvalidEntityIdError);
    assert.throws(() => parseStructureKey('attributes/a/b'), InvalidEntityIdError);
    assert.throws(() => structurePath('attributes/..'), InvalidEntityIdError);
    assert.throws(() => structurePath('attribute-options/%2e%2e/red'), InvalidEntityIdError);
  });
});
