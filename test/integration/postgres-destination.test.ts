import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createDestination } from '../../src/destination/create';
import { DestinationDatabaseError, PostgresDestination } from '../../src/destination/postgres-destination';
import type { EntityRef } from '../../src/workflows/definitions';
import { freePort } from '../../src/dev/temporal-dev-server';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

interface Row {
  identifier: string | null;
  data: unknown;
  updated: Date;
  synced_at: Date;
}

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
    const { rows } = await db.query<Row>('SELECT identifier, data, updated, synced_at FROM products WHERE uuid = $1', [uuid]);
    return rows[0];
  }

  it('migrates idempotently, also when two workers start at once', async () => {
    const fresh = await pg.createDatabase('migrations');
    const [a, b] = [new PostgresDestination({ connectionString: fresh }), new PostgresDestination({ connectionString: fresh })];
    try {
      const applied = (await Promise.all([a.migrate(), b.migrate()])).sort((x, y) => y.length - x.length);
      assert.deepEqual(applied, [[1], []], 'one of them applied migration 1, the other nothing');
      assert.deepEqual(await a.migrate(), [], 'a third run applies nothing');
      const check = new Pool({ connectionString: fresh, max: 1 });
      const { rows } = await check.query<{ version: number }>('SELECT version FROM schema_migrations');
      const tables = await check.query<{ t: string | null }>("SELECT to_regclass('products')::text AS t UNION ALL SELECT to_regclass('product_models')::text");
      await check.end();
      assert.deepEqual(rows, [{ version: 1 }]);
      assert.deepEqual(tables.rows.map((r) => r.t), ['products', 'product_models']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('stores the PIM JSON as jsonb with the identifier and the version', async () => {
    const uuid = randomUUID();
    const data = pimProduct(uuid, '2024-05-02T08:15:00+00:00', 'Shirt');
    await destination.upsert({ kind: 'product', id: uuid }, data, data.updated);
    const row = await product(uuid);
    assert.ok(row, 'row written');
    assert.deepEqual(row.data, data);
    assert.equal(row.identifier, `SKU-${uuid.slice(0, 8)}`);
    assert.equal(row.updated.toISOString(), '2024-05-02T08:15:00.000Z');
    assert.ok(Math.abs(row.synced_at.getTime() - Date.now()) < 60_000, 'synced_at is now');
  });

  it('ignores a version older than the stored one', async () => {
    const ref: EntityRef = { kind: 'product', id: randomUUID() };
    const newer = pimProduct(ref.id, '2024-05-02T09:00:00+00:00', 'newer');
    await destination.upsert(ref, newer, newer.updated);
    const older = pimProduct(ref.id, '2024-05-02T08:59:59+00:00', 'older');
    await destination.upsert(ref, older, older.updated);
    const row = await product(ref.id);
    assert.deepEqual(row?.data, newer);
    assert.equal(row?.updated.toISOString(), '2024-05-02T09:00:00.000Z');
  });

  it('replaces the row on a newer version and rewrites it on an equal one', async () => {
    const ref: EntityRef = { kind: 'product', id: randomUUID() };
    const v1 = pimProduct(ref.id, '2024-05-02T08:00:00+00:00', 'v1');
    const v2 = pimProduct(ref.id, '2024-05-02T08:00:01+00:00', 'v2');
    await destination.upsert(ref, v1, v1.updated);
    await destination.upsert(ref, v2, v2.updated);
    assert.deepEqual((await product(ref.id))?.data, v2);
    const first = (await product(ref.id))!.synced_at;
    const again = { ...v2, values: { ...v2.values, name: [{ locale: 'en_US', scope: null, data: 'v2 again' }] } };
    await destination.upsert(ref, again, again.updated);
    const row = await product(ref.id);
    assert.deepEqual(row?.data, again, 'an equal version is written again');
    assert.ok(row.synced_at.getTime() >= first.getTime());
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM products WHERE uuid = $1', [ref.id]);
    assert.equal(rows[0]?.n, '1');
  });

  it('deletes a product, and deleting an absent one counts as done', async () => {
    const ref: EntityRef = { kind: 'product', id: randomUUID() };
    const data = pimProduct(ref.id, '2024-05-02T08:00:00+00:00', 'gone');
    await destination.upsert(ref, data, data.updated);
    await destination.remove(ref);
    assert.equal(await product(ref.id), undefined);
    await destination.remove(ref);
    await destination.remove({ kind: 'product', id: randomUUID() });
  });

  it('keeps product models by code with the same version guard', async () => {
    const ref: EntityRef = { kind: 'product-model', id: `model_${randomUUID().slice(0, 8)}` };
    const model = (updated: string, label: string) => ({ code: ref.id, family: 'clothing', values: { label: [{ locale: null, scope: null, data: label }] }, updated });
    const read = async () => (await db.query<Row>('SELECT data, updated FROM product_models WHERE code = $1', [ref.id])).rows[0];
    await destination.upsert(ref, model('2024-05-02T08:00:01+00:00', 'new'), '2024-05-02T08:00:01+00:00');
    await destination.upsert(ref, model('2024-05-02T08:00:00+00:00', 'old'), '2024-05-02T08:00:00+00:00');
    assert.deepEqual((await read())?.data, model('2024-05-02T08:00:01+00:00', 'new'));
    assert.equal(await product(ref.id), undefined, 'not written to products');
    await destination.remove(ref);
    assert.equal(await read(), undefined);
    await destination.remove(ref);
  });

  it('rejects data the database cannot store, as not retryable', async () => {
    const ref: EntityRef = { kind: 'product', id: randomUUID() };
    const badVersion = await rejection(destination.upsert(ref, pimProduct(ref.id, 'x', 'x'), 'not-a-date'));
    assert.equal(badVersion.retryable, false);
    assert.equal(badVersion.code?.slice(0, 2), '22', 'a data exception');
    const nul = await rejection(destination.upsert(ref, { uuid: ref.id, name: 'a\u0000b' }, '2024-05-02T08:00:00+00:00'));
    assert.equal(nul.retryable, false);
    assert.equal(nul.code, '22P05');
    assert.equal(await product(ref.id), undefined);
  });

  it('does not write once the activity is cancelled', async () => {
    const ref: EntityRef = { kind: 'product', id: randomUUID() };
    const abort = new AbortController();
    abort.abort(new Error('cancelled'));
    await assert.rejects(destination.upsert(ref, pimProduct(ref.id, 'x', 'x'), '2024-05-02T08:00:00+00:00', abort.signal), /cancelled/);
    assert.equal(await product(ref.id), undefined);
  });

  it('classifies an unreachable database as retryable', async () => {
    const nowhere = new PostgresDestination({ connectionString: `postgres://${pg.user}:${pg.password}@127.0.0.1:${await freePort()}/destination`, timeoutMs: 5_000 });
    try {
      const err = await rejection(nowhere.upsert({ kind: 'product', id: randomUUID() }, {}, '2024-05-02T08:00:00+00:00'));
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
    await owned.destination.upsert({ kind: 'product', id: uuid }, { uuid }, '2024-05-02T08:00:00+00:00');
    await owned.close();
    const check = new Pool({ connectionString: databaseUrl, max: 1 });
    const { rows } = await check.query<{ data: unknown }>('SELECT data FROM products WHERE uuid = $1', [uuid]);
    await check.end();
    assert.deepEqual(rows, [{ data: { uuid } }]);
    const err = await rejection(createDestination({ kind: 'postgres', databaseUrl: `postgres://${pg.user}:wrong@127.0.0.1:${pg.port}/destination` }));
    assert.equal(err.code, '28P01', 'authentication failed');
    assert.equal(err.retryable, false);
  });
});
