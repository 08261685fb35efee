import assert from 'node:assert/strict';
import { DatabaseError } from 'pg';
import { identifierOf, isRetryablePostgresError, toDestinationDatabaseError } from '../../src/destination/postgres-destination';

function serverError(code: string): DatabaseError {
  const err = new DatabaseError(`server error ${code}`, 0, 'error');
  err.code = code;
  return err;
}

describe('PostgreSQL destination error classification', () => {
  it('retries connection problems that never reached the server', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    assert.equal(isRetryablePostgresError(refused), true);
    assert.equal(isRetryablePostgresError(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isRetryablePostgresError(new Error('timeout exceeded when trying to connect')), true);
  });

  it('retries transient server states', () => {
    for (const code of ['08006', '40001', '40P01', '53300', '57P01', '57014', '58030', '55P03', '25006']) {
      assert.equal(isRetryablePostgresError(serverError(code)), true, code);
    }
  });

  it('does not retry rejected data, constraints, statements or credentials', () => {
    for (const code of ['22007', '22P02', '22P05', '23505', '23502', '42P01', '42501', '28P01', '3D000']) {
      assert.equal(isRetryablePostgresError(serverError(code)), false, code);
    }
  });

  it('wraps the error with its code and keeps it as the cause', () => {
    const cause = serverError('23505');
    const err = toDestinationDatabaseError(cause, 'upsert of product p1');
    assert.equal(err.retryable, false);
    assert.equal(err.code, '23505');
    assert.equal(err.cause, cause);
    assert.match(err.message, /^upsert of product p1 failed: server error 23505$/);
  });
});

describe('identifierOf', () => {
  it('prefers the top-level identifier, then the first sku value, then the event', () => {
    const sku = { values: { sku: [{ locale: null, scope: null, data: 'SKU-1' }] } };
    assert.equal(identifierOf({ identifier: 'ID-1', ...sku }), 'ID-1');
    assert.equal(identifierOf(sku), 'SKU-1');
    assert.equal(identifierOf({ values: {} }, { kind: 'product', id: 'u', identifier: 'EV-1' }), 'EV-1');
    assert.equal(identifierOf({ values: { sku: [{ data: 42 }] } }), null);
    assert.equal(identifierOf(null), null);
  });
});
