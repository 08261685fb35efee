import assert from 'node:assert/strict';
import { BodyBudget, STALE_BODY_MS } from '../../src/api/body-budget';

describe('BodyBudget', () => {
  let clock: number;
  const budget = (max: number): BodyBudget => new BodyBudget(max, { now: () => clock });

  beforeEach(() => {
    clock = 0;
  });

  it('counts bytes as they are taken and gives a body\'s bytes back once, when it closes', () => {
    const b = budget(100);
    const one = b.open(() => assert.fail('not evicted'));
    const two = b.open(() => assert.fail('not evicted'));
    assert.ok(one.take(30) && one.take(20) && two.take(40));
    assert.equal(b.bytesInFlight, 90);
    assert.equal(b.bodies, 2);
    one.close();
    one.close();
    assert.equal(b.bytesInFlight, 40);
    assert.equal(b.bodies, 1);
    two.close();
    assert.equal(b.bytesInFlight, 0);
    assert.equal(b.peakBytes, 90);
  });

  it('refuses a chunk that would take the total past the budget while no body is stale, and never counts it', () => {
    const b = budget(100);
    const old = b.open(() => assert.fail('a fresh body is never cut off'));
    assert.ok(old.take(90));
    clock = STALE_BODY_MS - 1;
    const young = b.open(() => assert.fail('not evicted'));
    assert.equal(young.take(11), false);
    assert.ok(young.take(10));
    assert.equal(b.bytesInFlight, 100);
    assert.equal(b.peakBytes, 100);
  });

  it('cuts off stale bodies, oldest first, only as many as it takes to make room', () => {
    const b = budget(100);
    const evicted: string[] = [];
    const a = b.open(() => evicted.push('a'));
    clock = 10;
    const c = b.open(() => evicted.push('c'));
    clock = 20;
    const d = b.open(() => evicted.push('d'));
    assert.ok(a.take(40) && c.take(40) && d.take(20));
    clock = 20 + STALE_BODY_MS;
    const fresh = b.open(() => evicted.push('fresh'));
    assert.ok(fresh.take(50));
    assert.deepEqual(evicted, ['a', 'c']);
    assert.equal(b.bytesInFlight, 70);
    // A body cut off takes nothing more, and closing it gives nothing back twice.
    assert.equal(a.take(1), false);
    a.close();
    assert.equal(b.bytesInFlight, 70);
  });

  it('refuses a chunk when cutting off every stale body would still not make room', () => {
    const b = budget(100);
    const evicted: string[] = [];
    const stale = b.open(() => evicted.push('stale'));
    assert.ok(stale.take(10));
    clock = STALE_BODY_MS + 1;
    const fresh = b.open(() => evicted.push('fresh'));
    assert.ok(fresh.take(80));
    const big = b.open(() => evicted.push('big'));
    assert.equal(big.take(30), false);
    assert.deepEqual(evicted, ['stale']);
    assert.equal(b.bytesInFlight, 80);
  });
});
