import assert from 'node:assert/strict';
import { GatedIntake } from '../../src/api/intake-gate';
import { type EventIntake, IntakeOverloadedError, IntakeUnavailableError } from '../../src/api/ports';
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

  submit(batch: EntityEvent[]): Promise<void> {
    this.received.push(batch);
    return new Promise((resolve, reject) => this.releases.push(() => (this.fail ? reject(this.fail) : resolve())));
  }

  releaseAll(): void {
    for (const release of this.releases.splice(0)) release();
  }
}

describe('GatedIntake', () => {
  it('refuses, without calling Temporal, a request that would pass the limit of events in flight', async () => {
    const inner = new PendingIntake();
    const gate = new GatedIntake(inner, 15);
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
    const gate = new GatedIntake(inner, 10);
    const failing = gate.submit(events(10));
    inner.releaseAll();
    await assert.rejects(failing, (err: unknown) => err instanceof IntakeUnavailableError && !(err instanceof IntakeOverloadedError));
    assert.equal(gate.eventsInFlight, 0);
  });

  it('is an IntakeUnavailableError, so callers that only know that one still answer 503', () => {
    assert.ok(new IntakeOverloadedError('x') instanceof IntakeUnavailableError);
  });
});
