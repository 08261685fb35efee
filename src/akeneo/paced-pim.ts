/** A PIM client decorator that paces every REST request through a {@link TokenBucket}. */
import type { TokenBucket } from './token-bucket';
import type { PimClient } from './types';

/**
 * Wraps `pim` so each request it makes first takes a token from `bucket`: one per get, list page or search (a
 * batch of up to 100 entity reads is one request), one per id for product models' existence check (one GET per code).
 */
export function pacePimRequests(pim: PimClient, bucket: TokenBucket): PimClient {
  return {
    getProduct: async (uuid, signal) => {
      await bucket.take(signal);
      return pim.getProduct(uuid, signal);
    },
    getProductByIdentifier: async (identifier, signal) => {
      await bucket.take(signal);
      return pim.getProductByIdentifier(identifier, signal);
    },
    getProductModel: async (code, signal) => {
      await bucket.take(signal);
      return pim.getProductModel(code, signal);
    },
    searchByIds: async (kind, ids, signal) => {
      await bucket.take(signal);
      return pim.searchByIds(kind, ids, signal);
    },
    listPage: async (kind, options, signal) => {
      await bucket.take(signal);
      return pim.listPage(kind, options, signal);
    },
    findExisting: async (kind, ids, signal) => {
      if (ids.length === 0) return [];
      if (kind === 'product') {
        await bucket.take(signal);
        return pim.findExisting(kind, ids, signal);
      }
      const found = await Promise.all(
        ids.map(async (code) => {
          await bucket.take(signal);
          return pim.findExisting(kind, [code], signal);
        }),
      );
      return found.flat();
    },
  };
}
