import assert from 'node:assert/strict';
import pino from 'pino';
import { PimLeaseKeeper } from '../../src/pim-lease/keeper';
import { PimLeaseLostError } from '../../src/pim-lease/lease-lost-error';
import type { LeaseAnswer, PimCaller, PimLeaseService, PimLeaseTiming } from '../../src/pim-lease/types';
import type { PimLeaseRequest } from '../../src/workflows/pim-lease-state';

/** Short timings so the tests run in well under a second each. */
const TIMING: PimLeaseTiming = { ttlMs: 600, renewEveryMs: 40, stopMarginMs: 200, callTimeoutMs: 100 };

/** Polls `probe` until it holds or the deadline passes (no fixed sleeps). */
async function until(probe: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A lease without expiry: the tests move it by hand. */
class FakeLease implements PimLeaseService {
  holder?: string;
  term = 0;
  mode: 'answer' | 'fail' | 'hang' = 'answer';
  acquires = 0;
  releases: string[] = [];
  /** When the last granted acquire was sent. */
  lastGrantAt = 0;

  acquire(request: PimLeaseRequest, signal: AbortSignal): Promise<LeaseAnswer> {
    this.acquires++;
    const sentAt = Date.now();
    if (this.mode === 'fail') return Promise.reject(new Error('Temporal unreachable'));
    if (this.mode === 'hang') return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
    if (this.holder !== undefined && this.holder !== request.holderId) return Promise.resolve({ granted: false, holderId: this.holder });
    if (this.holder !== request.holderId) this.term++;
    this.holder = request.holderId;
    this.lastGrantAt = sentAt;
    return Promise.resolve({ granted: true, term: this.term });
  }

  release(holderId: string): Promise<void> {
    this.releases.push(holderId);
    if (this.holder === holderId) this.holder = undefined;
    return Promise.resolve();
  }
}

/** A PIM caller that records how it was stopped; `finish()` ends its drain. */
interface FakeCaller extends PimCaller {
  lost: AbortSignal;
  lostAt?: number;
  drained: boolean;
  finish(err?: Error): void;
}

function fakeCallers(options: { drainFinishes?: boolean } = {}): { started: FakeCaller[]; start: (lost: AbortSignal) => Promise<PimCaller> } {
  const started: FakeCaller[] = [];
  return {
    started,
    start: (lost) => {
      let finish: (err?: Error) => void = () => undefined;
      const done = new Promise<void>((resolve, reject) => (finish = (err) => (err ? reject(err) : resolve())));
      const caller: FakeCaller = {
        lost,
        drained: false,
        done,
        finish,
        drain: () => {
          caller.drained = true;
          if (options.drainFinishes ?? true) finish();
        },
      };
      lost.addEventListener('abort', () => (caller.lostAt = Date.now()));
      started.push(caller);
      return Promise.resolve(caller);
    },
  };
}

function keeper(service: PimLeaseService, start: (lost: AbortSignal) => Promise<PimCaller>, holderId = 'me', onHoldingChange?: (h: boolean) => void) {
  return new PimLeaseKeeper({ service, holderId, startCaller: start, logger: pino({ level: 'silent' }), timing: TIMING, onHoldingChange });
}

describe('PIM lease keeper', () => {
  it('starts the PIM caller once it holds the lease, and renews it every few milliseconds here', async () => {
    const lease = new FakeLease();
    const callers = fakeCallers();
    const changes: boolean[] = [];
    const k = keeper(lease, callers.start, 'me', (h) => changes.push(h));
    const running = k.run();
    await until(() => callers.started.length === 1 && lease.acquires >= 5, 'a caller and renewals');
    assert.equal(k.holding, true);
    assert.equal(callers.started[0].lost.aborted, false);
    assert.equal(callers.started.length, 1, 'one caller per term, however many renewals');
    k.stop();
    await running;
    assert.deepEqual(lease.releases, ['me']);
    assert.deepEqual(changes, [true, false]);
  });

  it('stands by while another process holds the lease, and takes over when it is free', async () => {
    const lease = new FakeLease();
    lease.holder = 'other';
    lease.term = 1;
    const callers = fakeCallers();
    const k = keeper(lease, callers.start);
    const running = k.run();
    await until(() => lease.acquires >= 3, 'a few attempts');
    assert.equal(callers.started.length, 0);
    assert.equal(k.holding, false);
    lease.holder = undefined; // the holder's lease ran out
    await until(() => k.holding, 'the takeover');
    k.stop();
    await running;
  });

  it('cuts the caller off when it cannot renew, before the lease would run out', async () => {
    const lease = new FakeLease();
    const callers = fakeCallers();
    const k = keeper(lease, callers.start);
    const running = k.run();
    await until(() => k.holding, 'the lease');
    lease.mode = 'hang';
    await until(() => callers.started[0].lost.aborted, 'the cut-off', 2_000);
    const caller = callers.started[0];
    const heldFor = (caller.lostAt ?? Infinity) - lease.lastGrantAt;
    assert.ok(heldFor <= TIMING.ttlMs - TIMING.stopMarginMs + 50, `cut off ${heldFor} ms after the last renewal was sent`);
    assert.ok(caller.lost.reason instanceof PimLeaseLostError);
    assert.equal(caller.drained, true);
    assert.equal(k.holding, false);
    lease.mode = 'answer'; // Temporal is back and the lease is still ours: a new term, a new caller
    await until(() => callers.started.length === 2 && k.holding, 'a new caller');
    k.stop();
    await running;
  });

  it('cuts the caller off at once when the lease turns out to be held by another process', async () => {
    const lease = new FakeLease();
    const callers = fakeCallers();
    const k = keeper(lease, callers.start);
    const running = k.run();
    await until(() => k.holding, 'the lease');
    lease.holder = 'other';
    const changedAt = Date.now();
    await until(() => callers.started[0].lost.aborted, 'the cut-off');
    assert.ok((callers.started[0].lostAt ?? Infinity) - changedAt < TIMING.renewEveryMs + TIMING.callTimeoutMs);
    k.stop();
    await running;
    assert.deepEqual(lease.releases, [], 'nothing of ours to release');
  });

  it('keeps renewing while the caller drains on stop, and releases only once it has drained', async () => {
    const lease = new FakeLease();
    const callers = fakeCallers({ drainFinishes: false });
    const k = keeper(lease, callers.start);
    let stopped = false;
    const running = k.run().then(() => (stopped = true));
    await until(() => k.holding, 'the lease');
    k.stop();
    assert.equal(callers.started[0].drained, true);
    const before = lease.acquires;
    await until(() => lease.acquires >= before + 3, 'renewals while draining');
    assert.equal(callers.started[0].lost.aborted, false, 'a draining caller keeps its lease');
    assert.deepEqual(lease.releases, []);
    callers.started[0].finish();
    await running;
    assert.equal(stopped, true);
    assert.deepEqual(lease.releases, ['me']);
  });

  it('fails, and releases the lease, when the PIM caller fails', async () => {
    const lease = new FakeLease();
    const callers = fakeCallers();
    const k = keeper(lease, callers.start);
    const running = k.run();
    await until(() => k.holding, 'the lease');
    callers.started[0].finish(new Error('worker crashed'));
    await assert.rejects(running, /worker crashed/);
    assert.deepEqual(lease.releases, ['me']);
  });

  it('keeps trying while the lease service is unreachable', async () => {
    const lease = new FakeLease();
    lease.mode = 'fail';
    const callers = fakeCallers();
    const k = keeper(lease, callers.start);
    const running = k.run();
    await until(() => lease.acquires >= 3, 'retries');
    assert.equal(callers.started.length, 0);
    lease.mode = 'answer';
    await until(() => k.holding, 'the lease');
    k.stop();
    await running;
  });
});
