import assert from 'node:assert/strict';
import {
  acquireLease,
  assertValidRequest,
  initialLeaseState,
  isHeld,
  releaseLease,
  viewLease,
  type PimLeaseState,
} from '../../src/workflows/pim-lease-state';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const TTL = 30_000;

/** The state after `holderId` was granted the lease at `at`. */
function grantedTo(holderId: string, at = T0, state: PimLeaseState = initialLeaseState()): PimLeaseState {
  const outcome = acquireLease(state, { holderId, ttlMs: TTL }, at);
  assert.ok(outcome.granted);
  return outcome.state;
}

describe('PIM lease state', () => {
  it('grants a free lease for the TTL, as term 1', () => {
    const outcome = acquireLease(initialLeaseState(), { holderId: 'a', ttlMs: TTL }, T0);
    assert.ok(outcome.granted);
    assert.deepEqual(outcome.state, { holderId: 'a', expiresAtMs: T0 + TTL, term: 1 });
    assert.deepEqual(outcome.grant, { holderId: 'a', expiresAt: '2026-01-01T00:00:30.000Z', term: 1, acquired: true });
  });

  it('renews for the holder from now, in the same term', () => {
    const outcome = acquireLease(grantedTo('a'), { holderId: 'a', ttlMs: TTL }, T0 + 5_000);
    assert.ok(outcome.granted);
    assert.deepEqual(outcome.state, { holderId: 'a', expiresAtMs: T0 + 35_000, term: 1 });
    assert.equal(outcome.grant.acquired, false);
  });

  it('refuses another holder while the lease runs, and tells who holds it until when', () => {
    const outcome = acquireLease(grantedTo('a'), { holderId: 'b', ttlMs: TTL }, T0 + TTL - 1);
    assert.deepEqual(outcome, { granted: false, current: { holderId: 'a', expiresAt: '2026-01-01T00:00:30.000Z', term: 1, held: true } });
  });

  it('grants another holder once the lease ran out, as a new term', () => {
    const outcome = acquireLease(grantedTo('a'), { holderId: 'b', ttlMs: TTL }, T0 + TTL);
    assert.ok(outcome.granted);
    assert.deepEqual(outcome.state, { holderId: 'b', expiresAtMs: T0 + 2 * TTL, term: 2 });
    assert.equal(outcome.grant.acquired, true);
  });

  it('gives an expired holder a new term too: someone else may have held it meanwhile', () => {
    const outcome = acquireLease(grantedTo('a'), { holderId: 'a', ttlMs: TTL }, T0 + TTL + 1);
    assert.ok(outcome.granted);
    assert.equal(outcome.state.term, 2);
    assert.equal(outcome.grant.acquired, true);
  });

  it('frees the lease on release by the holder; the next grant is a new term', () => {
    const released = releaseLease(grantedTo('a'), 'a', T0 + 1_000);
    assert.deepEqual(released, { term: 1 });
    assert.equal(isHeld(released, T0 + 1_000), false);
    const outcome = acquireLease(released, { holderId: 'b', ttlMs: TTL }, T0 + 1_001);
    assert.ok(outcome.granted);
    assert.equal(outcome.state.term, 2);
  });

  it('ignores a release by anyone but the holder, and after expiry', () => {
    const state = grantedTo('a');
    assert.equal(releaseLease(state, 'b', T0 + 1_000), state);
    assert.equal(releaseLease(state, 'a', T0 + TTL), state);
  });

  it('shows the lease as held only until it runs out', () => {
    const state = grantedTo('a');
    assert.deepEqual(viewLease(state, T0 + 1), { holderId: 'a', expiresAt: '2026-01-01T00:00:30.000Z', term: 1, held: true });
    assert.equal(viewLease(state, T0 + TTL).held, false);
    assert.deepEqual(viewLease(initialLeaseState(), T0), { term: 0, held: false });
  });

  it('validates requests: a holder id and an integer TTL from 1 s to 10 min', () => {
    assert.doesNotThrow(() => assertValidRequest({ holderId: 'a', ttlMs: 1_000 }));
    assert.doesNotThrow(() => assertValidRequest({ holderId: 'a', ttlMs: 600_000 }));
    for (const bad of [{ holderId: ' ', ttlMs: TTL }, { holderId: 'a', ttlMs: 999 }, { holderId: 'a', ttlMs: 600_001 }, { holderId: 'a', ttlMs: 1_500.5 }]) {
      assert.throws(() => assertValidRequest(bad), RangeError, JSON.stringify(bad));
    }
  });
});
