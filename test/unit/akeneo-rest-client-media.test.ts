import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AkeneoRestClient } from '../../src/akeneo/rest-client';
import { InvalidEntityIdError } from '../../src/domain/entity-code';
import { CREDS, startPim, type TestPim } from './sim-pim-helpers';

/** Resolves with `'pending'` if `p` has not settled after a few turns of the event loop (a round trip to the sim). */
async function settledSoon<T>(p: Promise<T>): Promise<T | 'pending'> {
  const later = new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 200));
  return Promise.race([p, later]);
}

describe('AkeneoRestClient media files', () => {
  let t: TestPim;
  beforeEach(async () => {
    t = await startPim();
  });
  afterEach(() => t.pim.close());

  it('streams a download with its content type and gives the metadata size; a 404 is undefined', async () => {
    const bytes = Buffer.from('%PDF-1.4 a manual');
    const file = t.pim.media.add({ originalFilename: 'manual v2.pdf', bytes, mimeType: 'application/pdf' });
    const client = new AkeneoRestClient({ baseUrl: t.url, ...CREDS });
    const download = await client.openMediaDownload(file.code);
    assert.ok(download);
    assert.equal(download.contentType, 'application/pdf');
    const chunks: Buffer[] = [];
    for await (const c of download.stream) chunks.push(c as Buffer);
    assert.deepEqual(Buffer.concat(chunks), bytes);
    assert.equal((await client.getMediaMetadata(file.code))?.size, bytes.length);
    assert.equal(await client.openMediaDownload('a/b/c/d/nope.jpg'), undefined);
    assert.equal(await client.getMediaMetadata('a/b/c/d/nope.jpg'), undefined);
    assert.equal(t.pim.media.downloadCount(file.code), 1);
  });

  it('holds its PIM slot while the stream is open and frees it when the stream is destroyed half-read', async () => {
    const file = t.pim.media.add({ originalFilename: 'big.jpg', size: 20_000_000 });
    const client = new AkeneoRestClient({ baseUrl: t.url, ...CREDS, maxConcurrency: 1 });
    const download = await client.openMediaDownload(file.code);
    assert.ok(download);
    const first: unknown = await new Promise((resolve) =>
      download.stream.once('data', (chunk) => {
        download.stream.pause(); // read no further: the stream stays open
        resolve(chunk);
      }),
    );
    assert.ok(Buffer.isBuffer(first));
    const metadata = client.getMediaMetadata(file.code);
    assert.equal(await settledSoon(metadata), 'pending', 'the download holds the only slot');
    download.stream.destroy();
    assert.equal((await metadata)?.size, 20_000_000);
    assert.ok(t.pim.media.generatedBytes < 20_000_000, `the sim stopped generating (${t.pim.media.generatedBytes} bytes)`);
  });

  it('frees the slot when the caller cancels the download', async () => {
    const file = t.pim.media.add({ originalFilename: 'big.jpg', size: 20_000_000 });
    const client = new AkeneoRestClient({ baseUrl: t.url, ...CREDS, maxConcurrency: 1 });
    const cancel = new AbortController();
    const download = await client.openMediaDownload(file.code, cancel.signal);
    assert.ok(download);
    const hash = createHash('sha256');
    const read = (async () => {
      for await (const c of download.stream) hash.update(c as Buffer);
    })();
    cancel.abort(new Error('activity cancelled'));
    await assert.rejects(read);
    assert.equal((await client.getMediaMetadata(file.code))?.code, file.code);
  });

  it('refuses a code with a dot segment before calling the PIM', async () => {
    const client = new AkeneoRestClient({ baseUrl: t.url, ...CREDS });
    await assert.rejects(client.openMediaDownload('a/../../products'), InvalidEntityIdError);
    assert.equal(t.pim.media.downloads, 0);
  });
});
