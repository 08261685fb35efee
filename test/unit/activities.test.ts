import assert from 'node:assert/strict';
import { contentDigest } from '../../src/akeneo/content-digest';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createDestinationActivities, createPimActivities } from '../../src/activities';
import { AkeneoRestClient } from '../../src/akeneo/rest-client';
import { HttpDestination } from '../../src/destination/http-destination';
import { FailureType } from '../../src/failures';
import type { EntityRef } from '../../src/workflows/definitions';
import { sendJson, startTinyServer, type TinyHandler, type TinyServer } from '../helpers/tiny-server';

const REF: EntityRef = { kind: 'product', id: '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b' };
const PRODUCT = { uuid: REF.id, updated: '2024-05-02T08:15:00+00:00', values: {} };

/** A fake PIM whose token endpoint always succeeds and whose REST calls go to `rest`. */
function startPim(rest: TinyHandler): Promise<TinyServer> {
  return startTinyServer((req, res) =>
    req.path === '/api/oauth/v1/token' ? sendJson(res, 200, { access_token: 't', expires_in: 3600, refresh_token: 'r' }) : rest(req, res),
  );
}

/** An activity environment that does not print the failures these tests provoke. */
function quietEnv(): MockActivityEnvironment {
  return new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
}

function pimActivities(server: TinyServer) {
  const pim = new AkeneoRestClient({ baseUrl: server.url, clientId: 'c', clientSecret: 's', username: 'u', password: 'p' });
  return createPimActivities({ pim });
}

function assertFailure(err: unknown, type: string, nonRetryable: boolean): ApplicationFailure {
  assert.ok(err instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(err)}`);
  assert.equal(err.type, type);
  assert.equal(err.nonRetryable, nonRetryable);
  assert.ok(err.cause, 'keeps the cause');
  return err;
}

describe('activities', () => {
  let server: TinyServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('fetchEntity returns the product and its updated as the version', async () => {
    server = await startPim((_req, res) => sendJson(res, 200, PRODUCT));
    const result = await quietEnv().run(pimActivities(server).fetchEntity, REF);
    assert.deepEqual(result, { found: true, version: PRODUCT.updated, digest: contentDigest(PRODUCT), data: PRODUCT });
  });

  it('fetchEntity returns {found:false} on a 404', async () => {
    server = await startPim((_req, res) => sendJson(res, 404, { code: 404, message: 'Product model "m" does not exist' }));
    const model: EntityRef = { kind: 'product-model', id: 'm' };
    const result = await quietEnv().run(pimActivities(server).fetchEntity, model);
    assert.deepEqual(result, { found: false });
    assert.equal(server.requests.at(-1)?.path, '/api/rest/v1/product-models/m');
  });

  it('fetchEntity turns a 429 into PimRateLimited with nextRetryDelay from Retry-After', async () => {
    server = await startPim((_req, res) => sendJson(res, 429, { code: 429, message: 'slow down' }, { 'Retry-After': '9' }));
    await assert.rejects(quietEnv().run(pimActivities(server).fetchEntity, REF), (err: unknown) => {
      const failure = assertFailure(err, FailureType.PIM_RATE_LIMITED, false);
      assert.equal(failure.nextRetryDelay, '9s');
      return true;
    });
  });

  it('fetchEntity turns a 429 without Retry-After into a 1 s delay', async () => {
    server = await startPim((_req, res) => sendJson(res, 429, { code: 429, message: 'slow down' }));
    await assert.rejects(quietEnv().run(pimActivities(server).fetchEntity, REF), (err: unknown) => {
      assert.equal(assertFailure(err, FailureType.PIM_RATE_LIMITED, false).nextRetryDelay, '1s');
      return true;
    });
  });

  it('fetchEntity turns a 400 into a non-retryable PimRejected naming the status', async () => {
    server = await startPim((_req, res) => sendJson(res, 400, { code: 400, message: 'bad request' }));
    await assert.rejects(quietEnv().run(pimActivities(server).fetchEntity, REF), (err: unknown) => {
      assert.match(assertFailure(err, FailureType.PIM_REJECTED, true).message, /400/);
      return true;
    });
  });

  it('fetchEntity turns a 503 into a retryable PimUnavailable', async () => {
    server = await startPim((_req, res) => sendJson(res, 503, {}));
    await assert.rejects(quietEnv().run(pimActivities(server).fetchEntity, REF), (err: unknown) => {
      assertFailure(err, FailureType.PIM_UNAVAILABLE, false);
      return true;
    });
  });

  it('fetchEntity passes the cancellation signal to the PIM client', async () => {
    const env = quietEnv();
    server = await startPim(() => env.cancel());
    await assert.rejects(env.run(pimActivities(server).fetchEntity, REF), CancelledFailure);
  });

  it('writeEntity turns a destination 503 into a retryable DestinationUnavailable', async () => {
    server = await startTinyServer((_req, res) => sendJson(res, 503, {}));
    const acts = createDestinationActivities({ destination: new HttpDestination({ baseUrl: server.url }) });
    await assert.rejects(quietEnv().run(acts.writeEntity, REF, PRODUCT, PRODUCT.updated), (err: unknown) => {
      assertFailure(err, FailureType.DESTINATION_UNAVAILABLE, false);
      return true;
    });
  });

  it('writeEntity passes the version and digest on and returns superseded on a 412', async () => {
    let status = 204;
    server = await startTinyServer((_req, res) => sendJson(res, status, {}));
    const acts = createDestinationActivities({ destination: new HttpDestination({ baseUrl: server.url }) });
    assert.equal(await quietEnv().run(acts.writeEntity, REF, PRODUCT, PRODUCT.updated, 'd-1'), 'written');
    status = 412;
    assert.equal(await quietEnv().run(acts.writeEntity, REF, PRODUCT, PRODUCT.updated, 'd-1'), 'superseded');
    const [req] = server.requests;
    assert.equal(req.headers['x-akeneo-updated'], PRODUCT.updated);
    assert.equal(req.headers['x-akeneo-content-digest'], 'd-1');
  });

  it('writeEntity still accepts a call without a digest (workflows that predate it)', async () => {
    server = await startTinyServer((_req, res) => sendJson(res, 200, {}));
    const acts = createDestinationActivities({ destination: new HttpDestination({ baseUrl: server.url }) });
    assert.equal(await quietEnv().run(acts.writeEntity, REF, PRODUCT, PRODUCT.updated), 'written');
    assert.equal(server.requests[0].headers['x-akeneo-content-digest'], undefined);
  });

  it('deleteEntity sends the removal time given, or now when called with the ref alone', async () => {
    server = await startTinyServer((_req, res) => sendJson(res, 409, {}));
    const acts = createDestinationActivities({ destination: new HttpDestination({ baseUrl: server.url }) });
    assert.equal(await quietEnv().run(acts.deleteEntity, REF, '2024-05-03T10:00:00.000Z'), 'superseded');
    const before = Date.now();
    await quietEnv().run(acts.deleteEntity, REF);
    const [given, defaulted] = server.requests.map((r) => String(r.headers['x-akeneo-updated']));
    assert.equal(given, '2024-05-03T10:00:00.000Z');
    const t = Date.parse(defaulted);
    assert.ok(t >= before - 1000 && t <= Date.now(), `now as ISO (${defaulted})`);
  });

  it('deleteEntity turns a destination 429 into DestinationRateLimited and a 422 into DestinationRejected', async () => {
    let status = 429;
    server = await startTinyServer((_req, res) => sendJson(res, status, {}, { 'Retry-After': '3' }));
    const acts = createDestinationActivities({ destination: new HttpDestination({ baseUrl: server.url }) });
    await assert.rejects(quietEnv().run(acts.deleteEntity, REF), (err: unknown) => {
      assert.equal(assertFailure(err, FailureType.DESTINATION_RATE_LIMITED, false).nextRetryDelay, '3s');
      return true;
    });
    status = 422;
    await assert.rejects(quietEnv().run(acts.deleteEntity, REF), (err: unknown) => {
      assertFailure(err, FailureType.DESTINATION_REJECTED, true);
      return true;
    });
  });
});

describe('database destination failures', () => {
  it('retries a lost connection and rejects bad data for good', async () => {
    const { toDestinationFailure } = await import('../../src/activities/failure-mapping');
    const { DestinationDatabaseError } = await import('../../src/destination/postgres-destination');
    const { ApplicationFailure } = await import('@temporalio/common');
    const lost = toDestinationFailure(new DestinationDatabaseError('refused', true, 'ECONNREFUSED'));
    const bad = toDestinationFailure(new DestinationDatabaseError('unique violation', false, '23505'));
    if (!(lost instanceof ApplicationFailure) || !(bad instanceof ApplicationFailure)) throw new Error('expected ApplicationFailures');
    if (lost.type !== 'DestinationUnavailable' || lost.nonRetryable) throw new Error(`lost connection mapped to ${lost.type}`);
    if (bad.type !== 'DestinationRejected' || !bad.nonRetryable) throw new Error(`bad data mapped to ${bad.type}`);
  });
});
