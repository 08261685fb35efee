import assert from 'node:assert/strict';
import { GatedIntake, MAX_HOLD_MS, MIN_EVENTS_IN_FLIGHT } from '../../src/api/intake-gate';
import { type EventIntake, IntakeOverloadedError, IntakeUnavailableError, type SubmitOptions } from '../../src/api/ports';
import type { EntityEvent } from '../../src/workflows/definitions';

function events(n: number): EntityEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    ref: { kind: 'product', id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` },
    eventId: `e${i}`,
    action: 'updated',
    eventDate: '2026-01-01T00:00:00Z',
    source: 'events-api',
  }));
}

/** An intake whose calls stay pending until released. */
class PendingIntake implements EventIntake {
  readonly received: EntityEvent[][] = [];
  private releases: Array<() => void> = [];
  fail?: Error;

  readonly options: Array<SubmitOptions | undefined> = [];

  submit(batch: EntityEvent[], options?: SubmitOptions): Promise<void> {
    this.received.push(batch);
    this.options.push(options);
    return new Promise((resolve, reject) => this.releases.push(() => (this.fail ? reject(this.fail) : resolve())));
  }

  releaseAll(): void {
    for (const release of this.releases.splice(0)) release();
  }
}

describe('GatedIntake', () => {
  it('refuses, without calling Temporal, a request that would pass the limit of events in flight', async () => {
    const inner = new PendingIntake();
    const gate = new GatedIntake(inner, { maxEvents: 15 });
    const first = gate.submit(events(10));
    assert.equal(gate.eventsInFlight, 10);
    await assert.rejects(gate.submit(events(6)), IntakeOverloadedError);
    assert.equal(inner.received.length, 1, 'the refused request never reached the intake');
    const small = gate.submit(events(5));
    assert.equal(gate.eventsInFlight, 15);
    inner.releaseAll();
    await Promise.all([first, small]);
    assert.equal(gate.eventsInFlight, 0);
    const again = gate.submit(events(10));
    assert.equal(gate.eventsInFlight, 10, 'admitted again once the earlier events were handed over');
    inner.releaseAll();
    await again;
  });

  it('frees its slots when the intake fails, and passes the failure on', async () => {
    const inner = new PendingIntake();
    inner.fail = new IntakeUnavailableError('down');
    const gate = new GatedIntake(inner, { maxEvents: 10 });
    const failing = gate.submit(events(10));
    inner.releaseAll();
    await assert.rejects(failing, (err: unknown) => err instanceof IntakeUnavailableError && !(err instanceof IntakeOverloadedError));
    assert.equal(gate.eventsInFlight, 0);
  });

  /** An intake whose hand-overs take `ms` on a fake clock, or fail. */
  function timedIntake(clock: { t: number }, ms: () => number, fail = () => false): EventIntake {
    return {
      submit: () => {
        clock.t += ms();
        return fail() ? Promise.reject(new IntakeUnavailableError('deadline')) : Promise.resolve();
      },
    };
  }

  it('shrinks its limit by a tenth when a hand-over is slower than the target, down to one legacy request', async () => {
    const clock = { t: 0 };
    const gate = new GatedIntake(timedIntake(clock, () => 400), { maxEvents: 200, targetMs: 250, now: () => clock.t });
    await gate.submit(events(10));
    assert.equal(gate.limit, 180);
    for (let i = 0; i < 30; i++) await gate.submit(events(10));
    assert.equal(gate.limit, MIN_EVENTS_IN_FLIGHT);
  });

  it('shrinks on failures too, and grows back by about four per limit of events handed over in time', async () => {
    const clock = { t: 0 };
    let failing = true;
    const gate = new GatedIntake(timedIntake(clock, () => 20, () => failing), { maxEvents: 100, targetMs: 250, now: () => clock.t });
    await assert.rejects(gate.submit(events(10)), IntakeUnavailableError);
    assert.equal(gate.limit, 90);
    failing = false;
    for (let i = 0; i < 8; i++) await gate.submit(events(10));
    assert.equal(gate.limit, 93, '80 events in time at a limit of 90 add about 3.5 (4 per 90)');
    for (let i = 0; i < 2_000; i++) await gate.submit(events(10));
    assert.equal(gate.limit, 100, 'never above the configured ceiling');
  });

  it('counts congestion once per round trip: hand-overs started before a decrease do not shrink it again', async () => {
    const clock = { t: 0 };
    const releases: Array<() => void> = [];
    const inner: EventIntake = { submit: () => new Promise<void>((resolve) => releases.push(resolve)) };
    const gate = new GatedIntake(inner, { maxEvents: 100, targetMs: 250, now: () => clock.t });
    const slow = [gate.submit(events(10)), gate.submit(events(10)), gate.submit(events(10))];
    clock.t = 1_000;
    for (const release of releases.splice(0)) release();
    await Promise.all(slow);
    assert.equal(gate.limit, 90, 'three slow hand-overs of one round trip: one decrease');
  });

  it('admits a request larger than its limit when nothing is in flight (it could never pass otherwise)', async () => {
    const inner = new PendingIntake();
    const gate = new GatedIntake(inner, { maxEvents: 1 });
    const big = gate.submit(events(10));
    assert.equal(inner.received.length, 1);
    await assert.rejects(gate.submit(events(1)), IntakeOverloadedError);
    inner.releaseAll();
    await big;
  });

  it('never stays shut: a hand-over that hangs stops counting after maxHoldMs, and late completions are not counted twice', async () => {
    const clock = { t: 0 };
    const inner = new PendingIntake();
    const gate = new GatedIntake(inner, { maxEvents: 10, maxHoldMs: 2_000, now: () => clock.t });
    const hung = gate.submit(events(10));
    clock.t = 1_999;
    await assert.rejects(gate.submit(events(1)), IntakeOverloadedError, 'still shedding just before the cap');
    clock.t = 2_000;
    assert.equal(gate.eventsInFlight, 0, 'the hung hand-over no longer counts');
    const next = gate.submit(events(1));
    assert.equal(inner.received.length, 2, 'a request goes through at the cap');
    assert.equal(gate.eventsInFlight, 1);
    inner.releaseAll();
    await Promise.all([hung, next]);
    assert.equal(gate.eventsInFlight, 0, 'the late completion of the hung one subtracts nothing');
  });

  it('counts a hand-over with a longer deadline (the Event Platform\'s 4 s) until a quarter past it, and passes the deadline on', async () => {
    const clock = { t: 0 };
    const inner = new PendingIntake();
    const gate = new GatedIntake(inner, { maxEvents: 1, maxHoldMs: 2_000, now: () => clock.t });
    const slow = gate.submit(events(1), { deadlineMs: 4_000 });
    assert.deepEqual(inner.options, [{ deadlineMs: 4_000 }]);
    clock.t = 4_999;
    await assert.rejects(gate.submit(events(1)), IntakeOverloadedError, 'still counted within 1.25 × its deadline');
    clock.t = 5_000;
    assert.equal(gate.eventsInFlight, 0, 'forgotten at 1.25 × its deadline');
    inner.releaseAll();
    await slow;
  });

  it('caps continuous shedding at MAX_HOLD_MS (2 s), far below the hour the Event Platform tolerates throttled events', () => {
    assert.equal(MAX_HOLD_MS, 2_000);
    assert.ok(MAX_HOLD_MS < 5_000, 'shorter than the platform\'s 5 s delivery timeout, too');
  });

  it('is an IntakeUnavailableError, so callers that only know that one still answer 503', () => {
    assert.ok(new IntakeOverloadedError('x') instanceof IntakeUnavailableError);
  });
});
