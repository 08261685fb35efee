import assert from 'node:assert/strict';
import type { Client } from '@temporalio/client';
import { BudgetedIntake } from '../../src/api/intake-budget';
import { type EventIntake, IntakeOverloadedError, IntakeUnavailableError } from '../../src/api/ports';
import { TemporalIntake } from '../../src/api/temporal-intake';
import type { EntityEvent } from '../../src/workflows/definitions';

const event = (i: number): EntityEvent => ({
  ref: { kind: 'product', id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` },
  eventId: `e-${i}`,
  action: 'updated',
  eventDate: '2026-12-01T10:00:00.000Z',
  source: 'events-api',
});
const events = (from: number, n: number) => Array.from({ length: n }, (_, i) => event(from + i));

/** An intake whose hand-overs wait until released. */
class HeldIntake implements EventIntake {
  private readonly held: Array<() => void> = [];
  submit(): Promise<void> {
    return new Promise((resolve) => this.held.push(resolve));
  }
  releaseAll(): void {
    for (const release of this.held.splice(0)) release();
  }
}

describe('BudgetedIntake (the API\'s memory budget)', () => {
  it('takes events up to the budget and refuses the request that would pass it, at once', async () => {
    const inner = new HeldIntake();
    const budget = new BudgetedIntake(inner, 25);
    const first = budget.submit(events(0, 10));
    const second = budget.submit(events(10, 10));
    assert.equal(budget.eventsInFlight, 20);
    await assert.rejects(budget.submit(events(20, 10)), IntakeOverloadedError);
    inner.releaseAll();
    await Promise.all([first, second]);
    assert.equal(budget.eventsInFlight, 0);
    const third = budget.submit(events(20, 10));
    inner.releaseAll();
    await third;
  });

  it('lets a request larger than the budget through when nothing is in flight', async () => {
    const inner = new HeldIntake();
    const budget = new BudgetedIntake(inner, 5);
    const big = budget.submit(events(0, 10));
    assert.equal(budget.eventsInFlight, 10);
    inner.releaseAll();
    await big;
  });

  it('frees the budget when a hand-over fails', async () => {
    const budget = new BudgetedIntake({ submit: () => Promise.reject(new IntakeUnavailableError('down')) }, 10);
    await assert.rejects(budget.submit(events(0, 10)), IntakeUnavailableError);
    assert.equal(budget.eventsInFlight, 0);
  });
});

/** A Temporal client stand-in that records signal-with-start calls and holds them until released. */
function fakeClient() {
  const started: string[] = [];
  const waiting: Array<() => void> = [];
  let active = 0;
  let maxActive = 0;
  const connection = {
    withAbortSignal: <R>(_signal: AbortSignal, fn: () => Promise<R>) => fn(),
    withDeadline: <R>(_deadline: number, fn: () => Promise<R>) => fn(),
  };
  const workflow = {
    signalWithStart: async (_type: string, options: { workflowId: string }) => {
      started.push(options.workflowId);
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise<void>((resolve) => waiting.push(resolve));
      active--;
    },
  };
  return {
    client: { connection, workflow } as unknown as Client,
    started,
    get maxActive() {
      return maxActive;
    },
    releaseOne: () => waiting.shift()?.(),
    pending: () => waiting.length,
  };
}

async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('TemporalIntake (signals in first-come order)', () => {
  it('has at most callsInFlight signals in flight, and starts the waiting ones in the order they came', async () => {
    const fake = fakeClient();
    const intake = new TemporalIntake(fake.client, { taskQueue: 'q', callsInFlight: 3 });
    const a = intake.submit(events(0, 2));
    const b = intake.submit(events(2, 2));
    await until(() => fake.pending() === 3);
    assert.equal(fake.started.length, 3, 'the fourth waits for a slot');
    let finished = false;
    void Promise.all([a, b]).then(() => (finished = true));
    // Release one signal at a time: each freed slot goes to the next signal in line.
    await until(() => finished || (fake.releaseOne(), false));
    await Promise.all([a, b]);
    assert.equal(fake.maxActive, 3);
    assert.deepEqual(fake.started, events(0, 4).map((e) => `product-${e.ref.id}`));
  });

  it('settled() waits for hand-overs still running, late ones included', async () => {
    const fake = fakeClient();
    const intake = new TemporalIntake(fake.client, { taskQueue: 'q' });
    let done = false;
    void intake.submit(events(0, 1)).then(() => (done = true));
    await until(() => fake.pending() === 1);
    let settled = false;
    const waiting = intake.settled().then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false, 'not settled while a signal is in flight');
    fake.releaseOne();
    await waiting;
    assert.equal(done, true);
  });
});
