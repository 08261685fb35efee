import assert from 'node:assert/strict';
import type { EntityEvent } from '../../src/workflows/definitions';
import {
  canSkipWrite,
  isWritten,
  retryDelayMs,
  initialState,
  MAX_HISTORY,
  MAX_SEEN_EVENT_IDS,
  reduce,
  toSyncHistory,
  type ProductState,
  type StateInput,
  writeCheckOf,
} from '../../src/workflows/product-state';

const ref = { kind: 'product', id: '6f1d2a0e-3c4b-4e5f-8a9b-0c1d2e3f4a5b' } as const;
const NOW = '2026-01-01T00:00:00.000Z';

function ev(id: string, eventDate: string, action: EntityEvent['action'] = 'updated', extra: Partial<EntityEvent> = {}): EntityEvent {
  return { ref, eventId: id, action, eventDate, source: 'events-api', ...extra };
}
function run(state: ProductState, ...inputs: StateInput[]): ProductState {
  return inputs.reduce((s, i) => reduce(s, i, NOW), state);
}
const received = (e: EntityEvent): StateInput => ({ type: 'received', event: e });
const kinds = (s: ProductState) => s.history.map((h) => h.kind);

describe('product state reducer', () => {
  it('accepts a first event and asks for an upsert', () => {
    const s = run(initialState(ref), received(ev('e1', '2024-05-02T08:15:00.000Z')));
    assert.equal(s.desired, 'upsert');
    assert.equal(s.status, 'pending');
    assert.equal(s.latestEventDate, '2024-05-02T08:15:00.000Z');
    assert.deepEqual(kinds(s), ['event-accepted']);
  });

  it('applies a duplicate event id once', () => {
    const s = run(initialState(ref), received(ev('e1', '2024-05-02T08:15:00.000Z')), { type: 'syncStarted' },
      { type: 'syncSucceeded', outcome: { kind: 'written', version: '2024-05-02T08:15:00+00:00' } },
      received(ev('e1', '2024-05-02T08:15:00.000Z')));
    assert.equal(s.desired, undefined);
    assert.deepEqual(kinds(s), ['event-accepted', 'synced', 'ignored-duplicate']);
  });

  it('counts a flood of duplicates in one history entry, so the real entries stay', () => {
    let s = run(initialState(ref), received(ev('e1', '2024-05-02T08:15:00.000Z')), { type: 'syncStarted' },
      { type: 'syncSucceeded', outcome: { kind: 'written', version: '2024-05-02T08:15:00+00:00' } });
    for (let i = 0; i < MAX_HISTORY * 3; i++) s = reduce(s, received(ev('e1', '2024-05-02T08:15:00.000Z')), `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`);
    assert.deepEqual(kinds(s), ['event-accepted', 'synced', 'ignored-duplicate']);
    const dup = s.history.at(-1);
    assert.equal(dup?.count, MAX_HISTORY * 3);
    assert.equal(dup?.at, '2026-01-01T00:00:00.000Z', 'the entry keeps the time of the first duplicate');
    assert.match(dup?.detail ?? '', /300 duplicate deliveries in a row, the last at 2026-01-01T00:00:59\.000Z/);
    assert.equal(s.duplicatesIgnored, MAX_HISTORY * 3);
    assert.equal(s.desired, undefined, 'no duplicate asks for a sync');
    assert.equal(toSyncHistory(s).duplicatesIgnored, MAX_HISTORY * 3);
  });

  it('coalesces duplicates of different ids, and starts a new entry after a real one', () => {
    let s = run(initialState(ref), received(ev('e1', '2024-05-02T08:00:00.000Z')), received(ev('e2', '2024-05-02T08:01:00.000Z')));
    s = run(s, received(ev('e1', '2024-05-02T08:00:00.000Z')), received(ev('e2', '2024-05-02T08:01:00.000Z')));
    s = run(s, received(ev('e3', '2024-05-02T08:02:00.000Z')), received(ev('e3', '2024-05-02T08:02:00.000Z')));
    assert.deepEqual(kinds(s), ['event-accepted', 'event-accepted', 'ignored-duplicate', 'event-accepted', 'ignored-duplicate']);
    assert.deepEqual(s.history.map((h) => h.count), [undefined, undefined, 2, undefined, undefined]);
    assert.equal(s.history[2]?.eventId, 'e2', 'the coalesced entry names the latest duplicate');
    assert.equal(s.duplicatesIgnored, 3);
  });

  it('counts duplicates on from a state carried over without the counter', () => {
    const { duplicatesIgnored: _omitted, ...old } = run(initialState(ref), received(ev('e1', '2024-05-02T08:00:00.000Z')));
    assert.equal(toSyncHistory(old).duplicatesIgnored, 0);
    assert.equal(run(old, received(ev('e1', '2024-05-02T08:00:00.000Z'))).duplicatesIgnored, 1);
  });

  it('ignores an update older than the last applied one', () => {
    const s = run(initialState(ref), received(ev('new', '2024-05-02T10:00:00.000Z')), { type: 'syncStarted' },
      { type: 'syncSucceeded', outcome: { kind: 'written', version: '2024-05-02T10:00:00+00:00' } },
      received(ev('old', '2024-05-02T09:00:00.000Z')));
    assert.equal(s.desired, undefined);
    assert.equal(s.latestEventDate, '2024-05-02T10:00:00.000Z');
    assert.equal(s.history.at(-1)?.kind, 'ignored-outdated');
    assert.equal(s.history.at(-1)?.eventId, 'old');
    assert.equal(s.status, 'synced');
  });

  it('lets a newer removal win and stops an older create from resurrecting', () => {
    let s = run(initialState(ref), received(ev('c', '2024-05-02T08:00:00.000Z', 'created')), { type: 'syncStarted' },
      { type: 'syncSucceeded', outcome: { kind: 'written', version: '2024-05-02T08:00:00+00:00' } },
      received(ev('r', '2024-05-02T09:00:00.000Z', 'removed')));
    assert.equal(s.desired, 'delete');
    s = run(s, { type: 'syncStarted' }, { type: 'syncSucceeded', outcome: { kind: 'deleted', reason: 'removed' } });
    assert.equal(s.status, 'deleted');
    assert.equal(s.lastWrittenVersion, undefined);
    s = run(s, received(ev('late-update', '2024-05-02T08:30:00.000Z', 'updated')));
    assert.equal(s.desired, undefined);
    assert.equal(s.status, 'deleted');
    assert.equal(s.history.at(-1)?.kind, 'ignored-outdated');
  });

  it('coalesces events that arrive during a sync into one more sync', () => {
    let s = run(initialState(ref), received(ev('e1', '2024-05-02T08:00:01.000Z')), { type: 'syncStarted' });
    assert.equal(s.inFlight?.op, 'upsert');
    assert.equal(s.desired, undefined);
    for (let i = 2; i <= 50; i++) s = run(s, received(ev(`e${i}`, `2024-05-02T08:00:${String(i).padStart(2, '0')}.000Z`)));
    assert.equal(s.desired, 'upsert');
    assert.equal(s.pendingEventIds.length, 49);
    s = run(s, { type: 'syncSucceeded', outcome: { kind: 'written', version: '2024-05-02T08:00:01+00:00' } });
    assert.equal(s.status, 'pending', 'still pending: another sync is wanted');
    s = run(s, { type: 'syncStarted' });
    assert.equal(s.inFlight?.eventIds.length, 49);
    assert.equal(s.desired, undefined);
  });

  it('records a failed sync, keeps the state usable, and retries on the next event', () => {
    let s = run(initialState(ref), received(ev('e1', '2024-05-02T08:00:00.000Z')), { type: 'syncStarted' },
      { type: 'syncFailed', error: 'DestinationRejected: HTTP 400' });
    assert.equal(s.status, 'failed');
    assert.equal(s.history.at(-1)?.detail, 'DestinationRejected: HTTP 400 (retry 1 at 2026-01-01T00:01:00.000Z)');
    s = run(s, received(ev('e2', '2024-05-02T08:01:00.000Z')));
    assert.equal(s.desired, 'upsert');
  });

  it('skips a reconcile signal whose version is already written', () => {
    let s = run(initialState(ref), received(ev('e1', '2024-05-02T08:00:00.000Z')), { type: 'syncStarted' },
      { type: 'syncSucceeded', outcome: { kind: 'written', version: '2024-05-02T08:00:00+00:00' } });
    s = run(s, received(ev('rec-1', '2024-05-02T08:00:00.000Z', 'updated', { source: 'reconcile', version: '2024-05-02T08:00:00+00:00' })));
    assert.equal(s.desired, undefined);
    assert.equal(s.history.at(-1)?.kind, 'ignored-unchanged');
  });

  it('caps the history and the remembered event ids', () => {
    let s = initialState(ref);
    for (let i = 0; i < MAX_SEEN_EVENT_IDS + 50; i++) s = run(s, received(ev(`e${i}`, '2024-05-02T08:00:00.000Z')));
    assert.equal(s.history.length, MAX_HISTORY);
    assert.equal(s.seenEventIds.length, MAX_SEEN_EVENT_IDS);
    assert.equal(s.seenEventIds[0], 'e50');
    assert.equal(s.history.at(-1)?.eventId, `e${MAX_SEEN_EVENT_IDS + 49}`);
  });

  it('keeps its state plain JSON so it survives continue-as-new', () => {
    const s = run(initialState(ref), received(ev('e1', '2024-05-02T08:00:00.000Z')), { type: 'syncStarted' });
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
  });

  it('does not mutate its input', () => {
    const s0 = initialState(ref);
    const frozen = JSON.stringify(s0);
    run(s0, received(ev('e1', '2024-05-02T08:00:00.000Z')));
    assert.equal(JSON.stringify(s0), frozen);
  });

  it('exposes status, dates and entries newest last in the query view', () => {
    const s = run(initialState(ref), received(ev('e1', '2024-05-02T08:00:00.000Z')), { type: 'syncStarted' },
      { type: 'syncSucceeded', outcome: { kind: 'written', version: '2024-05-02T08:00:00+00:00' } });
    const h = toSyncHistory(s);
    assert.equal(h.status, 'synced');
    assert.equal(h.lastWrittenVersion, '2024-05-02T08:00:00+00:00');
    assert.equal(h.latestEventDate, '2024-05-02T08:00:00.000Z');
    assert.deepEqual(h.entries.map((e) => e.kind), ['event-accepted', 'synced']);
  });
});

describe('product state reducer: reconciliation and manual resync', () => {
  const synced = () =>
    run(initialState(ref), received(ev('e1', '2024-05-02T08:00:00.000Z')), { type: 'syncStarted' },
      { type: 'syncSucceeded', outcome: { kind: 'written', version: '2024-05-02T08:00:00+00:00' } });

  it('forces a write of an already-written version on a manual resync', () => {
    let s = run(synced(), received(ev('m1', '2024-05-03T00:00:00.000Z', 'updated', { source: 'manual', force: true })));
    assert.equal(s.desired, 'upsert');
    s = run(s, { type: 'syncStarted' });
    assert.equal(s.inFlight?.force, true);
    assert.equal(canSkipWrite(s, '2024-05-02T08:00:00+00:00'), false);
    s = run(s, { type: 'syncSucceeded', outcome: { kind: 'written', version: '2024-05-02T08:00:00+00:00' } });
    assert.equal(s.force, undefined);
  });

  it('lets an unforced sync skip a version already written', () => {
    const s = run(synced(), received(ev('e2', '2024-05-03T00:00:00.000Z')), { type: 'syncStarted' });
    assert.equal(canSkipWrite(s, '2024-05-02T08:00:00+00:00'), true);
    assert.equal(canSkipWrite(s, '2024-05-03T00:00:00+00:00'), false);
  });

  it('records a product missing from the PIM without deleting it when the policy is ignore', () => {
    const s = run(synced(), received(ev('gone', '2024-05-04T00:00:00.000Z', 'removed', { source: 'reconcile', keep: true })));
    assert.equal(s.desired, undefined);
    assert.equal(s.status, 'synced');
    assert.equal(s.history.at(-1)?.kind, 'missing-in-pim');
  });

  it('accepts a reconcile signal for a version newer than the one written', () => {
    const s = run(synced(), received(ev('rec-2', '2024-05-02T09:00:00.000Z', 'updated', { source: 'reconcile', version: '2024-05-02T09:00:00+00:00' })));
    assert.equal(s.desired, 'upsert');
  });
});

describe('product state reducer: manual resync after a far-future event', () => {
  it('accepts a forced resync even when an earlier event carried a later date', () => {
    let s = run(initialState(ref), received(ev('future', '2099-01-01T00:00:00.000Z')), { type: 'syncStarted' },
      { type: 'syncSucceeded', outcome: { kind: 'written', version: '2024-05-02T08:00:00+00:00' } });
    s = run(s, received(ev('manual', '2026-01-01T00:00:00.000Z', 'updated', { source: 'manual', force: true })));
    assert.equal(s.desired, 'upsert');
    assert.equal(s.latestEventDate, '2099-01-01T00:00:00.000Z', 'the latest date does not move backwards');
  });
});

describe('product state reducer: content, observations and retries', () => {
  const V = '2024-05-02T08:00:00+00:00';
  const written = (digest: string) =>
    run(initialState(ref), received(ev('e1', '2024-05-02T08:00:00.000Z')), { type: 'syncStarted' },
      { type: 'syncSucceeded', outcome: { kind: 'written', version: V, digest } });

  it('writes a second save of the same second: the digest differs although updated does not', () => {
    let s = written('d1');
    s = run(s, received(ev('e2', '2024-05-02T08:00:00.000Z')), { type: 'syncStarted' });
    assert.equal(canSkipWrite(s, { version: V, digest: 'd2' }), false);
    assert.equal(canSkipWrite(s, { version: V, digest: 'd1' }), true, 'the same content is not written twice');
  });

  it('gives the sync activity what it needs to skip a write by itself: the last digest, and force', () => {
    let s = written('d1');
    s = run(s, received(ev('e2', '2024-05-02T08:00:00.000Z')), { type: 'syncStarted' });
    assert.deepEqual(writeCheckOf(s), { lastWrittenDigest: 'd1' });
    assert.equal(isWritten(writeCheckOf(s), 'd1'), true);
    assert.equal(isWritten(writeCheckOf(s), 'd2'), false);
    s = run(s, { type: 'syncSucceeded', outcome: { kind: 'unchanged', version: V, digest: 'd1' } });
    s = run(s, received(ev('resync', '2024-05-02T08:00:00.000Z', 'updated', { source: 'manual', force: true })), { type: 'syncStarted' });
    assert.deepEqual(writeCheckOf(s), { lastWrittenDigest: 'd1', force: true });
    assert.equal(isWritten(writeCheckOf(s), 'd1'), false, 'a forced sync writes');
    assert.deepEqual(writeCheckOf(initialState(ref)), {}, 'nothing written yet');
  });

  it('ignores an observation of content already written, and accepts one of other content even with an old updated', () => {
    let s = written('d1');
    s = run(s, received(ev('obs-1', '2024-05-02T07:00:00.000Z', 'updated', { source: 'reconcile', version: V, digest: 'd1' })));
    assert.equal(s.history.at(-1)?.kind, 'ignored-unchanged');
    s = run(s, received(ev('late', '2024-05-02T09:00:00.000Z')), { type: 'syncStarted' },
      { type: 'syncSucceeded', outcome: { kind: 'written', version: V, digest: 'd1' } });
    // A variant whose parent model changed: its own `updated` (and event date) is older than the last event.
    s = run(s, received(ev('cascade-1', '2024-05-02T07:00:00.000Z', 'updated', { source: 'cascade', version: V, digest: 'd2' })));
    assert.equal(s.history.at(-1)?.kind, 'event-accepted');
    assert.equal(s.desired, 'upsert');
    assert.equal(s.latestEventDate, '2024-05-02T09:00:00.000Z', 'an observation never moves the latest event date back');
  });

  it('schedules a retry of a failed sync on a doubling back-off, and clears it on success', () => {
    let s = run(initialState(ref), received(ev('e1', '2024-05-02T08:00:00.000Z')), { type: 'syncStarted' }, { type: 'syncFailed', error: 'x' });
    assert.deepEqual(s.retry, { op: 'upsert', attempt: 1, at: '2026-01-01T00:01:00.000Z' });
    s = run(s, { type: 'retryDue' });
    assert.equal(s.desired, 'upsert');
    assert.equal(s.history.at(-1)?.kind, 'retry');
    s = run(s, { type: 'syncStarted' }, { type: 'syncFailed', error: 'x' });
    assert.deepEqual(s.retry, { op: 'upsert', attempt: 2, at: '2026-01-01T00:02:00.000Z' });
    assert.equal(retryDelayMs(20), 4 * 3_600_000, 'at most four hours');
    s = run(s, { type: 'retryDue' }, { type: 'syncStarted' }, { type: 'syncSucceeded', outcome: { kind: 'written', version: V, digest: 'd' } });
    assert.equal(s.retry, undefined);
    assert.equal(s.status, 'synced');
  });

  it('counts a write the third party refused as stale (409/412) as done, and remembers its content', () => {
    const s = run(initialState(ref), received(ev('e1', '2024-05-02T08:00:00.000Z')), { type: 'syncStarted' },
      { type: 'syncSucceeded', outcome: { kind: 'superseded', version: V, digest: 'd1' } });
    assert.equal(s.status, 'synced');
    assert.equal(s.lastWrittenDigest, 'd1');
    assert.equal(s.history.at(-1)?.kind, 'superseded');
  });

  it('records the media files a written sync skipped before its synced entry, naming at most ten', () => {
    const codes = Array.from({ length: 12 }, (_, i) => `m/${i}.jpg`);
    const s = run(
      initialState(ref),
      received(ev('e1', '2024-05-02T08:15:00Z')),
      { type: 'syncStarted' },
      { type: 'syncSucceeded', outcome: { kind: 'written', version: '2024-05-02T08:15:00+00:00', mediaSkipped: codes } },
    );
    assert.deepEqual(kinds(s), ['event-accepted', 'media-skipped', 'synced']);
    assert.equal(s.status, 'synced');
    const detail = s.history[1].detail ?? '';
    assert.match(detail, /^12 media file\(s\) not transferred/);
    assert.ok(detail.includes('m/9.jpg') && !detail.includes('m/10.jpg') && detail.endsWith('and 2 more'), detail);
  });
});
