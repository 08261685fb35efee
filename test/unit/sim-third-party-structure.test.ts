import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { SIM_MAX_BODY_BYTES, ThirdPartySimulator, contentStream, generatedContent } from '../../src/sim';

const TOKEN = 'dest-token';

describe('sim ThirdPartySimulator: structure and media', () => {
  let dest: ThirdPartySimulator;
  let url: string;
  beforeEach(async () => {
    dest = new ThirdPartySimulator({ token: TOKEN });
    ({ url } = await dest.start());
  });
  afterEach(() => dest.close());

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('stores structure items by kind and decoded code, nested ones under their parent, and counts writes per key', async () => {
    assert.equal((await call('PUT', '/structure/attributes/color', { code: 'color', type: 'pim_catalog_simpleselect' })).status, 200);
    assert.equal((await call('PUT', '/structure/attributes/color', { code: 'color', labels: {} })).status, 204);
    assert.equal((await call('PUT', `/structure/attribute-options/color/${encodeURIComponent('dark red')}`, { code: 'dark red', attribute: 'color' })).status, 200);
    assert.equal((await call('PUT', '/structure/family-variants/shoes/shoes_by_size', { code: 'shoes_by_size' })).status, 200);
    assert.deepEqual(dest.structure.get('attributes', 'color'), { code: 'color', labels: {} });
    assert.deepEqual(dest.structure.get('attribute-options', 'dark red', 'color'), { code: 'dark red', attribute: 'color' });
    assert.equal(dest.structure.get('attribute-options', 'dark red', 'size'), undefined, 'options live under their attribute');
    assert.equal(dest.structure.writesOf('attributes', 'color'), 2);
    assert.equal(dest.structure.writesOf('family-variants', 'shoes_by_size', 'shoes'), 1);
    assert.equal(dest.structure.puts, 4);
    assert.deepEqual(await (await call('GET', '/structure/attribute-options/color')).json(), [{ code: 'dark red', attribute: 'color' }]);
    assert.equal((await call('DELETE', '/structure/attributes/color')).status, 204);
    assert.equal((await call('DELETE', '/structure/attributes/color')).status, 404);
    assert.equal(dest.structure.deletes, 1);
    assert.equal(dest.structure.writesOf('attributes', 'color'), 2, 'deletes do not reset the write count');
    assert.equal(dest.writes, 0, 'product writes are counted apart');
  });

  it('accepts every structure kind of the issue and 404s other paths', async () => {
    for (const kind of ['channels', 'locales', 'currencies', 'measurement-families', 'attribute-groups', 'attributes', 'families', 'categories', 'association-types']) {
      assert.equal((await call('PUT', `/structure/${kind}/x`, { code: 'x' })).status, 200, kind);
    }
    for (const path of ['/structure/widgets/x', '/structure/attribute-options/color', '/structure/attributes/a/b']) {
      assert.equal((await call('PUT', path, { code: 'x' })).status, path.endsWith('/color') ? 405 : 404, path);
    }
  });

  it('requires the bearer token and applies write faults to structure and media writes, not to HEAD', async () => {
    assert.equal((await fetch(`${url}/structure/locales/en_US`, { method: 'PUT', body: '{}' })).status, 401);
    assert.equal((await fetch(`${url}/media/x`, { method: 'HEAD' })).status, 401);
    dest.failNext(2, 503);
    assert.equal((await call('HEAD', '/media/x')).status, 404, 'HEAD takes no fault');
    assert.equal((await call('PUT', '/structure/locales/en_US', { code: 'en_US' })).status, 503);
    assert.equal((await call('PUT', '/media/x', undefined, { 'Content-Type': 'image/png' })).status, 503);
    assert.equal((await call('PUT', '/structure/locales/en_US', { code: 'en_US' })).status, 200);
  });

  it('takes a media file as one URL-encoded segment, stores its size, hash and type, and answers HEAD', async () => {
    const code = 'a/b/c/d/abcd_photo.jpg';
    const path = `/media/${encodeURIComponent(code)}`;
    assert.equal((await call('HEAD', path)).status, 404);
    const put = await fetch(`${url}${path}`, { method: 'PUT', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'image/jpeg' }, body: Buffer.from('jpeg!') });
    assert.equal(put.status, 200);
    assert.deepEqual(dest.media.get(code), { code, size: 5, sha256: createHash('sha256').update('jpeg!').digest('hex'), contentType: 'image/jpeg' });
    const head = await call('HEAD', path);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), '5');
    assert.equal((await call('PUT', `/media/${code}`)).status, 404, 'raw slashes are not one segment');
    assert.equal(dest.media.putsOf(code), 1);
    assert.equal(dest.media.heads, 2);
  });

  it('streams a 60 MB media body through its hash, well past the simulators’ buffered-body limit', async () => {
    const size = 60 * 1024 * 1024;
    assert.ok(size > SIM_MAX_BODY_BYTES, 'a buffered body this big would be refused with 413');
    const content = generatedContent(size, 'sixty');
    const expected = createHash('sha256');
    for await (const chunk of contentStream(content)) expected.update(chunk as Buffer);
    const body = Readable.toWeb(contentStream(content));
    const res = await fetch(`${url}/media/${encodeURIComponent('v/i/d/e/video.mp4')}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'video/mp4' },
      body,
      duplex: 'half',
    });
    assert.equal(res.status, 200);
    assert.deepEqual(dest.media.get('v/i/d/e/video.mp4'), { code: 'v/i/d/e/video.mp4', size, sha256: expected.digest('hex'), contentType: 'video/mp4' });
    assert.equal(dest.media.bytesReceived, size);
  });
});
