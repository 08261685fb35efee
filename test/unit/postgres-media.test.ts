import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { Pool } from 'pg';
import { MEDIA_CHUNK_BYTES, putMediaRows } from '../../src/destination/postgres-media';

/** A pool of one recording client: every statement and its parameters, in order. */
function recordingPool() {
  const statements: Array<{ sql: string; params?: unknown[] }> = [];
  const released: boolean[] = [];
  const client = {
    query: (sql: string, params?: unknown[]) => {
      statements.push({ sql: sql.trim().split(/\s+/).slice(0, 3).join(' '), params });
      return Promise.resolve({ rowCount: 1, rows: [] });
    },
    release: (failed?: boolean) => released.push(failed === true),
  };
  return { pool: { connect: () => Promise.resolve(client) } as unknown as Pool, statements, released };
}

/** `total` bytes in uneven chunks of 300 000 bytes; errors after `failAt` bytes when set. */
function body(total: number, failAt?: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (failAt !== undefined && sent >= failAt) return this.destroy(new Error('download cut short'));
      if (sent >= total) return this.push(null);
      const n = Math.min(300_000, total - sent);
      sent += n;
      this.push(Buffer.alloc(n, 7));
    },
  });
}

describe('PostgreSQL media files', () => {
  it('writes the stream as exact 1 MiB chunk rows, then the media_files row, in one transaction', async () => {
    const { pool, statements, released } = recordingPool();
    const total = 2 * MEDIA_CHUNK_BYTES + 5;
    await putMediaRows(pool, 'a/b/photo.jpg', body(total), { contentType: 'image/jpeg' });
    const chunks = statements.filter((s) => s.sql.startsWith('INSERT INTO media_file_chunks'));
    assert.deepEqual(chunks.map((c) => [c.params?.[1], (c.params?.[2] as Buffer).length]), [[0, MEDIA_CHUNK_BYTES], [1, MEDIA_CHUNK_BYTES], [2, 5]]);
    assert.deepEqual(statements.map((s) => s.sql.split(' ')[0]), ['BEGIN', 'DELETE', 'INSERT', 'INSERT', 'INSERT', 'INSERT', 'COMMIT']);
    const row = statements.find((s) => s.sql.startsWith('INSERT INTO media_files'));
    assert.deepEqual(row?.params, ['a/b/photo.jpg', 'image/jpeg', total]);
    assert.deepEqual(released, [false]);
  });

  it('rolls back and writes no media_files row when the stream errors', async () => {
    const { pool, statements, released } = recordingPool();
    await assert.rejects(putMediaRows(pool, 'x.png', body(5 * MEDIA_CHUNK_BYTES, 2 * MEDIA_CHUNK_BYTES), { contentType: 'image/png' }), /download cut short/);
    assert.equal(statements.at(-1)?.sql, 'ROLLBACK');
    assert.ok(!statements.some((s) => s.sql.startsWith('INSERT INTO media_files')));
    assert.deepEqual(released, [true]);
  });
});
