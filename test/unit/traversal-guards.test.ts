import assert from 'node:assert/strict';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import pino from 'pino';
import { TRAVERSAL_CODES } from '../../chaos/fuzz/mutations';
import { createDestinationActivities } from '../../src/activities';
import { createReconcileSignalActivities, type SyncedPage } from '../../src/activities/reconcile-signals';
import { createSyncActivities } from '../../src/activities/sync-entity';
import { BatchedPimReader } from '../../src/akeneo/batched-reader';
import { AkeneoRestClient } from '../../src/akeneo/rest-client';
import { HttpDestination } from '../../src/destination/http-destination';
import { InvalidEntityIdError } from '../../src/domain/entity-code';
import { FailureType } from '../../src/failures';
import { sendJson, startTinyServer, type TinyServer } from '../helpers/tiny-server';

const CREDS = { clientId: 'client', clientSecret: 'secret', username: 'connector', password: 'pw' };
const UUID = '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b';
const UPDATED = '2024-05-02T08:15:00+00:00';

/** A PIM that issues tokens and answers every REST call with `rest` (200, JSON). */
function startPim(rest: (path: string) => unknown): Promise<TinyServer> {
  return startTinyServer((req, res) =>
    req.path === '/api/oauth/v1/token' ? sendJson(res, 200, { access_token: 't', expires_in: 3600, refresh_token: 'r' }) : sendJson(res, 200, rest(req.path)),
  );
}

const restPaths = (s: TinyServer): string[] => s.requests.map((r) => r.path).filter((p) => !p.startsWith('/api/oauth/'));

function quietEnv(): MockActivityEnvironment {
  return new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
}

describe('no dot segment reaches a URL', () => {
  let pim: TinyServer | undefined;
  let thirdParty: TinyServer | undefined;
  afterEach(async () => {
    await Promise.all([pim?.close(), thirdParty?.close()]);
    pim = thirdParty = undefined;
  });

  it('the PIM client refuses to GET a product (by uuid or identifier) or a model by a dot-segment id, sending nothing with the token', async () => {
    pim = await startPim(() => ({}));
    const client = new AkeneoRestClient({ baseUrl: pim.url, ...CREDS });
    for (const id of TRAVERSAL_CODES) {
      await assert.rejects(client.getProductModel(id), InvalidEntityIdError, id);
      await assert.rejects(client.getProductByIdentifier(id), InvalidEntityIdError, id);
      await assert.rejects(client.getProduct(id), InvalidEntityIdError, id);
    }
    assert.deepEqual(restPaths(pim), []);
  });

  it('the third-party client refuses to PUT or DELETE a dot-segment code, and keeps a slash inside its segment', async () => {
    thirdParty = await startTinyServer((_req, res) => {
      res.writeHead(204).end();
    });
    const destination = new HttpDestination({ baseUrl: `${thirdParty.url}/api`, token: 'secret' });
    for (const id of TRAVERSAL_CODES) {
      await assert.rejects(destination.upsert({ kind: 'product-model', id }, {}, { version: UPDATED }), InvalidEntityIdError, id);
      await assert.rejects(destination.remove({ kind: 'product-model', id }, { version: UPDATED }), InvalidEntityIdError, id);
    }
    assert.equal(thirdParty.requests.length, 0);
    await destination.remove({ kind: 'product-model', id: 'a/b' }, { version: UPDATED });
    assert.deepEqual(thirdParty.requests.map((r) => r.path), ['/api/product-models/a%2Fb']);
  });

  it('a listing skips and logs an item whose id cannot be synced, keeping the rest of the page', async () => {
    const items = [
      { code: '..', updated: UPDATED },
      { code: 'tshirt', updated: UPDATED },
      { code: 'x'.repeat(300), updated: UPDATED },
      { code: 'a\u0000b', updated: UPDATED },
      { code: '', updated: UPDATED },
    ];
    pim = await startPim(() => ({ _embedded: { items } }));
    const warned: Array<{ kind: string; id: string; problem: string }> = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warned.push(JSON.parse(line) as (typeof warned)[number]) });
    const client = new AkeneoRestClient({ baseUrl: pim.url, ...CREDS, logger });
    const page = await client.listPage('product-model', {});
    assert.deepEqual(page.items.map((i) => i.id), ['tshirt']);
    assert.deepEqual(warned.map((w) => [w.kind, w.problem]), [
      ['product-model', "must not be or contain a '.' or '..' path segment"],
      ['product-model', 'must be at most 255 characters'],
      ['product-model', 'must not contain control characters'],
      ['product-model', 'must not be empty or blank'],
    ]);
    assert.ok(warned.every((w) => w.id.length < 80), 'ids are logged shortened');
    const found = await client.searchByIds('product-model', ['tshirt', 'other']);
    assert.deepEqual(found.map((e) => e.code), ['tshirt']);
  });

  it('a product listing skips an item whose uuid is none', async () => {
    pim = await startPim(() => ({ _embedded: { items: [{ uuid: '..', updated: UPDATED }, { uuid: UUID, updated: UPDATED }] } }));
    const page = await new AkeneoRestClient({ baseUrl: pim.url, ...CREDS }).listPage('product', {});
    assert.deepEqual(page.items.map((i) => i.id), [UUID]);
  });

  it('the batched reader refuses a dot-segment code at once, without joining or failing a batch', async () => {
    pim = await startPim((path) => ({ code: decodeURIComponent(path.split('/').at(-1) ?? ''), updated: UPDATED }));
    const reader = new BatchedPimReader(new AkeneoRestClient({ baseUrl: pim.url, ...CREDS }), { windowMs: 10 });
    const [bad, good] = await Promise.allSettled([reader.read('product-model', '..'), reader.read('product-model', 'tshirt')]);
    assert.ok(bad.status === 'rejected' && bad.reason instanceof InvalidEntityIdError);
    assert.deepEqual(good.status === 'fulfilled' && good.value, { code: 'tshirt', updated: UPDATED });
    assert.deepEqual(restPaths(pim), ['/api/rest/v1/product-models/tshirt']);
    await assert.rejects(reader.read('product', 'not-a-uuid'), InvalidEntityIdError);
  });

  it('a sync or delete of such an entity fails for good (non-retryable), reaching neither the PIM nor the third party', async () => {
    pim = await startPim(() => ({}));
    thirdParty = await startTinyServer((_req, res) => {
      res.writeHead(204).end();
    });
    const destination = new HttpDestination({ baseUrl: thirdParty.url });
    const reader = new BatchedPimReader(new AkeneoRestClient({ baseUrl: pim.url, ...CREDS }), { windowMs: 10 });
    const ref = { kind: 'product-model' as const, id: '..' };
    const { syncEntity } = createSyncActivities({ reader, destination });
    const { deleteEntity } = createDestinationActivities({ destination });
    const failure = (type: string) => (err: unknown) => err instanceof ApplicationFailure && err.type === type && err.nonRetryable && err.cause instanceof InvalidEntityIdError;
    await assert.rejects(quietEnv().run(syncEntity, { ref }), failure(FailureType.PIM_REJECTED));
    await assert.rejects(quietEnv().run(deleteEntity, ref, UPDATED), failure(FailureType.DESTINATION_REJECTED));
    assert.deepEqual(restPaths(pim), []);
    assert.deepEqual(thirdParty.requests, []);
  });

  it('the reconcile scan leaves out a workflow whose id cannot name an entity, so it is never checked nor deleted', async () => {
    const ids = ['product-model-tshirt', 'product-model-..', 'product-model-a/../b', `product-model-${'x'.repeat(300)}`, `product-${UUID}`];
    const executions = ids.map((workflowId) => ({ execution: { workflowId }, memo: { fields: {} } }));
    const listWorkflowExecutions = () => Promise.resolve({ executions, nextPageToken: new Uint8Array() });
    const client = { options: { namespace: 'default' }, workflowService: { listWorkflowExecutions } } as unknown as Client;
    const { listSyncedEntities } = createReconcileSignalActivities({ client, taskQueue: 'q' });
    const page: SyncedPage = await quietEnv().run(listSyncedEntities, {});
    assert.deepEqual(page.ids, { product: [UUID], 'product-model': ['tshirt'] });
  });
});
