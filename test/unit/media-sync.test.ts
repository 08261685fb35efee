import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { MediaSync } from '../../src/activities/media-sync';
import { MediaStalledError, transferMedia } from '../../src/activities/media-transfer';
import { mediaCodesOf } from '../../src/akeneo/media-codes';
import type { PimMediaReader } from '../../src/akeneo/types';
import { MemoryDestination, MemoryPim } from '../helpers/memory-adapters';

/** A PIM whose metadata may lie about the size, and whose download of `n` chunks is generated as it is read. */
function lyingPim(chunks: number, chunkBytes: number): PimMediaReader & { generated: number; closed: boolean } {
  const pim = {
    generated: 0,
    closed: false,
    getMediaMetadata: (code: string) => Promise.resolve({ code, size: 10 }),
    openMediaDownload: () => {
      let i = 0;
      const stream = new Readable({
        read() {
          if (i++ === chunks) return this.push(null);
          pim.generated += chunkBytes;
          this.push(Buffer.alloc(chunkBytes, 1));
        },
      });
      stream.once('close', () => (pim.closed = true));
      return Promise.resolve({ stream, contentType: 'image/png' });
    },
  };
  return pim;
}

describe('media files of entity syncs', () => {
  it('collects the distinct codes of values with a download link, and nothing else', () => {
    const link = (code: string) => ({ locale: null, scope: null, data: code, _links: { download: { href: `http://pim/${code}/download` } } });
    const entity = {
      values: {
        picture: [link('a/b/1.jpg'), link('a/b/2.jpg')],
        manual: [link('a/b/1.jpg'), { locale: null, scope: null, data: null }],
        name: [{ locale: null, scope: null, data: 'a/b/3.jpg' }],
      },
    };
    assert.deepEqual(mediaCodesOf(entity), ['a/b/1.jpg', 'a/b/2.jpg']);
    assert.deepEqual(mediaCodesOf({ values: null }), []);
  });

  it('transfers a file once for concurrent syncs, then answers from memory without asking the third party', async () => {
    const pim = new MemoryPim();
    const destination = new MemoryDestination();
    pim.media.set('a/photo.jpg', { bytes: Buffer.from('jpeg bytes'), contentType: 'image/jpeg' });
    let heads = 0;
    const countingDestination = { putMedia: destination.putMedia.bind(destination), hasMedia: (c: string) => (heads++, destination.hasMedia(c)) };
    const media = new MediaSync({ pim, destination: countingDestination, maxBytes: 1000 });
    const results = await Promise.all([media.ensure(['a/photo.jpg']), media.ensure(['a/photo.jpg']), media.ensure(['a/photo.jpg'])]);
    assert.deepEqual(results, [[], [], []]);
    assert.equal(pim.downloads.get('a/photo.jpg'), 1);
    assert.deepEqual(destination.media.get('a/photo.jpg'), { bytes: Buffer.from('jpeg bytes'), contentType: 'image/jpeg' });
    assert.equal(heads, 1);
    assert.deepEqual(await media.ensure(['a/photo.jpg']), []);
    assert.equal(heads, 1, 'known present: no HEAD');
  });

  it('does not download a file the third party already has', async () => {
    const pim = new MemoryPim();
    const destination = new MemoryDestination();
    pim.media.set('x.png', { bytes: Buffer.from('png'), contentType: 'image/png' });
    destination.media.set('x.png', { bytes: Buffer.from('png'), contentType: 'image/png' });
    assert.deepEqual(await new MediaSync({ pim, destination, maxBytes: 1000 }).ensure(['x.png']), []);
    assert.equal(pim.downloads.get('x.png'), undefined);
  });

  it('skips a file whose metadata size is over the limit without downloading it, and one gone from the PIM', async () => {
    const pim = new MemoryPim();
    const destination = new MemoryDestination();
    pim.media.set('big.tif', { bytes: Buffer.alloc(2000), contentType: 'image/tiff' });
    assert.deepEqual(await new MediaSync({ pim, destination, maxBytes: 1000 }).ensure(['big.tif', 'gone.jpg']), ['big.tif', 'gone.jpg']);
    assert.equal(pim.downloads.get('big.tif'), undefined);
    assert.equal(destination.media.size, 0);
  });

  it('stops a download counted past the limit (the metadata said less): nothing stored, the stream closed early', async () => {
    const pim = lyingPim(100, 65_536);
    const destination = new MemoryDestination();
    assert.equal(await transferMedia({ pim, destination, maxBytes: 200_000 }, 'liar.png'), 'skipped');
    assert.equal(destination.media.size, 0);
    assert.ok(pim.closed, 'the download is closed (its PIM slot freed)');
    assert.ok(pim.generated < 100 * 65_536 / 2, `read ${pim.generated} bytes of ${100 * 65_536}`);
  });

  it('streams a 60 MB file from the PIM to the destination: never more than a few chunks between the two, never the whole file', async () => {
    const chunkBytes = 65_536;
    const chunks = Math.ceil(60_000_000 / chunkBytes);
    const pim = lyingPim(chunks, chunkBytes);
    let consumed = 0;
    let widestGap = 0;
    const destination = {
      hasMedia: () => Promise.resolve(false),
      // A destination that reads the body as it arrives, as the HTTP upload and the PostgreSQL chunks do.
      putMedia: async (_code: string, body: Readable) => {
        for await (const chunk of body) {
          consumed += (chunk as Buffer).length;
          widestGap = Math.max(widestGap, pim.generated - consumed);
          await new Promise((resolve) => setImmediate(resolve));
        }
      },
    };
    assert.equal(await transferMedia({ pim, destination, maxBytes: 100_000_000 }, 'catalogue.pdf'), 'present');
    assert.equal(consumed, chunks * chunkBytes, 'every byte arrived');
    // Held between download and upload at any moment: the streams' buffers (16 chunks at most), not 60 MB.
    assert.ok(widestGap <= 16 * chunkBytes, `${widestGap} bytes downloaded but not yet uploaded at the widest`);
  });

  it('forgets the oldest codes past its bound', async () => {
    const pim = new MemoryPim();
    const destination = new MemoryDestination();
    let heads = 0;
    const counting = { putMedia: destination.putMedia.bind(destination), hasMedia: (c: string) => (heads++, destination.hasMedia(c)) };
    for (const c of ['1', '2', '3']) destination.media.set(c, { bytes: Buffer.from(c), contentType: 'text/plain' });
    const media = new MediaSync({ pim, destination: counting, maxBytes: 1000 }, { maxKnown: 2 });
    await media.ensure(['1', '2', '3']);
    await media.ensure(['3']);
    assert.equal(heads, 3);
    await media.ensure(['1']);
    assert.equal(heads, 4, '1 was forgotten');
  });

  it('asks the third party again once a remembered code is older than its TTL, and sends a file removed since', async () => {
    const pim = new MemoryPim();
    const destination = new MemoryDestination();
    pim.media.set('a/photo.jpg', { bytes: Buffer.from('jpeg bytes'), contentType: 'image/jpeg' });
    let heads = 0;
    const counting = { putMedia: destination.putMedia.bind(destination), hasMedia: (c: string) => (heads++, destination.hasMedia(c)) };
    let now = 0;
    const media = new MediaSync({ pim, destination: counting, maxBytes: 1000 }, { knownTtlMs: 60_000, now: () => now });
    await media.ensure(['a/photo.jpg']);
    destination.media.delete('a/photo.jpg'); // removed at the third party after it was seen
    now = 59_999;
    await media.ensure(['a/photo.jpg']);
    assert.equal(heads, 1, 'within the TTL: from memory');
    assert.equal(destination.media.has('a/photo.jpg'), false);
    now = 60_000;
    assert.deepEqual(await media.ensure(['a/photo.jpg']), []);
    assert.equal(heads, 2, 'past the TTL: asked again');
    assert.equal(pim.downloads.get('a/photo.jpg'), 2, 'and sent again');
    assert.deepEqual(destination.media.get('a/photo.jpg')?.bytes, Buffer.from('jpeg bytes'));
  });

  it('reports progress to every sync waiting on a shared transfer: each request and each chunk', async () => {
    const pim = lyingPim(5, 100);
    const destination = new MemoryDestination();
    const media = new MediaSync({ pim, destination, maxBytes: 10_000 });
    const counts = [0, 0];
    await Promise.all(counts.map((_, i) => media.ensure(['shared.png'], { onProgress: () => counts[i]++ })));
    // HEAD, metadata and download headers, then 5 chunks.
    assert.deepEqual(counts, [8, 8]);
  });

  it('does not join a transfer stalled for `stalledAfterMs` (a retry after a heartbeat timeout): aborts both its sides and starts anew', async () => {
    let now = 0;
    const downloads: Readable[] = [];
    const pim: PimMediaReader = {
      getMediaMetadata: (code) => Promise.resolve({ code, size: 3 }),
      openMediaDownload: () => {
        let sent = false;
        // The first download sends one byte, then nothing; the next ones are whole.
        const once = new Readable({
          read() {
            if (!sent) this.push(Buffer.from('a'));
            sent = true;
          },
        });
        const stream = downloads.length === 0 ? once : Readable.from([Buffer.from('abc')]);
        downloads.push(stream);
        return Promise.resolve({ stream, contentType: 'image/png' });
      },
    };
    const stored = new Map<string, Buffer>();
    let uploadsAborted = 0;
    const destination = {
      hasMedia: () => Promise.resolve(false),
      putMedia: (code: string, body: Readable, _meta: unknown, signal?: AbortSignal) =>
        new Promise<void>((resolve, reject) => {
          const chunks: Buffer[] = [];
          let ended = false;
          signal?.addEventListener('abort', () => {
            if (ended) return;
            uploadsAborted++;
            reject(signal.reason as Error);
          });
          body.on('data', (c: Buffer) => chunks.push(c));
          body.on('end', () => {
            ended = true;
            stored.set(code, Buffer.concat(chunks));
            resolve();
          });
        }),
    };
    const media = new MediaSync({ pim, destination, maxBytes: 1000 }, { now: () => now });
    const stalled = media.ensure(['x.png'], { stalledAfterMs: 1000 });
    const deadline = Date.now() + 5_000;
    while (downloads.length === 0 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    now = 999;
    const joined = media.ensure(['x.png'], { stalledAfterMs: 1000 });
    now = 1000;
    const retried = media.ensure(['x.png'], { stalledAfterMs: 1000 });
    await assert.rejects(stalled, MediaStalledError);
    await assert.rejects(joined, MediaStalledError, 'a sync that joined before the stall shares its fate');
    assert.deepEqual(await retried, []);
    assert.equal(downloads.length, 2);
    assert.ok(downloads[0].destroyed, 'the stalled download was closed');
    assert.equal(uploadsAborted, 1, 'the stalled upload was aborted');
    assert.deepEqual(stored.get('x.png'), Buffer.from('abc'));
  });
});
