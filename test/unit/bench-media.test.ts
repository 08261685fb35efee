import assert from 'node:assert/strict';
import { callsByOperation, productsBeforeFiles } from '../../bench/media';
import { mediaGoal, type MediaFigures } from '../../bench/media-report';
import type { RecordedRequest } from '../../src/sim/http-server';

const req = (method: string, path: string, status = 200, query = ''): RecordedRequest => ({ method, path, query, status, at: 0 });

describe('bench: media', () => {
  it('counts the products written before a file they use (by the first successful PUT of each)', () => {
    const code = 'a/b/c/d/abcd_photo.jpg';
    const media = `/media/${encodeURIComponent(code)}`;
    const uses = new Map([
      ['p1', code],
      ['p2', code],
      ['p3', code],
    ]);
    const requests = [req('PUT', '/products/p1'), req('PUT', media, 400), req('PUT', media), req('PUT', '/products/p2'), req('PUT', '/products/p1')];
    // p1 before the file, p3 never written; p2 after it.
    assert.equal(productsBeforeFiles(requests, uses), 2);
  });

  it('sorts the PIM calls by operation: downloads, metadata, searches by uuid, listings, reads', () => {
    const calls = callsByOperation([
      req('GET', '/api/rest/v1/media-files/a/b/c/d/x.jpg/download'),
      req('GET', '/api/rest/v1/media-files/a/b/c/d/x.jpg'),
      req('GET', '/api/rest/v1/products-uuid', 200, `?search=${encodeURIComponent('{"uuid":[{"operator":"IN","value":["u"]}]}')}`),
      req('GET', '/api/rest/v1/products-uuid', 200, '?pagination_type=search_after&limit=100'),
      req('GET', '/api/rest/v1/products-uuid/u'),
    ]);
    assert.deepEqual(calls, { 'media download': 1, 'media metadata': 1, 'product search': 1, 'product list': 1, 'product get': 1 });
  });

  it('meets its goal only with one download and one PUT per file and no product before its file', () => {
    const f: MediaFigures = {
      products: 1000,
      files: 100,
      fileBytes: 30_000_000,
      pimCapRps: 100,
      load: 'full reconcile',
      seconds: 60,
      productsReached: 1000,
      filesReached: 100,
      downloads: 100,
      mediaPuts: 100,
      heads: 100,
      productsBeforeFiles: 0,
      pimCalls: {},
      pimRateLimited: 0,
    };
    assert.equal(mediaGoal(f).met, true);
    assert.equal(mediaGoal({ ...f, downloads: 101 }).met, false);
    assert.equal(mediaGoal({ ...f, productsBeforeFiles: 1 }).met, false);
    assert.equal(mediaGoal(undefined).met, null);
  });
});
