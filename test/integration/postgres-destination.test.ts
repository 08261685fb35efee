import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Pool } from 'pg';
import { createDestination } from '../../src/destination/create';
import { DestinationDatabaseError, PostgresDestination } from '../../src/destination/postgres-destination';
import { MIGRATIONS, migrateSchema } from '../../src/destination/postgres-schema';
import type { EntityRef } from '../../src/workflows/definitions';
import { freePort } from '../../src/dev/temporal-dev-server';
import { startPostgres, type TestPostgres } from '../../src/dev/postgres';

interface Row {
  identifier: string | null;
  data: unknown;
  updated: Date;
  digest: string | null;
  synced_at: Date;
}

const REMOVED = { version: '2024-05-03T10:00:00.000Z' };

function pimProduct(uuid: string, updated: string, name: string) {
  return {
    uuid,
    enabled: true,
    family: 'clothing',
    categories: ['master'],
    values: { sku: [{ locale: null, scope: null, data: `SKU-${uuid.slice(0, 8)}` }], name: [{ locale: 'en_US', scope: null, data: name }] },
    created: '2024-05-02T08:00:00+00:00',
    updated,
  };
}

async function rejection(p: Promise<unknown>): Promise<DestinationDatabaseError> {
  const err = await p.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof DestinationDatabaseError, `expected a DestinationDatabaseError, got ${String(err)}`);
  return err;
}

describe('PostgreSQL destination against a real server', function () {
  this.timeout(120_000);
  let pg: TestPostgres;
  let url: string;
  let destination: PostgresDestination;
  let db: Pool;

  before(async () => {
    pg = await startPostgres();
    url = await pg.createDatabase('destination');
    destination = new PostgresDestination({ connectionString: url });
    await destination.migrate();
    db = new Pool({ connectionString: url, max: 2 });
  });

  after(async () => {
    await db?.end();
    await destination?.close();
    await pg?.stop();
  });

  async function product(uuid: string): Promise<Row | undefined> {
    const { rows } = await db.query<Row>('SELECT identifier, data, updated, digest, synced_at FROM products WHERE uuid = $1', [uuid]);
    return rows[0];
  }

  it('migrates idempotently, also when two workers start at once', async () => {
    const fresh = await pg.createDatabase('migrations');
    const [a, b] = [new PostgresDestination({ connectionString: fresh }), new PostgresDestination({ connectionString: fresh })];
    try {
      const applied = (await Promise.all([a.migrate(), b.migrate()])).sort((x, y) => y.length - x.length);
      const versions = MIGRATIONS.map((m) => m.version);
      assert.deepEqual(applied, [versions, []], 'one of them applied the migrations, the other nothing');
      assert.deepEqual(await a.migrate(), [], 'a third run applies nothing');
      const check = new Pool({ connectionString: fresh, max: 1 });
      const { rows } = await check.query<{ version: number }>('SELECT version FROM schema_migrations');
      const tables = await check.query<{ t: string | null }>("SELECT to_regclass('products')::text AS t UNION ALL SELECT to_regclass('product_models')::text");
      await check.end();
      assert.deepEqual(rows, versions.map((version) => ({ version })));
      assert.deepEqual(tables.rows.map((r) => r.t), ['products', 'product_models']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps structure items in one table per kind, options by attribute and code, and deletes them', async () => {
    await destination.upsertStructure('attributes/color', { code: 'color', type: 'pim_catalog_simpleselect' }, { digest: 'd1' });
    await destination.upsertStructure('attribute-options/color/red', { code: 'red', labels: { en_US: 'Red' } }, { digest: 'o1' });
    await destination.upsertStructure('attribute-options/color/red', { code: 'red', labels: { en_US: 'Crimson' } }, { digest: 'o2' });
    const option = await db.query<{ attribute: string; data: { labels: Record<string, string> }; digest: string }>(
      "SELECT attribute, data, digest FROM structure_attribute_options WHERE code = 'red'",
    );
    assert.deepEqual(option.rows, [{ attribute: 'color', data: { code: 'red', labels: { en_US: 'Crimson' } }, digest: 'o2' }]);
    assert.equal((await db.query("SELECT 1 FROM structure_attributes WHERE code = 'color'")).rowCount, 1);
    assert.equal(await destination.removeStructure('attribute-options/color/red'), 'written');
    assert.equal(await destination.removeStructure('attribute-options/color/red'), 'written', 'absent counts as done');
    assert.equal((await db.query('SELECT 1 FROM structure_attribute_options')).rowCount, 0);
  });

  it('adds the digest column to a database created before it, keeping its rows', async () => {
    const old = await pg.createDatabase('before_digest');
    const pool = new Pool({ connectionString: old, max: 1 });
    const upgraded = new PostgresDestination({ connectionString: old });
    try {
      assert.deepEqual(await migrateSchema(pool, MIGRATIONS.slice(0, 1)), [1]);
      await pool.query("INSERT INTO products (uuid, data, updated) VALUES ('kept', '{}', '2024-05-02T08:00:00Z')");
      assert.deepEqual(await upgraded.migrate(), MIGRATIONS.slice(1).map((m) => m.version));
      assert.deepEqual(await upgraded.migrate(), [], 'idempotent');
      const { rows } = await pool.query<{ uuid: string; digest: string | null }>('SELECT uuid, digest FROM products');
      assert.deepEqual(rows, [{ uuid: 'kept', digest: null }]);
      const meta = { version: '2024-05-02T08:00:00Z', digest: 'd-model' };
      assert.equal(await upgraded.upsert({ kind: 'product-model', id: 'm' }, { code: 'm' }, meta), 'written');
    } finally {
      await Promise.all([pool.end(), upgraded.close()]);
    }
  });

  it('stores the PIM JSON as jsonb with the identifier and the version', async () => {
    const uuid = randomUUID();
    const data = pimProduct(uuid, '2024-05-02T08:15:00+00:00', 'Shirt');
    await destination.upsert({ kind: 'product', id: uuid }, data, { version: data.updated, digest: 'd-shirt' });
    const row = await product(uuid);
    assert.ok(row, 'row written');
    assert.deepEqual(row.data, data);
    assert.equal(row.identifier, `SKU-${uuid.slice(0, 8)}`);
    assert.equal(row.updated.toISOString(), '2024-05-02T08:15:00.000Z');
    assert.equal(row.digest, 'd-shirt');
    assert.ok(Math.abs(row.synced_at.getTime() - Date.now()) < 60_000, 'synced_at is now');
  });

  it('ignores a version older than the stored one and reports it as superseded', async () => {
    const ref: EntityRef = { kind: 'product', id: randomUUID() };
    const newer = pimProduct(ref.id, '2024-05-02T09:00:00+00:00', 'newer');
    assert.equal(await destination.upsert(ref, newer, { version: newer.updated, digest: 'd-newer' }), 'written');
    const older = pimProduct(ref.id, '2024-05-02T08:59:59+00:00', 'older');
    assert.equal(await destination.upsert(ref, older, { version: older.updated, digest: 'd-older' }), 'superseded');
    const row = await product(ref.id);
    assert.deepEqual(row?.data, newer);
    assert.equal(row?.updated.toISOString(), '2024-05-02T09:00:00.000Z');
    assert.equal(row?.digest, 'd-newer');
  });

  it('writes a save made within the same second (equal updated, other digest)', async () => {
    const ref: EntityRef = { kind: 'product', id: randomUUID() };
    const first = pimProduct(ref.id, '2024-05-02T09:00:00+00:00', 'first');
    const second = pimProduct(ref.id, '2024-05-02T09:00:00+00:00', 'second');
    assert.equal(await destination.upsert(ref, first, { version: first.updated, digest: 'd-first' }), 'written');
    assert.equal(await destination.upsert(ref, second, { version: second.updated, digest: 'd-second' }), 'written');
    const row = await product(ref.id);
    assert.deepEqual(row?.data, second);
    assert.equal(row?.digest, 'd-second');
  });

  it('replaces the row on a newer version and rewrites it on an equal one', async () => {
    const ref: EntityRef = { kind: 'product', id: randomUUID() };
    const v1 = pimProduct(ref.id, '2024-05-02T08:00:00+00:00', 'v1');
    const v2 = pimProduct(ref.id, '2024-05-02T08:00:01+00:00', 'v2');
    await destination.upsert(ref, v1, { version: v1.updated });
    assert.equal(await destination.upsert(ref, v2, { version: v2.updated }), 'written');
    assert.deepEqual((await product(ref.id))?.data, v2);
    const first = (await product(ref.id))!.synced_at;
    const again = { ...v2, values: { ...v2.values, name: [{ locale: 'en_US', scope: null, data: 'v2 again' }] } };
    assert.equal(await destination.upsert(ref, again, { version: again.updated }), 'written');
    const row = await product(ref.id);
    assert.deepEqual(row?.data, again, 'an equal version is written again');
    assert.equal(row.digest, null, 'no digest given: none stored');
    assert.ok(row.synced_at.getTime() >= first.getTime());
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM products WHERE uuid = $1', [ref.id]);
    assert.equal(rows[0]?.n, '1');
  });

  it('deletes a product, and deleting an absent one counts as done', async () => {
    const ref: EntityRef = { kind: 'product', id: randomUUID() };
    const data = pimProduct(ref.id, '2024-05-02T08:00:00+00:00', 'gone');
    await destination.upsert(ref, data, { version: data.updated });
    assert.equal(await destination.remove(ref, REMOVED), 'written');
    assert.equal(await product(ref.id), undefined);
    assert.equal(await destination.remove(ref, REMOVED), 'written');
    await destination.remove({ kind: 'product', id: randomUUID() }, REMOVED);
  });

  it('keeps product models by code with the same version guard', async () => {
    const ref: EntityRef = { kind: 'product-model', id: `model_${randomUUID().slice(0, 8)}` };
    const model = (updated: string, label: string) => ({ code: ref.id, family: 'clothing', values: { label: [{ locale: null, scope: null, data: label }] }, updated });
    const read = async () => (await db.query<Row>('SELECT data, updated, digest FROM product_models WHERE code = $1', [ref.id])).rows[0];
    const newer = { version: '2024-05-02T08:00:01+00:00', digest: 'd-new' };
    assert.equal(await destination.upsert(ref, model(newer.version, 'new'), newer), 'written');
    const older = { version: '2024-05-02T08:00:00+00:00', digest: 'd-old' };
    assert.equal(await destination.upsert(ref, model(older.version, 'old'), older), 'superseded');
    assert.deepEqual((await read())?.data, model(newer.version, 'new'));
    assert.equal((await read())?.digest, 'd-new');
    assert.equal(await product(ref.id), undefined, 'not written to products');
    await destination.remove(ref, REMOVED);
    assert.equal(await read(), undefined);
    await destination.remove(ref, REMOVED);
  });

  it('rejects data the database cannot store, as not retryable', async () => {
    const ref: EntityRef = { kind: 'product', id: randomUUID() };
    const badVersion = await rejection(destination.upsert(ref, pimProduct(ref.id, 'x', 'x'), { version: 'not-a-date' }));
    assert.equal(badVersion.retryable, false);
    assert.equal(badVersion.code?.slice(0, 2), '22', 'a data exception');
    const nul = await rejection(destination.upsert(ref, { uuid: ref.id, name: 'a\u0000b' }, { version: '2024-05-02T08:00:00+00:00' }));
    assert.equal(nul.retryable, false);
    assert.equal(nul.code, '22P05');
    assert.equal(await product(ref.id), undefined);
  });

  it('does not write once the activity is cancelled', async () => {
    const ref: EntityRef = { kind: 'product', id: randomUUID() };
    const abort = new AbortController();
    abort.abort(new Error('cancelled'));
    await assert.rejects(destination.upsert(ref, pimProduct(ref.id, 'x', 'x'), { version: '2024-05-02T08:00:00+00:00' }, abort.signal), /cancelled/);
    assert.equal(await product(ref.id), undefined);
  });

  it('classifies an unreachable database as retryable', async () => {
    const nowhere = new PostgresDestination({ connectionString: `postgres://${pg.user}:${pg.password}@127.0.0.1:${await freePort()}/destination`, timeoutMs: 5_000 });
    try {
      const err = await rejection(nowhere.upsert({ kind: 'product', id: randomUUID() }, {}, { version: '2024-05-02T08:00:00+00:00' }));
      assert.equal(err.retryable, true);
      assert.equal(err.code, 'ECONNREFUSED');
    } finally {
      await nowhere.close();
    }
  });

  it('is built and migrated from DESTINATION=postgres, and fails fast on bad credentials', async () => {
    const databaseUrl = await pg.createDatabase('from_config');
    const owned = await createDestination({ kind: 'postgres', databaseUrl });
    const uuid = randomUUID();
    await owned.destination.upsert({ kind: 'product', id: uuid }, { uuid }, { version: '2024-05-02T08:00:00+00:00' });
    await owned.close();
    const check = new Pool({ connectionString: databaseUrl, max: 1 });
    const { rows } = await check.query<{ data: unknown }>('SELECT data FROM products WHERE uuid = $1', [uuid]);
    await check.end();
    assert.deepEqual(rows, [{ data: { uuid } }]);
    const err = await rejection(createDestination({ kind: 'postgres', databaseUrl: `postgres://${pg.user}:wrong@127.0.0.1:${pg.port}/destination` }));
    assert.equal(err.code, '28P01', 'authentication failed');
    assert.equal(err.retryable, false);
  });

  it('stores a media file streamed in 1 MiB chunk rows; a stream cut short leaves nothing', async () => {
    const bytes = Buffer.alloc(2_500_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) % 251;
    const code = `a/b/${randomUUID()}_photo.jpg`;
    assert.equal(await destination.hasMedia(code), false);
    const pieces = Array.from({ length: 25 }, (_, i) => bytes.subarray(i * 100_000, (i + 1) * 100_000));
    await destination.putMedia(code, Readable.from(pieces), { contentType: 'image/jpeg' });
    assert.equal(await destination.hasMedia(code), true);
    const file = await db.query<{ content_type: string; size: string }>('SELECT content_type, size FROM media_files WHERE code = $1', [code]);
    assert.deepEqual(file.rows, [{ content_type: 'image/jpeg', size: '2500000' }]);
    const chunks = await db.query<{ bytes: Buffer }>('SELECT bytes FROM media_file_chunks WHERE code = $1 ORDER BY seq', [code]);
    assert.deepEqual(chunks.rows.map((r) => r.bytes.length), [1_048_576, 1_048_576, 402_848]);
    const stored = createHash('sha256').update(Buffer.concat(chunks.rows.map((r) => r.bytes))).digest('hex');
    assert.equal(stored, createHash('sha256').update(bytes).digest('hex'));

    const cut = `a/b/${randomUUID()}_cut.jpg`;
    let sent = false;
    const cutShort = new Readable({
      read() {
        if (sent) return this.destroy(new Error('download cut short'));
        sent = true;
        this.push(bytes.subarray(0, 1_500_000));
      },
    });
    await assert.rejects(destination.putMedia(cut, cutShort, { contentType: 'image/jpeg' }), /download cut short/);
    assert.equal(await destination.hasMedia(cut), false);
    assert.equal((await db.query('SELECT 1 FROM media_file_chunks WHERE code = $1', [cut])).rowCount, 0);
  });
});
