import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { toDestinationFailure, toPimFailure } from '../../src/activities/failure-mapping';
import { EventPlatformApi, EventPlatformHttpError } from '../../src/akeneo/event-platform-api';
import { AkeneoRestClient, PimHttpError } from '../../src/akeneo/rest-client';
import { DestinationHttpError, HttpDestination } from '../../src/destination/http-destination';
import { FailureType } from '../../src/failures';
import { sendJson, startTinyServer, type TinyServer } from '../helpers/tiny-server';

const UUID = '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b';
const CREDENTIALS = { clientId: 'client-id', clientSecret: 'client-secret', username: 'user', password: 'connection-password' };

function assertRejectedForGood(failure: unknown, type: FailureType): void {
  assert.ok(failure instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(failure)}`);
  assert.equal(failure.type, type);
  assert.equal(failure.nonRetryable, true);
}

describe('no redirects on calls that carry credentials or data', () => {
  /** Another origin, where a redirect points: it must receive nothing. */
  let elsewhere: TinyServer;
  let redirector: TinyServer;
  let status: number;
  /** The token request is answered normally, so that the GET behind it carries the bearer token. */
  let tokenOk: boolean;

  beforeEach(async () => {
    status = 302;
    tokenOk = false;
    elsewhere = await startTinyServer((_req, res) => sendJson(res, 200, { access_token: 'stolen', _embedded: { items: [] } }));
    redirector = await startTinyServer((req, res) => {
      if (tokenOk && req.path === '/api/oauth/v1/token') return sendJson(res, 200, { access_token: 'pim-token', expires_in: 3600 });
      res.writeHead(status, { Location: `${elsewhere.url}/collect?from=${encodeURIComponent(req.path)}` }).end();
    });
  });

  afterEach(async () => {
    await Promise.all([elsewhere.close(), redirector.close()]);
  });

  /** The message names the status, never where the redirect pointed. */
  function assertClear(err: Error, expected: number): void {
    assert.match(err.message, new RegExp(`answered ${expected} to .*a redirect, not followed`));
    assert.ok(!err.message.includes(elsewhere.url) && !err.message.includes('collect'), err.message);
  }

  it('the PIM client follows no redirect of the token request: the credentials stay, and the failure is not retried', async () => {
    status = 307; // 307 and 308 would re-send the POST, body and Basic credentials included
    const client = new AkeneoRestClient({ baseUrl: redirector.url, ...CREDENTIALS });
    const err = await client.getProduct(UUID).then(() => assert.fail('expected a failure'), (e: unknown) => e);
    assert.ok(err instanceof PimHttpError);
    assert.equal(err.status, 307);
    assertClear(err, 307);
    assert.deepEqual(elsewhere.requests, []);
    assertRejectedForGood(toPimFailure(err), FailureType.PIM_REJECTED);
  });

  it('the PIM client follows no redirect of a REST call: the bearer token stays with the PIM', async () => {
    tokenOk = true;
    const client = new AkeneoRestClient({ baseUrl: redirector.url, ...CREDENTIALS });
    const err = await client.getProduct(UUID).then(() => assert.fail('expected a failure'), (e: unknown) => e);
    assert.ok(err instanceof PimHttpError);
    assert.equal(err.status, 302);
    assertClear(err, 302);
    assert.deepEqual(redirector.requests.map((r) => [r.method, r.path]), [['POST', '/api/oauth/v1/token'], ['GET', `/api/rest/v1/products-uuid/${UUID}`]]);
    assert.deepEqual(elsewhere.requests, []);
    assertRejectedForGood(toPimFailure(err), FailureType.PIM_REJECTED);
  });

  it('the PIM client follows no redirect of a media download: the bearer token and the file stay with the PIM', async () => {
    tokenOk = true;
    status = 302; // where Akeneo's storage might be: the token must not follow
    const client = new AkeneoRestClient({ baseUrl: redirector.url, ...CREDENTIALS });
    const err = await client.openMediaDownload('a/b/c/photo.jpg').then(() => assert.fail('expected a failure'), (e: unknown) => e);
    assert.ok(err instanceof PimHttpError);
    assert.equal(err.status, 302);
    assertClear(err, 302);
    assert.deepEqual(redirector.requests.map((r) => [r.method, r.path]), [['POST', '/api/oauth/v1/token'], ['GET', '/api/rest/v1/media-files/a/b/c/photo.jpg/download']]);
    assert.deepEqual(elsewhere.requests, []);
    assertRejectedForGood(toPimFailure(err), FailureType.PIM_REJECTED);
  });

  it('the Event Platform client follows no redirect: the PIM token stays', async () => {
    status = 301;
    const api = new EventPlatformApi({ baseUrl: `${redirector.url}/api/v1`, pimUrl: 'https://pim.example.com', clientId: 'client-id', accessToken: () => Promise.resolve('pim-token') });
    const err = await api.listSubscribers().then(() => assert.fail('expected a failure'), (e: unknown) => e);
    assert.ok(err instanceof EventPlatformHttpError);
    assert.equal(err.status, 301);
    assertClear(err, 301);
    assert.deepEqual(elsewhere.requests, []);
  });

  it('the third party gets no write through a redirect: the product and the token stay, and the write is not retried', async () => {
    status = 308;
    const destination = new HttpDestination({ baseUrl: redirector.url, token: 'destination-token' });
    const err = await destination
      .upsert({ kind: 'product', id: UUID }, { uuid: UUID }, { version: '2024-05-02T08:15:00+00:00' })
      .then(() => assert.fail('expected a failure'), (e: unknown) => e);
    assert.ok(err instanceof DestinationHttpError);
    assert.equal(err.status, 308);
    assertClear(err, 308);
    assert.deepEqual(elsewhere.requests, []);
    assertRejectedForGood(toDestinationFailure(err), FailureType.DESTINATION_REJECTED);
  });
});
