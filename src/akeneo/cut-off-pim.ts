/** A PIM client decorator whose every request, waiting or in flight, stops when a signal aborts. */
import type { PimLister, PimReader } from './types';

/**
 * Wraps `pim` so each request also listens to `stop`: once it aborts, requests in flight (and those
 * waiting for a slot or a token) are aborted with its reason, and new ones are refused at once.
 */
export function cutOffPimRequests(pim: PimReader & PimLister, stop: AbortSignal): PimReader & PimLister {
  const withStop = (signal?: AbortSignal): AbortSignal => {
    stop.throwIfAborted();
    return signal ? AbortSignal.any([signal, stop]) : stop;
  };
  return {
    getProduct: async (uuid, signal) => pim.getProduct(uuid, withStop(signal)),
    getProductModel: async (code, signal) => pim.getProductModel(code, withStop(signal)),
    listPage: async (kind, options, signal) => pim.listPage(kind, options, withStop(signal)),
    findExisting: async (kind, ids, signal) => pim.findExisting(kind, ids, withStop(signal)),
  };
}
