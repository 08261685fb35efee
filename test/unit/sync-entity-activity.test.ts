import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { MediaSync } from '../../src/activities/media-sync';
import { createSyncActivities, type SyncEntityInput, type SyncEntityResult } from '../../src/activities/sync-entity';
import { BatchedPimReader } from '../../src/akeneo/batched-reader';
import { contentDigest } from '../../src/akeneo/content-digest';
import { AkeneoRestClient } from '../../src/akeneo/rest-client';
import { HttpDestination } from '../../src/destination/http-destination';
import { FailureType } from '../../src/failures';
import { Catalog, PimSimulator, ThirdPartySimulator, value } from '../../src/sim';

const CREDS = { clientId: 'client', clientSecret: 'secret', username: 'connector', password: 'pw' };

describe('syncEntity: read and write in one activity', () => {
  let catalog: Catalog;
  let pim: PimSimulator;
  let thirdParty: ThirdPartySimulator;
  let syncEntity: ReturnType<typeof createSyncActivities>['syncEntity'];

  beforeEach(async () => {
    catalog = new Catalog();
    pim = new PimSimulator({ catalog, ...CREDS, latencyMs: 5 });
    thirdParty = new ThirdPartySimulator();
    await Promise.all([pim.start(), thirdParty.start()]);
    const client = new AkeneoRestClient({ baseUrl: pim.url, ...CREDS });
    const reader = new BatchedPimReader(client, { windowMs: 10 });
    const destination = new HttpDestination({ baseUrl: thirdParty.url });
    const media = new MediaSync({ pim: client, destination, maxBytes: 1_000_000 });
    ({ syncEntity } = createSyncActivities({ reader, destination, media }));
  });
  afterEach(() => Promise.all([pim.close(), thirdParty.close()]));

  const run = (input: SyncEntityInput): Promise<SyncEntityResult> =>
    new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') }).run(syncEntity, input);

  it('writes what the PIM holds and returns its version and digest, never its content', async () => {
    const p = catalog.createProduct({}, { silent: true });
    const result = await run({ ref: { kind: 'product', id: p.uuid } });
    assert.deepEqual(result, { found: true, version: p.updated, digest: contentDigest(p), outcome: 'written' });
    assert.deepEqual(thirdParty.products().get(p.uuid), catalog.get(p.uuid));
    assert.equal(thirdParty.storedProduct(p.uuid)?.headers['x-akeneo-content-digest'], contentDigest(p));
  });

  it('brings the media files to the third party before the write, and returns those over the limit', async () => {
    pim.structure.seed();
    const photo = pim.media.add({ originalFilename: 'photo.jpg', size: 300_000 });
    const huge = pim.media.add({ originalFilename: 'huge.pdf', size: 5_000_000, mimeType: 'application/pdf' });
    const p = catalog.createProduct({ values: { picture: [value(photo.code)], manual: [value(huge.code)] } }, { silent: true });
    const result = await run({ ref: { kind: 'product', id: p.uuid } });
    assert.equal(result.found && result.outcome, 'written');
    assert.deepEqual(result.found && result.mediaSkipped, [huge.code]);
    assert.equal(thirdParty.media.get(photo.code)?.size, 300_000);
    assert.equal(thirdParty.media.get(photo.code)?.contentType, 'image/jpeg');
    assert.equal(thirdParty.media.get(huge.code), undefined);
    assert.equal(pim.media.downloadCount(huge.code), 0);
    assert.equal(thirdParty.writes, 1, 'media PUTs are not product writes');
  });

  it('skips the write of content already written, unless forced', async () => {
    const p = catalog.createProduct({}, { silent: true });
    const ref = { kind: 'product' as const, id: p.uuid };
    const unchanged = await run({ ref, lastWrittenDigest: contentDigest(p) });
    assert.equal(unchanged.found && unchanged.outcome, 'unchanged');
    assert.equal(thirdParty.writes, 0);
    const forced = await run({ ref, lastWrittenDigest: contentDigest(p), force: true });
    assert.equal(forced.found && forced.outcome, 'written');
    assert.equal(thirdParty.writes, 1);
  });

  it('reports superseded when the third party already holds a newer version', async () => {
    const p = catalog.createProduct({}, { silent: true });
    thirdParty.failNext(1, 409);
    const result = await run({ ref: { kind: 'product', id: p.uuid } });
    assert.equal(result.found && result.outcome, 'superseded');
  });

  it('answers {found:false} for an entity the PIM answers 404 to, writing nothing', async () => {
    const result = await run({ ref: { kind: 'product-model', id: 'gone' } });
    assert.deepEqual(result, { found: false });
    assert.equal(thirdParty.requests.length, 0);
  });

  it('fails with the PIM failure types (429 with its Retry-After) and the destination ones', async () => {
    const p = catalog.createProduct({}, { silent: true });
    const ref = { kind: 'product' as const, id: p.uuid };
    pim.rateLimit({ requests: 1, retryAfterSeconds: 4 });
    await assert.rejects(run({ ref }), (err: unknown) => {
      assert.ok(err instanceof ApplicationFailure);
      assert.equal(err.type, FailureType.PIM_RATE_LIMITED);
      assert.equal(err.nextRetryDelay, '4s');
      return true;
    });
    thirdParty.failNext(1, 400);
    await assert.rejects(run({ ref }), (err: unknown) => {
      assert.ok(err instanceof ApplicationFailure);
      assert.equal(err.type, FailureType.DESTINATION_REJECTED);
      assert.equal(err.nonRetryable, true);
      return true;
    });
  });
});
