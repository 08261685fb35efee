import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { value } from '../../src/sim';
import { MediaStore } from '../../src/sim/media';
import { startPim, type OffsetPage, type TestPim } from './sim-pim-helpers';

interface MediaJson {
  code: string;
  original_filename: string;
  mime_type: string;
  size: number;
  extension: string;
  _links: { download: { href: string } };
}

describe('sim PIM media files', () => {
  let t: TestPim;
  beforeEach(async () => {
    t = await startPim();
    t.pim.structure.seed();
  });
  afterEach(() => t.pim.close());

  it('makes codes like Akeneo’s and serves their metadata, raw or URL-encoded, with the download link', async () => {
    const file = t.pim.media.add({ originalFilename: 'red shirt-1.jpg', bytes: Buffer.from('jpeg bytes') });
    assert.match(file.code, /^[0-9a-f]\/[0-9a-f]\/[0-9a-f]\/[0-9a-f]\/[0-9a-f]{40}_red_shirt_1\.jpg$/);
    const expected = { ...file, _links: { download: { href: `${t.url}/api/rest/v1/media-files/${file.code}/download` } } };
    assert.deepEqual(expected, { code: file.code, original_filename: 'red shirt-1.jpg', mime_type: 'image/jpeg', size: 10, extension: 'jpg', _links: expected._links });
    assert.deepEqual((await t.get<MediaJson>(`/api/rest/v1/media-files/${file.code}`)).json, expected);
    assert.deepEqual((await t.get<MediaJson>(`/api/rest/v1/media-files/${encodeURIComponent(file.code)}`)).json, expected);
    assert.deepEqual((await t.get('/api/rest/v1/media-files/a/b/c/d/nope.jpg')).json, { code: 404, message: 'Media file "a/b/c/d/nope.jpg" does not exist.' });
    assert.deepEqual((await t.get('/api/rest/v1/media-files/a/b/c/d/nope.jpg/download')).json, { code: 404, message: 'Media file "a/b/c/d/nope.jpg" does not exist.' });
  });

  it('lists media files in creation order, each with its self and download links', async () => {
    const codes = ['b.png', 'a.png', 'c.pdf'].map((name) => t.pim.media.add({ originalFilename: name, size: 100 }).code);
    const page = await t.get<OffsetPage<MediaJson>>('/api/rest/v1/media-files?limit=2&with_count=true');
    assert.deepEqual(page.json._embedded.items.map((m) => m.code), codes.slice(0, 2));
    assert.equal(page.json.items_count, 3);
    assert.equal(page.json._links.next?.href, `${t.url}/api/rest/v1/media-files?page=2&limit=2&with_count=true`);
    const item = page.json._embedded.items[0];
    assert.deepEqual(item._links, { self: { href: `${t.url}/api/rest/v1/media-files/${codes[0]}` }, download: { href: `${t.url}/api/rest/v1/media-files/${codes[0]}/download` } });
  });

  it('streams a download with the stored Content-Type and Akeneo’s Content-Disposition, and counts it', async () => {
    const file = t.pim.media.add({ originalFilename: 'manual.pdf', bytes: Buffer.from('%PDF-1.7 ...') });
    const res = await fetch(`${t.url}/api/rest/v1/media-files/${file.code}/download`, { headers: { Authorization: `Bearer ${t.token}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="manual.pdf"');
    assert.equal(res.headers.get('content-length'), null, 'a streamed response: no length');
    assert.equal(Buffer.from(await res.arrayBuffer()).toString(), '%PDF-1.7 ...');
    assert.equal(t.pim.media.downloadCount(file.code), 1);
    assert.equal(t.pim.media.downloads, 1);
  });

  it('gives media values of products and product models a download link, as the REST API does', async () => {
    const file = t.pim.media.add({ originalFilename: 'shirt.jpg', size: 2048 });
    const model = t.catalog.createProductModel({ values: { picture: [value(file.code)] } });
    const product = t.catalog.createProduct({ values: { picture: [value(file.code)], manual: [value(null)], color: [value('red')] } });
    const href = `${t.url}/api/rest/v1/media-files/${file.code}/download`;
    const one = await t.get<{ values: Record<string, Array<{ data: unknown; _links?: unknown }>> }>(`/api/rest/v1/products-uuid/${product.uuid}`);
    assert.deepEqual(one.json.values.picture, [{ locale: null, scope: null, data: file.code, _links: { download: { href } } }]);
    assert.equal(one.json.values.manual[0]._links, undefined, 'no link for a null value');
    assert.equal(one.json.values.color[0]._links, undefined, 'no link for a non-media attribute');
    const list = await t.get<{ _embedded: { items: Array<{ values: Record<string, Array<{ _links?: unknown }>> }> } }>('/api/rest/v1/products-uuid');
    assert.deepEqual(list.json._embedded.items[0].values.picture[0]._links, { download: { href } });
    const modelJson = await t.get<{ values: Record<string, Array<{ _links?: unknown }>> }>(`/api/rest/v1/product-models/${model.code}`);
    assert.deepEqual(modelJson.json.values.picture[0]._links, { download: { href } });
    assert.equal(t.catalog.get(product.uuid)?.values.picture[0] && '_links' in t.catalog.get(product.uuid)!.values.picture[0], false, 'the catalog is untouched');
  });

  it('streams a 60 MB file without making it ahead of the reader, with the right bytes', async () => {
    const size = 60 * 1024 * 1024;
    const file = t.pim.media.add({ originalFilename: 'video.mp4', size });
    const res = await fetch(`${t.url}/api/rest/v1/media-files/${file.code}/download`, { headers: { Authorization: `Bearer ${t.token}` } });
    const reader = res.body!.getReader();
    const hash = createHash('sha256');
    let consumed = 0;
    let maxAhead = 0;
    for (;;) {
      const { done, value: chunk } = (await reader.read()) as { done: boolean; value: Uint8Array };
      if (done) break;
      consumed += chunk.length;
      hash.update(chunk);
      maxAhead = Math.max(maxAhead, t.pim.media.generatedBytes - consumed);
    }
    assert.equal(consumed, size);
    assert.equal(hash.digest('hex'), await t.pim.media.sha256(file.code));
    assert.ok(maxAhead < 16 * 1024 * 1024, `the PIM made at most ${(maxAhead / 1048576).toFixed(1)} MiB ahead of the reader`);
  });

  it('holds the connection’s concurrency slot until the last byte of a download is sent', async () => {
    t.pim.concurrency.maxPerConnection = 1;
    const file = t.pim.media.add({ originalFilename: 'big.bin', size: 8 * 1024 * 1024 });
    const res = await fetch(`${t.url}/api/rest/v1/media-files/${file.code}/download`, { headers: { Authorization: `Bearer ${t.token}` } });
    const reader = res.body!.getReader();
    await reader.read();
    assert.equal((await t.get('/api/rest/v1/channels')).status, 429, 'the download still holds the slot');
    while (!(await reader.read()).done);
    const deadline = performance.now() + 2000;
    let status = 0;
    while ((status = (await t.get('/api/rest/v1/channels')).status) === 429 && performance.now() < deadline);
    assert.equal(status, 200, 'the slot is free once the download ends');
  });

  it('paces the next downloads of a file as asked: a stall sends its bytes then nothing until closed, once', async () => {
    const store = new MediaStore();
    const file = store.add({ originalFilename: 'x.jpg', size: 300_000 });
    store.pace(file.code, { stallAfterBytes: 100_000, downloads: 1 });
    const stalled = store.open(file.code)!;
    store.countDownload(file.code);
    let received = 0;
    stalled.on('data', (c: Buffer) => (received += c.length));
    const deadline = performance.now() + 5_000;
    while (received < 100_000 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.equal(received, 100_000);
    assert.equal(stalled.readableEnded, false);
    stalled.destroy();
    let whole = 0;
    for await (const chunk of store.open(file.code)!) whole += (chunk as Buffer).length;
    assert.equal(whole, 300_000, 'the next download is whole');
  });
});
