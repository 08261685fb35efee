import assert from 'node:assert/strict';
import { MIGRATIONS } from '../../src/destination/postgres-schema';
import { removeStructureStatement, structureTableOf, upsertStructureStatement } from '../../src/destination/postgres-structure';
import { STRUCTURE_KINDS } from '../../src/domain/structure';

describe('PostgreSQL structure tables', () => {
  it('migration 3 creates one table per kind, options and variants keyed with their parent', () => {
    const m = MIGRATIONS.find((x) => x.version === 3);
    assert.ok(m);
    for (const kind of STRUCTURE_KINDS) assert.match(m.sql, new RegExp(`CREATE TABLE IF NOT EXISTS ${structureTableOf(kind).table} \\(`));
    assert.match(m.sql, /structure_attribute_options \([^;]*PRIMARY KEY \(attribute, code\)/);
    assert.match(m.sql, /structure_family_variants \([^;]*PRIMARY KEY \(family, code\)/);
  });

  it('writes a nested item by parent and code, a top-level one by code', () => {
    const nested = upsertStructureStatement('attribute-options/color/red', '{}', 'd');
    assert.match(nested.sql, /INSERT INTO structure_attribute_options \(attribute, code, data, digest, synced_at\)/);
    assert.deepEqual(nested.params, ['color', 'red', '{}', 'd']);
    const top = removeStructureStatement('measurement-families/Weight');
    assert.equal(top.sql, 'DELETE FROM structure_measurement_families WHERE code = $1');
    assert.deepEqual(top.params, ['Weight']);
  });
});
