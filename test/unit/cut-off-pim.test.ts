import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { cutOffPimRequests } from '../../src/akeneo/cut-off-pim';
import type { PimClient } from '../../src/akeneo/types';
import { PimLeaseLostError } from '../../src/pim-lease/lease-lost-error';

/** A PIM whose requests never answer: they end only when their signal aborts. */
function hangingPim(): PimClient & { started: number } {
  const hang = <T>(signal?: AbortSignal): Promise<T> => {
    pim.started++;
    return new Promise<T>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error)));
  };
  const pim = {
    started: 0,
    getProduct: (_: string, signal?: AbortSignal) => hang<undefined>(signal),
    getProductByIdentifier: (_: string, signal?: AbortSignal) => hang<undefined>(signal),
    getProductModel: (_: string, signal?: AbortSignal) => hang<undefined>(signal),
    listPage: (_kind: unknown, _o: unknown, signal?: AbortSignal) => hang<{ items: [] }>(signal),
    findExisting: (_kind: unknown, _ids: string[], signal?: AbortSignal) => hang<string[]>(signal),
    searchByIds: (_kind: unknown, _ids: string[], signal?: AbortSignal) => hang<[]>(signal),
    getMediaMetadata: (_code: string, signal?: AbortSignal) => hang<undefined>(signal),
    openMediaDownload: (_code: string, signal?: AbortSignal) => hang<undefined>(signal),
    getJson: <T>(_path: string, signal?: AbortSignal) => hang<T>(signal),
  };
  return pim;
}

describe('cutOffPimRequests', () => {
  it('aborts every request in flight with the stop reason, and refuses new ones without calling the PIM', async () => {
    const pim = hangingPim();
    const stop = new AbortController();
    const cut = cutOffPimRequests(pim, stop.signal);
    const inFlight = [
      cut.getProduct('u1'),
      cut.getProductModel('m1'),
      cut.listPage('product', {}),
      cut.findExisting('product', ['u2']),
      cut.searchByIds('product', ['u4', 'u5']),
      cut.openMediaDownload('a/b/photo.jpg'),
      cut.getJson('/api/rest/v1/attributes?limit=100'),
    ];
    stop.abort(new PimLeaseLostError('test'));
    for (const p of inFlight) await assert.rejects(p, PimLeaseLostError);
    await assert.rejects(cut.getProduct('u3'), PimLeaseLostError);
    assert.equal(pim.started, inFlight.length);
  });

  it("still honours the caller's own signal (an activity cancellation)", async () => {
    const cut = cutOffPimRequests(hangingPim(), new AbortController().signal);
    const mine = new AbortController();
    const request = cut.getProduct('u1', mine.signal);
    mine.abort(new Error('activity cancelled'));
    await assert.rejects(request, /activity cancelled/);
  });

  it('leaves no listener on the stop signal once a request settles', async () => {
    const stop = new AbortController();
    let listenersDuring = -1;
    const pim = hangingPim();
    const answering = { ...pim, getProduct: () => ((listenersDuring = getEventListeners(stop.signal, 'abort').length), Promise.resolve(undefined)) };
    const cut = cutOffPimRequests(answering, stop.signal);
    for (let i = 0; i < 50; i++) await cut.getProduct(`u${i}`);
    assert.equal(listenersDuring, 1);
    assert.equal(getEventListeners(stop.signal, 'abort').length, 0);
  });
});
