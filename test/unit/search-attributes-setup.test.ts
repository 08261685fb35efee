import assert from 'node:assert/strict';
import type { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { ensureSearchAttributes, isTemporalCloud, SearchAttributeSetupError } from '../../src/search-attributes-setup';
import { SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';

const KEYWORD = encodeSearchAttributeIndexedValueType('KEYWORD');
const DATETIME = encodeSearchAttributeIndexedValueType('DATETIME');
const INT = encodeSearchAttributeIndexedValueType('INT');
const ALL = { ProductUuid: KEYWORD, ProductModelCode: KEYWORD, ProductIdentifier: KEYWORD, SyncStatus: KEYWORD, LastSyncedAt: DATETIME };
const LOCAL = { namespace: 'default', address: '127.0.0.1:7233' };

/** A gRPC error as the client raises it. */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

/** An operator service holding `registered`; `add` decides what a registration does (default: it succeeds). */
function fakeOperator(registered: Record<string, unknown>, add?: (attrs: Record<string, unknown>) => Promise<void>) {
  const calls: Array<Record<string, unknown>> = [];
  const operatorService = {
    listSearchAttributes: () => Promise.resolve({ customAttributes: { ...registered } }),
    addSearchAttributes: async (req: { searchAttributes: Record<string, unknown> }) => {
      calls.push(req.searchAttributes);
      if (add) await add(req.searchAttributes);
      else Object.assign(registered, req.searchAttributes);
      return {};
    },
  };
  return { connection: { operatorService } as unknown as Pick<Connection, 'operatorService'>, calls };
}

async function setupError(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => assert.fail('expected a SearchAttributeSetupError'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof SearchAttributeSetupError, `got ${String(err)}`);
  assert.doesNotMatch(err.message, /\n/, 'one line');
  return err.message;
}

describe('search attribute setup', () => {
  it('does nothing when every attribute is registered', async () => {
    const { connection, calls } = fakeOperator({ ...ALL });
    assert.deepEqual(await ensureSearchAttributes(connection, LOCAL), { registered: [], listed: true });
    assert.equal(calls.length, 0);
  });

  it('registers only the missing attributes, with their types, and waits until they are listed', async () => {
    const { connection, calls } = fakeOperator({ ProductUuid: KEYWORD, SyncStatus: KEYWORD });
    const result = await ensureSearchAttributes(connection, LOCAL);
    assert.deepEqual(result, { registered: ['ProductModelCode', 'ProductIdentifier', 'LastSyncedAt'], listed: true });
    assert.deepEqual(calls, [{ ProductModelCode: KEYWORD, ProductIdentifier: KEYWORD, LastSyncedAt: DATETIME }]);
  });

  it('says so when registered attributes are not listed by the deadline', async () => {
    const { connection } = fakeOperator({}, () => Promise.resolve());
    assert.deepEqual(await ensureSearchAttributes(connection, { ...LOCAL, visibleWithinMs: 0 }), {
      registered: SEARCH_ATTRIBUTES.map((k) => k.name),
      listed: false,
    });
  });

  it('stops with one line naming the missing attributes and the CLI command when the server refuses', async () => {
    const { connection } = fakeOperator({ SyncStatus: KEYWORD }, () => Promise.reject(grpcError(7, 'Request unauthorized')));
    const message = await setupError(ensureSearchAttributes(connection, { namespace: 'shop', address: 'temporal.internal:7233' }));
    assert.equal(
      message,
      'search attributes missing in namespace shop: ProductUuid (Keyword), ProductModelCode (Keyword), ProductIdentifier (Keyword), ' +
        'LastSyncedAt (Datetime); the server does not let this worker register them (Request unauthorized); register them with: ' +
        'temporal operator search-attribute create --address temporal.internal:7233 --namespace shop ' +
        '--name ProductUuid --type Keyword --name ProductModelCode --type Keyword --name ProductIdentifier --type Keyword ' +
        '--name LastSyncedAt --type Datetime',
    );
  });

  it('on Temporal Cloud gives the tcld command', async () => {
    const { connection } = fakeOperator({ ...ALL, LastSyncedAt: undefined }, () => Promise.reject(grpcError(12, 'unknown method')));
    const message = await setupError(ensureSearchAttributes(connection, { namespace: 'shop.a1b2c', address: 'shop.a1b2c.tmprl.cloud:7233' }));
    assert.match(message, /^search attributes missing in namespace shop\.a1b2c: LastSyncedAt \(Datetime\); the server does not let this worker register them/);
    assert.ok(message.endsWith('register them with: tcld namespace search-attributes add --namespace shop.a1b2c --search-attribute LastSyncedAt=Datetime'), message);
  });

  it('does not try to fix a type clash, and says it cannot be fixed automatically', async () => {
    const { connection, calls } = fakeOperator({ ...ALL, SyncStatus: INT, LastSyncedAt: undefined });
    const message = await setupError(ensureSearchAttributes(connection, LOCAL));
    assert.match(message, /SyncStatus is Int but must be Keyword/);
    assert.match(message, /cannot be fixed automatically/);
    assert.match(message, /also missing: LastSyncedAt \(Datetime\)/);
    assert.equal(calls.length, 0);
  });

  it('accepts attributes another worker registered at the same time', async () => {
    const registered: Record<string, unknown> = {};
    const { connection } = fakeOperator(registered, () => {
      Object.assign(registered, ALL);
      return Promise.reject(grpcError(6, 'search attribute ProductUuid already exists'));
    });
    assert.deepEqual(await ensureSearchAttributes(connection, LOCAL), { registered: [], listed: true });
  });

  it('recognises Temporal Cloud endpoints', () => {
    assert.ok(isTemporalCloud('shop.a1b2c.tmprl.cloud:7233'));
    assert.ok(isTemporalCloud('eu-west-1.aws.api.temporal.io:7233'));
    assert.ok(!isTemporalCloud('127.0.0.1:7233'));
    assert.ok(!isTemporalCloud('temporal.example.com:7233'));
  });
});
