/** The PostgreSQL destination's structure tables (migration 3) and the statements that write them. */
import { parseStructureKey, type StructureKind } from '../domain/structure';

/** The table of a kind, and its parent column for nested kinds. */
export function structureTableOf(kind: StructureKind): { table: string; parent?: 'attribute' | 'family' } {
  const table = `structure_${kind.replace(/-/g, '_')}`;
  if (kind === 'attribute-options') return { table, parent: 'attribute' };
  if (kind === 'family-variants') return { table, parent: 'family' };
  return { table };
}

/** A parameterised statement. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** The upsert of a structure item: the row replaced with the PIM's JSON and its digest. */
export function upsertStructureStatement(key: string, json: string, digest: string): Statement {
  const ref = parseStructureKey(key);
  const { table, parent } = structureTableOf(ref.kind);
  if (parent) {
    return {
      sql: `INSERT INTO ${table} (${parent}, code, data, digest, synced_at) VALUES ($1, $2, $3::jsonb, $4, now())
            ON CONFLICT (${parent}, code) DO UPDATE SET data = EXCLUDED.data, digest = EXCLUDED.digest, synced_at = EXCLUDED.synced_at`,
      params: [ref.parent, ref.code, json, digest],
    };
  }
  return {
    sql: `INSERT INTO ${table} (code, data, digest, synced_at) VALUES ($1, $2::jsonb, $3, now())
          ON CONFLICT (code) DO UPDATE SET data = EXCLUDED.data, digest = EXCLUDED.digest, synced_at = EXCLUDED.synced_at`,
    params: [ref.code, json, digest],
  };
}

/** The delete of a structure item. */
export function removeStructureStatement(key: string): Statement {
  const ref = parseStructureKey(key);
  const { table, parent } = structureTableOf(ref.kind);
  if (parent) return { sql: `DELETE FROM ${table} WHERE ${parent} = $1 AND code = $2`, params: [ref.parent, ref.code] };
  return { sql: `DELETE FROM ${table} WHERE code = $1`, params: [ref.code] };
}
