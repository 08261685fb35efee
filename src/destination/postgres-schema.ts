/**
 * The PostgreSQL destination's schema: numbered migrations, applied in order by {@link migrateSchema}
 * and recorded in `schema_migrations`. Append new migrations; never edit one that has shipped.
 */
import type { Pool } from 'pg';
import { structureTableOf } from './postgres-structure';
import { STRUCTURE_KINDS } from '../domain/structure';

/** One schema change. */
export interface Migration {
  /** Applied in ascending order; recorded in `schema_migrations.version`. */
  version: number;
  name: string;
  sql: string;
}

/** Every migration of the destination schema, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'products and product models',
    sql: `
      CREATE TABLE IF NOT EXISTS products (
        uuid       text PRIMARY KEY,
        identifier text,
        data       jsonb NOT NULL,
        updated    timestamptz NOT NULL,
        synced_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX IF NOT EXISTS products_identifier_idx ON products (identifier);
      CREATE TABLE IF NOT EXISTS product_models (
        code       text PRIMARY KEY,
        data       jsonb NOT NULL,
        updated    timestamptz NOT NULL,
        synced_at  timestamptz NOT NULL DEFAULT now()
      );`,
  },
  {
    version: 2,
    name: 'content digest',
    // IF NOT EXISTS: a column added by hand before this migration ran is kept as it is.
    sql: `
      ALTER TABLE products ADD COLUMN IF NOT EXISTS digest text;
      ALTER TABLE product_models ADD COLUMN IF NOT EXISTS digest text;`,
  },
  {
    version: 3,
    name: 'catalogue structure',
    sql: structureTablesSql(),
  },
  {
    version: 4,
    name: 'media files',
    sql: `
      CREATE TABLE IF NOT EXISTS media_files (
        code         text PRIMARY KEY,
        content_type text NOT NULL,
        size         bigint NOT NULL,
        synced_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS media_file_chunks (
        code  text NOT NULL,
        seq   integer NOT NULL,
        bytes bytea NOT NULL,
        PRIMARY KEY (code, seq)
      );`,
  },
];

/** Key of the transaction-level advisory lock that serialises migrations of concurrently starting workers. */
export const MIGRATION_LOCK_KEY = 0x616b_7379; // "aksy"

/** Applies the migrations `schema_migrations` does not list, in one transaction; returns the versions applied. */
export async function migrateSchema(pool: Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    // Taken before any DDL: two workers creating the same table at once would otherwise collide.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    // A client whose transaction failed may be broken: destroy it rather than return it to the pool.
    client.release(failed);
  }
}

/** Migration 3: one table per structure kind, keyed by code, or by (attribute, code) and (family, code). */
function structureTablesSql(): string {
  return STRUCTURE_KINDS.map((kind) => {
    const { table, parent } = structureTableOf(kind);
    const key = parent ? `${parent} text NOT NULL, code text NOT NULL` : 'code text PRIMARY KEY';
    const pk = parent ? `, PRIMARY KEY (${parent}, code)` : '';
    return `
      CREATE TABLE IF NOT EXISTS ${table} (
        ${key},
        data       jsonb NOT NULL,
        digest     text NOT NULL,
        synced_at  timestamptz NOT NULL DEFAULT now()${pk}
      );`;
  }).join('');
}
