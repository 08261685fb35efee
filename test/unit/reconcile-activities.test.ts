import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createReconcilePimActivities } from '../../src/activities/reconcile-pim';
import { PimHttpError } from '../../src/akeneo/rest-client';
import { contentDigest } from '../../src/akeneo/content-digest';
import type { PimEntityReader, PimListItem, PimLister, PimListOptions, PimProduct, PimReader } from '../../src/akeneo/types';
import { FailureType } from '../../src/failures';

const PRODUCT = 'product' as const;
const ITEMS = Array.from({ length: 350 }, (_, i) => ({ id: `p${i}`, updated: `2024-05-02T08:${String(i % 60).padStart(2, '0')}:00+00:00` }));

/**
 * A PIM lister over ITEMS, 100 per page (`next` is `page:<n>`), that answers 429 to the calls numbered (from 1) in
 * `failAt`. `missing` are gone (search and GET); `unindexed` exist but the search index misses them.
 */
function fakePim(options: { failAt?: number[]; missing?: Set<string>; unindexed?: Set<string> } = {}) {
  const calls: string[] = [];
  const fail = (): void => {
    if (options.failAt?.includes(calls.length)) throw new PimHttpError(429, 'PIM answered 429', 2);
  };
  const pim: PimLister & Pick<PimReader, 'getProduct'> = {
    getProduct: (uuid) => {
      calls.push(`get ${uuid}`);
      fail();
      return Promise.resolve(options.missing?.has(uuid) ? undefined : { uuid, updated: '2024-05-02T08:00:00+00:00' });
    },
    listPage: (_kind, at: PimListOptions) => {
      calls.push(at.next ?? `first>${at.updatedAfter}`);
      fail();
      const n = at.next ? Number(at.next.slice(5)) : 0;
      const items = ITEMS.slice(n * 100, n * 100 + 100);
      return Promise.resolve(n * 100 + 100 < ITEMS.length ? { items, next: `page:${n + 1}` } : { items });
    },
    findExisting: (_kind, ids) => {
      calls.push(`check ${ids[0]}..${ids.at(-1)}`);
      fail();
      return Promise.resolve(ids.filter((id) => !options.missing?.has(id) && !options.unindexed?.has(id)));
    },
  };
  return { pim, calls };
}

function env(heartbeatDetails?: unknown) {
  const e = new MockActivityEnvironment(heartbeatDetails === undefined ? undefined : { heartbeatDetails }, { logger: new DefaultLogger('ERROR') });
  const beats: unknown[] = [];
  e.on('heartbeat', (d: unknown) => beats.push(d));
  return { e, beats };
}

describe('reconcile PIM activities', () => {
  it('listPimPages lists up to maxPages pages and returns the next page to list', async () => {
    const { pim, calls } = fakePim();
    const { listPimPages } = createReconcilePimActivities({ pim });
    const first = await env().e.run(listPimPages, { kind: PRODUCT, updatedAfter: '2024-01-01T00:00:00Z', maxPages: 2 });
    assert.deepEqual(first, { items: ITEMS.slice(0, 200), next: 'page:2' });
    const rest = await env().e.run(listPimPages, { kind: PRODUCT, next: first.next, maxPages: 20 });
    assert.deepEqual(rest, { items: ITEMS.slice(200) });
    assert.deepEqual(calls, ['first>2024-01-01T00:00:00Z', 'page:1', 'page:2', 'page:3']);
  });

  it('listPimPages stops starting pages when its time budget is spent, after at least one', async () => {
    const { pim } = fakePim();
    const { listPimPages } = createReconcilePimActivities({ pim });
    const batch = await env().e.run(listPimPages, { kind: PRODUCT, maxPages: 20, budgetMs: 0 });
    assert.deepEqual(batch, { items: ITEMS.slice(0, 100), next: 'page:1' });
  });

  it('listPimPages fails a 429 as rate limited, having heartbeated what it listed, and a retry resumes there', async () => {
    const { pim, calls } = fakePim({ failAt: [3] }); // the third call
    const { listPimPages } = createReconcilePimActivities({ pim });
    const { e, beats } = env();
    const err = await e.run(listPimPages, { kind: PRODUCT, maxPages: 20 }).then(() => undefined, (x: unknown) => x);
    assert.ok(err instanceof ApplicationFailure && err.type === FailureType.PIM_RATE_LIMITED, String(err));
    assert.equal(err.nextRetryDelay, '2s');
    const last = beats.at(-1) as { items: unknown[]; next: string };
    assert.deepEqual({ items: last.items.length, next: last.next }, { items: 200, next: 'page:2' });
    const retried = await env(last).e.run(listPimPages, { kind: PRODUCT, maxPages: 20 });
    assert.deepEqual(retried, { items: ITEMS });
    assert.deepEqual(calls, ['first>undefined', 'page:1', 'page:2', 'page:2', 'page:3'], 'no page listed twice but the failed one');
  });

  it('findMissingInPim checks any number of ids 100 at a time and returns the missing ones in order', async () => {
    const ids = ITEMS.map((i) => i.id);
    const { pim, calls } = fakePim({ missing: new Set(['p3', 'p150', 'p349']) });
    const { findMissingInPim } = createReconcilePimActivities({ pim });
    assert.deepEqual(await env().e.run(findMissingInPim, { kind: PRODUCT, ids }), ['p3', 'p150', 'p349']);
    assert.deepEqual([...calls].filter((c) => c.startsWith('check')).sort(), ['check p0..p99', 'check p100..p199', 'check p200..p299', 'check p300..p349']);
  });

  it('findMissingInPim counts a product the search index misses as missing only when its GET answers 404', async () => {
    const ids = ITEMS.map((i) => i.id);
    const { pim, calls } = fakePim({ missing: new Set(['p7']), unindexed: new Set(['p3', 'p150', 'p349']) });
    const { findMissingInPim } = createReconcilePimActivities({ pim });
    assert.deepEqual(await env().e.run(findMissingInPim, { kind: PRODUCT, ids }), ['p7']);
    assert.deepEqual(calls.filter((c) => c.startsWith('get')).sort(), ['get p150', 'get p3', 'get p349', 'get p7']);
  });

  it('findMissingInPim checks product models one code per request (one GET each)', async () => {
    const { pim, calls } = fakePim({ missing: new Set(['m2']) });
    const { findMissingInPim } = createReconcilePimActivities({ pim });
    assert.deepEqual(await env().e.run(findMissingInPim, { kind: 'product-model' as const, ids: ['m1', 'm2', 'm3'] }), ['m2']);
    assert.deepEqual([...calls].sort(), ['check m1..m1', 'check m2..m2', 'check m3..m3']);
  });

  it('findMissingInPim resumes after the chunks a failed attempt heartbeated', async () => {
    const ids = ITEMS.map((i) => i.id);
    const { pim, calls } = fakePim({ missing: new Set(['p3', 'p349']) });
    const { findMissingInPim } = createReconcilePimActivities({ pim });
    const missing = await env({ done: 3, missing: ['p3'] }).e.run(findMissingInPim, { kind: PRODUCT, ids });
    assert.deepEqual(missing, ['p3', 'p349']);
    assert.deepEqual(calls, ['check p300..p349', 'get p349']);
  });

  it('observeEntities reads the entities through the reader and returns them as listed items with their digest, leaving out a 404', async () => {
    const { pim } = fakePim();
    const entities: Record<string, PimProduct> = {
      p1: { uuid: 'p1', updated: '2024-05-02T08:00:00+00:00', values: { name: [{ data: 'a' }] } },
      p3: { uuid: 'p3', updated: '2024-05-02T08:00:00+00:00', values: { name: [{ data: 'b' }] } },
    };
    const reads: string[] = [];
    const reader: PimEntityReader = {
      read: (kind, id) => {
        reads.push(`${kind} ${id}`);
        return Promise.resolve(entities[id]);
      },
    };
    const { observeEntities } = createReconcilePimActivities({ pim, reader });
    const items: PimListItem[] = await env().e.run(observeEntities, { kind: PRODUCT, ids: ['p1', 'p2', 'p3'] });
    assert.deepEqual(items, [
      { id: 'p1', updated: entities.p1.updated, digest: contentDigest(entities.p1) },
      { id: 'p3', updated: entities.p3.updated, digest: contentDigest(entities.p3) },
    ]);
    assert.notEqual(items[0].digest, items[1].digest, 'same updated, other content');
    assert.deepEqual(reads, ['product p1', 'product p2', 'product p3']);
  });
});
