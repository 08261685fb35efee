/**
 * The third party as a PostgreSQL database: `products` (by uuid) and `product_models` (by code), each row
 * holding the PIM's JSON as `jsonb`, its `updated` as the version and its content digest. A write never
 * replaces a newer version.
 */
import { DatabaseError, Pool, type PoolConfig } from 'pg';
import type { Logger } from 'pino';
import type { EntityRef } from '../domain/entity';
import { WriteOutcome } from '../domain/write-outcome';
import type { Destination, MediaMeta, RemoveMeta, UpsertMeta } from './destination';
import { migrateSchema } from './postgres-schema';
import { hasMediaRow, putMediaRows } from './postgres-media';
import type { Readable } from 'node:stream';
import { removeStructureStatement, upsertStructureStatement } from './postgres-structure';

/** A database call of the destination failed; `retryable` says whether a later attempt may succeed. */
export class DestinationDatabaseError extends Error {
  constructor(
    message: string,
    /** True for connection problems and transient server states; false for rejected data or statements. */
    readonly retryable: boolean,
    /** The SQLSTATE (server errors) or Node error code (`ECONNREFUSED`…), when known. */
    readonly code?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DestinationDatabaseError';
  }
}

/**
 * SQLSTATE classes and codes a retry can outlive: connection exceptions (08), transaction rollbacks such as
 * serialization failures and deadlocks (40), insufficient resources (53), operator intervention such as
 * shutdowns and statement timeouts (57), system errors (58), lock not available (55P03) and a read-only
 * server during a fail-over (25006).
 */
const RETRYABLE_SQLSTATE_CLASSES = ['08', '40', '53', '57', '58'];
const RETRYABLE_SQLSTATES = ['55P03', '25006'];

/**
 * Whether a `pg` error is worth retrying. Errors the server sent carry a SQLSTATE and are retryable only
 * in the classes above (constraint, data, syntax, permission and authentication errors are not); every
 * other error (refused or reset connection, connect or read timeout) never reached a verdict: retryable.
 */
export function isRetryablePostgresError(err: unknown): boolean {
  if (!(err instanceof DatabaseError) || typeof err.code !== 'string') return true;
  return RETRYABLE_SQLSTATE_CLASSES.includes(err.code.slice(0, 2)) || RETRYABLE_SQLSTATES.includes(err.code);
}

/** Wraps a `pg` error into a {@link DestinationDatabaseError}, keeping it as the cause. */
export function toDestinationDatabaseError(err: unknown, what: string): DestinationDatabaseError {
  const code = (err as { code?: unknown } | null)?.code;
  const detail = err instanceof Error ? err.message : String(err);
  return new DestinationDatabaseError(`${what} failed: ${detail}`, isRetryablePostgresError(err), typeof code === 'string' ? code : undefined, {
    cause: err,
  });
}

/** Default per-statement timeout and connect timeout of the destination database (ms). */
export const DATABASE_TIMEOUT_MS = 10_000;

/** Options of {@link PostgresDestination}. */
export interface PostgresDestinationOptions {
  /** `postgres://user:password@host:port/database` (DATABASE_URL). */
  connectionString: string;
  /** Most connections held at once (default 10). */
  maxConnections?: number;
  /** Statement and connect timeout in ms (default {@link DATABASE_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** Told about connections that failed while idle in the pool. */
  logger?: Pick<Logger, 'warn'>;
}

/**
 * The product's identifier (SKU) for the `identifier` column: the top-level `identifier` when the PIM
 * sends one, else the first `values.sku` entry (the identifier attribute is called `sku` in most
 * catalogs), else the identifier the event carried; null when none is known.
 */
export function identifierOf(data: unknown, ref?: EntityRef): string | null {
  const d = data as { identifier?: unknown; values?: { sku?: Array<{ data?: unknown }> } } | null;
  if (typeof d?.identifier === 'string') return d.identifier;
  const sku = Array.isArray(d?.values?.sku) ? d.values.sku[0]?.data : undefined;
  if (typeof sku === 'string') return sku;
  return ref?.identifier ?? null;
}

// `<=`: an equal `updated` is written again, as two saves within one second share it (their digests differ).
const UPSERT_PRODUCT = `
  INSERT INTO products (uuid, identifier, data, updated, digest, synced_at)
  VALUES ($1, $2, $3::jsonb, $4::timestamptz, $5, now())
  ON CONFLICT (uuid) DO UPDATE
    SET identifier = EXCLUDED.identifier, data = EXCLUDED.data, updated = EXCLUDED.updated, digest = EXCLUDED.digest,
        synced_at = EXCLUDED.synced_at
    WHERE products.updated <= EXCLUDED.updated`;

const UPSERT_PRODUCT_MODEL = `
  INSERT INTO product_models (code, data, updated, digest, synced_at)
  VALUES ($1, $2::jsonb, $3::timestamptz, $4, now())
  ON CONFLICT (code) DO UPDATE
    SET data = EXCLUDED.data, updated = EXCLUDED.updated, digest = EXCLUDED.digest, synced_at = EXCLUDED.synced_at
    WHERE product_models.updated <= EXCLUDED.updated`;

/** Writes entities to PostgreSQL; call {@link PostgresDestination.migrate} once before use and `close()` at the end. */
export class PostgresDestination implements Destination {
  private readonly pool: Pool;

  constructor(options: PostgresDestinationOptions) {
    const timeout = options.timeoutMs ?? DATABASE_TIMEOUT_MS;
    const config: PoolConfig = {
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: timeout,
      statement_timeout: timeout,
      // The client-side guard for a server that stopped answering: a little after the server's own timeout.
      query_timeout: timeout + 2_000,
      keepAlive: true,
      application_name: 'akeneo-sync',
    };
    this.pool = new Pool(config);
    // An idle connection that breaks is dropped by the pool; without a listener the process would crash.
    this.pool.on('error', (err) => options.logger?.warn({ err: err.message }, 'idle destination database connection failed'));
  }

  /** Creates or upgrades the tables; idempotent and safe when several workers start at once. */
  async migrate(): Promise<number[]> {
    try {
      return await migrateSchema(this.pool);
    } catch (err) {
      throw toDestinationDatabaseError(err, 'schema migration');
    }
  }

  /**
   * Inserts or replaces the row with its version and digest, unless the stored `updated` is newer than
   * `meta.version`: then nothing changes and the outcome is `superseded`.
   */
  async upsert(ref: EntityRef, data: unknown, meta: UpsertMeta, signal?: AbortSignal): Promise<WriteOutcome> {
    const json = JSON.stringify(data);
    const digest = meta.digest ?? null;
    const changed =
      ref.kind === 'product-model'
        ? await this.query(`upsert of product model ${ref.id}`, UPSERT_PRODUCT_MODEL, [ref.id, json, meta.version, digest], signal)
        : await this.query(`upsert of product ${ref.id}`, UPSERT_PRODUCT, [ref.id, identifierOf(data, ref), json, meta.version, digest], signal);
    // The conflict clause's WHERE was false: a newer version is stored.
    return changed === 0 ? WriteOutcome.SUPERSEDED : WriteOutcome.WRITTEN;
  }

  /**
   * Deletes the row; a row that is not there counts as done. The removal time is not compared with the
   * stored `updated` (they come from different clocks): the entity workflow orders a removal itself.
   */
  async remove(ref: EntityRef, _meta: RemoveMeta, signal?: AbortSignal): Promise<WriteOutcome> {
    const sql = ref.kind === 'product-model' ? 'DELETE FROM product_models WHERE code = $1' : 'DELETE FROM products WHERE uuid = $1';
    await this.query(`delete of ${ref.kind} ${ref.id}`, sql, [ref.id], signal);
    return WriteOutcome.WRITTEN;
  }

  /** Whether `media_files` holds `code`. */
  async hasMedia(code: string, signal?: AbortSignal): Promise<boolean> {
    signal?.throwIfAborted();
    try {
      return await hasMediaRow(this.pool, code);
    } catch (err) {
      throw toDestinationDatabaseError(err, `lookup of media ${code}`);
    }
  }

  /** Stores the file's bytes 1 MiB per row, then its `media_files` row, in one transaction. */
  async putMedia(code: string, body: Readable, meta: MediaMeta, signal?: AbortSignal): Promise<void> {
    try {
      await putMediaRows(this.pool, code, body, meta, signal);
    } catch (err) {
      // The body's own error (a download cut short) is not the database's.
      if (signal?.aborted || body.errored === err) throw err;
      throw toDestinationDatabaseError(err, `write of media ${code}`);
    }
  }

  /** Inserts or replaces a structure item's row (table per kind, see `postgres-structure.ts`). */
  async upsertStructure(key: string, data: unknown, meta: { digest: string }, signal?: AbortSignal): Promise<WriteOutcome> {
    const { sql, params } = upsertStructureStatement(key, JSON.stringify(data), meta.digest);
    await this.query(`upsert of ${key}`, sql, params, signal);
    return WriteOutcome.WRITTEN;
  }

  /** Deletes a structure item's row; a row that is not there counts as done. */
  async removeStructure(key: string, signal?: AbortSignal): Promise<WriteOutcome> {
    const { sql, params } = removeStructureStatement(key);
    await this.query(`delete of ${key}`, sql, params, signal);
    return WriteOutcome.WRITTEN;
  }

  /** Closes every connection of the pool. */
  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Runs one statement; resolves with the number of rows it changed. */
  private async query(what: string, sql: string, params: unknown[], signal?: AbortSignal): Promise<number> {
    // `pg` cannot abandon a statement it sent; a single-row write is bounded by the statement timeout instead.
    signal?.throwIfAborted();
    try {
      return (await this.pool.query(sql, params)).rowCount ?? 0;
    } catch (err) {
      throw toDestinationDatabaseError(err, what);
    }
  }
}
