import assert from 'node:assert/strict';
import { contentDigest } from '../../src/akeneo/content-digest';

describe('content digest', () => {
  const product = { uuid: 'u1', updated: '2026-05-04T10:11:12+00:00', values: { name: [{ locale: 'en_US', scope: null, data: 'Shirt' }] } };

  it('differs for two saves within one second (same updated, other content)', () => {
    const second = { ...product, values: { name: [{ locale: 'en_US', scope: null, data: 'Blue shirt' }] } };
    assert.notEqual(contentDigest(second), contentDigest(product));
  });

  it('is the same for a list item (with _links, keys in another order) and a GET of the same entity', () => {
    const listed = { _links: { self: { href: 'https://pim/api/rest/v1/products-uuid/u1' } }, values: product.values, updated: product.updated, uuid: 'u1' };
    assert.equal(contentDigest(listed), contentDigest(product));
  });

  it('keeps _links below the top level as content, and is 22 base64url characters', () => {
    const nested = { ...product, values: { _links: [{ locale: null, scope: null, data: 'x' }] } };
    assert.notEqual(contentDigest(nested), contentDigest(product));
    assert.match(contentDigest(product), /^[A-Za-z0-9_-]{22}$/);
  });
});
