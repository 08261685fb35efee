/** A PIM client decorator whose every request, waiting or in flight, stops when a signal aborts. */
import { setMaxListeners } from 'node:events';
import type { PimClient } from './types';

/**
 * Wraps `pim` so each request also listens to `stop`: once it aborts, requests in flight (and those
 * waiting for a slot or a token) are aborted with its reason, and new ones are refused at once.
 */
export function cutOffPimRequests(pim: PimClient, stop: AbortSignal): PimClient {
  // One listener per request in flight or waiting (a few dozen at most), removed when it settles.
  setMaxListeners(0, stop);
  return {
    getProduct: (uuid, signal) => untilStopped(stop, signal, (s) => pim.getProduct(uuid, s)),
    getProductByIdentifier: (identifier, signal) => untilStopped(stop, signal, (s) => pim.getProductByIdentifier(identifier, s)),
    getProductModel: (code, signal) => untilStopped(stop, signal, (s) => pim.getProductModel(code, s)),
    listPage: (kind, options, signal) => untilStopped(stop, signal, (s) => pim.listPage(kind, options, s)),
    findExisting: (kind, ids, signal) => untilStopped(stop, signal, (s) => pim.findExisting(kind, ids, s)),
    searchByIds: (kind, ids, signal) => untilStopped(stop, signal, (s) => pim.searchByIds(kind, ids, s)),
    getMediaMetadata: (code, signal) => untilStopped(stop, signal, (s) => pim.getMediaMetadata(code, s)),
    // Until the download is open; its stream is then ended by the activity's own cancellation.
    openMediaDownload: (code, signal) => untilStopped(stop, signal, (s) => pim.openMediaDownload(code, s)),
    getJson: <T>(path: string, signal?: AbortSignal, operation?: 'get' | 'search' | 'list') =>
      untilStopped(stop, signal, (s) => pim.getJson<T>(path, s, operation)),
  };
}

/**
 * Runs `request` with a signal that aborts when `stop` or `signal` does. Not `AbortSignal.any`: with a
 * source that lives as long as `stop` (hours), Node 20 keeps a reference per combined signal forever.
 */
async function untilStopped<T>(stop: AbortSignal, signal: AbortSignal | undefined, request: (s: AbortSignal) => Promise<T>): Promise<T> {
  stop.throwIfAborted();
  signal?.throwIfAborted();
  const linked = new AbortController();
  const onStop = (): void => linked.abort(stop.reason);
  const onCancel = (): void => linked.abort(signal?.reason);
  stop.addEventListener('abort', onStop, { once: true });
  signal?.addEventListener('abort', onCancel, { once: true });
  try {
    return await request(linked.signal);
  } finally {
    stop.removeEventListener('abort', onStop);
    signal?.removeEventListener('abort', onCancel);
  }
}
