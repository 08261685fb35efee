/*
 * Media files end to end: the images and files a product uses are streamed from the PIM to the third party before
 * the product is written, once per file however many products use it; a file over MEDIA_MAX_BYTES is skipped
 * (recorded in the product's history) without being downloaded; a file the third party has is not downloaded.
 * A slow transfer outlives the heartbeat timeout because it heartbeats while bytes move; a stalled one fails its
 * attempt by that timeout and the retry downloads the file again (timeouts shortened through the workflow options).
 */
import assert from 'node:assert/strict';
import { temporal } from '@temporalio/proto';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { signalEntity } from '../../src/signal-entity';
import { value } from '../../src/sim';
import { entityWorkflowId } from '../../src/workflows/ids';
import type { ProductSyncOptions } from '../../src/workflows/product-sync';
import { startTestStack, type TestStack, product, updatedEvent } from '../helpers/stack';
import { eventually, startTemporal } from '../helpers/temporal';

const updated = (id: string) => updatedEvent(id, 'media');

describe('media files: streamed from the PIM to the third party before the product', function () {
  this.timeout(180_000);
  let server: DevServer;
  let stack: TestStack;

  before(async () => {
    server = await startTemporal();
    stack = await startTestStack(server, { pimMaxRps: 1000 });
    stack.pim.structure.seed(); // `picture` (image) and `manual` (file): their values carry download links
  });
  after(async () => {
    await stack?.close();
    await server?.stop();
  });

  const signal = (ids: string[], options: ProductSyncOptions = {}) =>
    Promise.all(ids.map((id) => signalEntity(server.env.client, stack.taskQueue, updated(id), { coalesceMs: 50, ...options })));
  /** The `syncEntity` attempt that completed, as its ActivityTaskStarted event records it (attempt, last failure). */
  const completedSyncAttempt = async (uuid: string) => {
    const history = await server.env.client.workflow.getHandle(entityWorkflowId(product(uuid))).fetchHistory();
    const scheduled = new Set(
      (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'syncEntity').map((e) => String(e.eventId)),
    );
    const started = (history.events ?? []).filter((e) => scheduled.has(String(e.activityTaskStartedEventAttributes?.scheduledEventId)));
    assert.equal(started.length, 1, 'one syncEntity activity');
    return started[0].activityTaskStartedEventAttributes as temporal.api.history.v1.IActivityTaskStartedEventAttributes;
  };
  /** Test-sized `syncEntity` timeouts: a heartbeat timeout of 1 s. */
  const HEARTBEAT_MS = 1_000;
  const shortTimeouts: ProductSyncOptions = { syncTimeouts: { heartbeatMs: HEARTBEAT_MS, startToCloseMs: 60_000 } };
  const synced = async (uuid: string) => (await stack.history(product(uuid))).status === 'synced' && stack.thirdParty.products().has(uuid);
  /** Index of the last answered request of `method` on `path` at the third party. */
  const answeredAt = (method: string, path: string) => {
    const all = stack.thirdParty.requests;
    for (let i = all.length - 1; i >= 0; i--) if (all[i].method === method && all[i].path === path && all[i].status < 300) return i;
    return -1;
  };

  it('transfers an image two products share once, before either product is written', async () => {
    const photo = stack.pim.media.add({ originalFilename: 'shared photo.jpg', size: 2_000_000 });
    const [a, b] = [1, 2].map(() => stack.catalog.createProduct({ values: { picture: [value(photo.code)] } }, { silent: true }));
    await signal([a.uuid, b.uuid]);
    await eventually(async () => (await synced(a.uuid)) && (await synced(b.uuid)), 'both products synced', 60_000);
    assert.equal(stack.pim.media.downloadCount(photo.code), 1, 'one download from the PIM');
    assert.equal(stack.thirdParty.media.putsOf(photo.code), 1, 'one PUT at the third party');
    assert.equal(stack.thirdParty.media.get(photo.code)?.size, 2_000_000);
    assert.equal(stack.thirdParty.media.get(photo.code)?.contentType, 'image/jpeg');
    const mediaPut = answeredAt('PUT', `/media/${encodeURIComponent(photo.code)}`);
    for (const p of [a, b]) assert.ok(answeredAt('PUT', `/products/${p.uuid}`) > mediaPut, `product ${p.uuid} written after its image arrived`);
  });

  it('skips a 60 MB file without downloading it: recorded in the history, the product written all the same', async () => {
    const huge = stack.pim.media.add({ originalFilename: 'catalogue.pdf', size: 60_000_000, mimeType: 'application/pdf' });
    const photo = stack.pim.media.add({ originalFilename: 'front.jpg', size: 100_000 });
    const p = stack.catalog.createProduct({ values: { manual: [value(huge.code)], picture: [value(photo.code)] } }, { silent: true });
    const generatedBefore = stack.pim.media.generatedBytes;
    const receivedBefore = stack.thirdParty.media.bytesReceived;
    await signal([p.uuid]);
    await eventually(() => synced(p.uuid), 'the product synced', 60_000);
    const history = await stack.history(product(p.uuid));
    const skipped = history.entries.find((e) => e.kind === 'media-skipped');
    assert.ok(skipped?.detail?.includes(huge.code), JSON.stringify(history.entries));
    assert.equal(stack.pim.media.downloadCount(huge.code), 0, 'never downloaded');
    assert.equal(stack.thirdParty.media.putsOf(huge.code), 0, 'nothing PUT');
    assert.equal(stack.thirdParty.media.get(photo.code)?.size, 100_000, 'the other file arrived');
    // The worker's memory cannot have grown by the file's size: not a byte of it was produced.
    const generated = stack.pim.media.generatedBytes - generatedBefore;
    assert.ok(generated <= 100_000, `${generated} bytes generated by the PIM for this product`);
    assert.equal(stack.thirdParty.media.bytesReceived - receivedBefore, 100_000);
  });

  it('does not download a file the third party already has (HEAD 200)', async () => {
    const logo = stack.pim.media.add({ originalFilename: 'logo.png', bytes: Buffer.from('png bytes') });
    const put = await fetch(`${stack.thirdParty.url}/media/${encodeURIComponent(logo.code)}`, { method: 'PUT', headers: { 'Content-Type': 'image/png' }, body: 'png bytes' });
    assert.ok(put.ok);
    const p = stack.catalog.createProduct({ values: { picture: [value(logo.code)] } }, { silent: true });
    await signal([p.uuid]);
    await eventually(() => synced(p.uuid), 'the product synced', 60_000);
    assert.equal(stack.pim.media.downloadCount(logo.code), 0);
    assert.equal(stack.thirdParty.media.putsOf(logo.code), 1, 'only the PUT made before the sync');
    assert.ok(answeredAt('HEAD', `/media/${encodeURIComponent(logo.code)}`) >= 0, 'asked with HEAD');
  });

  it('keeps a slow download alive past the heartbeat timeout: 600 kB at 150 kB/s arrive whole in one attempt', async () => {
    const slow = stack.pim.media.add({ originalFilename: 'slow.jpg', size: 600_000 });
    stack.pim.media.pace(slow.code, { bytesPerSecond: 150_000 });
    const p = stack.catalog.createProduct({ values: { picture: [value(slow.code)] } }, { silent: true });
    const started = Date.now();
    await signal([p.uuid], shortTimeouts);
    await eventually(() => synced(p.uuid), 'the product synced', 60_000);
    assert.ok(Date.now() - started >= 3 * HEARTBEAT_MS, 'the transfer took several heartbeat timeouts');
    assert.equal(stack.pim.media.downloadCount(slow.code), 1, 'one download');
    assert.equal(stack.thirdParty.media.get(slow.code)?.sha256, await stack.pim.media.sha256(slow.code), 'whole');
    const attempt = await completedSyncAttempt(p.uuid);
    assert.equal(attempt.attempt, 1, `no retry: ${JSON.stringify(attempt.lastFailure)}`);
  });

  it('fails an attempt whose download stalls by the heartbeat timeout; the retry downloads the file again, whole', async () => {
    const stuck = stack.pim.media.add({ originalFilename: 'stuck.jpg', size: 500_000 });
    stack.pim.media.pace(stuck.code, { stallAfterBytes: 200_000, downloads: 1 });
    const p = stack.catalog.createProduct({ values: { picture: [value(stuck.code)] } }, { silent: true });
    await signal([p.uuid], shortTimeouts);
    // Far under the clients' own 5-minute body timeouts: only the heartbeat timeout can end the stalled attempt.
    await eventually(() => synced(p.uuid), 'the product synced', 60_000);
    assert.equal(stack.pim.media.downloadCount(stuck.code), 2, 'downloaded again by the retry');
    assert.equal(stack.thirdParty.media.get(stuck.code)?.sha256, await stack.pim.media.sha256(stuck.code), 'whole');
    assert.equal(stack.thirdParty.media.putsOf(stuck.code), 1, 'the stalled upload never completed');
    const attempt = await completedSyncAttempt(p.uuid);
    assert.equal(attempt.attempt, 2);
    assert.equal(attempt.lastFailure?.timeoutFailureInfo?.timeoutType, temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_HEARTBEAT, JSON.stringify(attempt.lastFailure));
    // The stalled download was closed (its PIM slot freed) rather than left to the client's 5-minute body timeout.
    await eventually(() => stack.pim.concurrency.current === 0, 'no PIM call left open', 10_000);
  });
});
