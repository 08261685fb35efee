/**
 * Media files in the PostgreSQL destination: `media_files` (one row per code, written last) and
 * `media_file_chunks` (the bytes, {@link MEDIA_CHUNK_BYTES} per row), filled from the stream in one transaction,
 * so a file is never held whole in memory and a transfer cut short leaves nothing.
 */
import type { Pool, PoolClient } from 'pg';
import type { Readable } from 'node:stream';
import type { MediaMeta } from './destination';

/** Bytes per row of `media_file_chunks`. */
export const MEDIA_CHUNK_BYTES = 1024 * 1024;

/** Whether `media_files` has `code`. */
export async function hasMediaRow(pool: Pool, code: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM media_files WHERE code = $1', [code]);
  return (rowCount ?? 0) > 0;
}

/** Stores the file in one transaction, chunk by chunk as the stream delivers; rolls back if the stream errors. */
export async function putMediaRows(pool: Pool, code: string, body: Readable, meta: MediaMeta, signal?: AbortSignal): Promise<void> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    await client.query('DELETE FROM media_file_chunks WHERE code = $1', [code]);
    const size = await writeChunks(client, code, body, signal);
    await client.query(
      `INSERT INTO media_files (code, content_type, size, synced_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (code) DO UPDATE SET content_type = EXCLUDED.content_type, size = EXCLUDED.size, synced_at = EXCLUDED.synced_at`,
      [code, meta.contentType, size],
    );
    await client.query('COMMIT');
  } catch (err) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    body.destroy();
    throw err;
  } finally {
    client.release(failed);
  }
}

async function writeChunks(client: PoolClient, code: string, body: Readable, signal?: AbortSignal): Promise<number> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  let size = 0;
  const flush = async (): Promise<void> => {
    const bytes = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await client.query('INSERT INTO media_file_chunks (code, seq, bytes) VALUES ($1, $2, $3)', [code, seq++, bytes]);
  };
  for await (const chunk of body) {
    signal?.throwIfAborted();
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    // Cut to exact 1 MiB rows, so a row's size never depends on how the stream happened to split.
    for (let at = 0; at < buf.length; ) {
      const take = Math.min(MEDIA_CHUNK_BYTES - pendingBytes, buf.length - at);
      pending.push(buf.subarray(at, at + take));
      pendingBytes += take;
      at += take;
      if (pendingBytes === MEDIA_CHUNK_BYTES) await flush();
    }
  }
  if (pendingBytes > 0) await flush();
  return size;
}
