import assert from 'node:assert/strict';
import { TokenBucket } from '../../src/akeneo/token-bucket';
import { limitConcurrency, mapBounded, mapBoundedInOrder } from '../../src/activities/bounded';

/** A fake clock: `sleep` records the wait and moves the clock to the sleeper's wake-up time. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: (ms: number) => {
      sleeps.push(ms);
      const wake = now + ms;
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          now = Math.max(now, wake);
          resolve();
        }),
      );
    },
  };
}

describe('TokenBucket', () => {
  it('spaces takers evenly at the rate, in the order they asked', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, now: clock.now, sleep: clock.sleep });
    await Promise.all(Array.from({ length: 5 }, () => bucket.take()));
    assert.deepEqual(clock.sleeps, [100, 200, 300, 400]);
  });

  it('does not save up unused tokens beyond its burst', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 2, now: clock.now, sleep: clock.sleep });
    clock.advance(60_000);
    await Promise.all(Array.from({ length: 4 }, () => bucket.take()));
    assert.deepEqual(clock.sleeps, [100, 200], 'two go at once, then one per 100 ms');
  });

  it('lets at most ratePerSecond takers through in any second, even when takers wake late', async () => {
    const clock = fakeClock();
    // The event loop stalls from 500 to 800 ms: takers due meanwhile all wake at 800 ms.
    const sleep = (ms: number) => {
      const wake = clock.now() + ms;
      return clock.sleep(wake >= 500 && wake < 800 ? 800 - clock.now() : ms);
    };
    const bucket = new TokenBucket({ ratePerSecond: 20, now: clock.now, sleep });
    const at: number[] = [];
    await Promise.all(Array.from({ length: 100 }, async () => {
      await bucket.take();
      at.push(clock.now());
    }));
    at.sort((a, b) => a - b);
    for (let i = 0; i + 20 < at.length; i++) assert.ok(at[i + 20] - at[i] >= 1000, `21 takes within ${at[i + 20] - at[i]} ms`);
    assert.ok(at[99] < 6000, `100 takes at 20/s took ${at[99]} ms`);
  });

  it('rejects a taker aborted while it waits and hands its slot to the next one', async () => {
    const clock = fakeClock();
    // Takers with a signal are aborted during their wait.
    const sleep = (ms: number, signal?: AbortSignal) => (signal ? Promise.reject(new Error('cancelled')) : clock.sleep(ms));
    const bucket = new TokenBucket({ ratePerSecond: 10, now: clock.now, sleep });
    await bucket.take();
    await assert.rejects(bucket.take(new AbortController().signal), /cancelled/);
    await bucket.take();
    assert.deepEqual(clock.sleeps, [100], 'the next taker waits for the abandoned slot, not the one after');
    const aborted = new AbortController();
    aborted.abort(new Error('already'));
    await assert.rejects(bucket.take(aborted.signal), /already/);
  });

  it('refuses a rate that is not positive', () => {
    assert.throws(() => new TokenBucket({ ratePerSecond: 0 }), RangeError);
  });
});

describe('bounded fan-out', () => {
  it('mapBounded starts nothing more after the first failure', async () => {
    const started: number[] = [];
    await assert.rejects(
      mapBounded([1, 2, 3, 4, 5, 6], 2, async (n) => {
        started.push(n);
        await Promise.resolve();
        if (n === 2) throw new Error('boom');
        return n;
      }),
      /boom/,
    );
    assert.deepEqual(started, [1, 2, 3]);
  });

  it('mapBoundedInOrder reports only prefixes that are entirely done', async () => {
    const gates = [0, 1, 2, 3].map(() => {
      let resolve = (): void => undefined;
      const promise = new Promise<void>((r) => (resolve = r));
      return { promise, resolve };
    });
    const prefixes: Array<[number, number[]]> = [];
    const run = mapBoundedInOrder([0, 1, 2, 3], 4, async (i) => {
      await gates[i].promise;
      return i * 10;
    }, (done, results) => prefixes.push([done, [...results]]));
    for (const i of [2, 1, 0, 3]) {
      gates[i].resolve();
      await new Promise((r) => setImmediate(r));
    }
    assert.deepEqual(await run, [0, 10, 20, 30]);
    assert.deepEqual(prefixes, [[3, [0, 10, 20]], [4, [0, 10, 20, 30]]]);
  });

  it('limitConcurrency bounds tasks across callers', async () => {
    const limit = limitConcurrency(3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limit(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setImmediate(r));
          active--;
        }),
      ),
    );
    assert.equal(peak, 3);
  });
});
