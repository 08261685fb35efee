import assert from 'node:assert/strict';
import { parsePromText } from '../../src/metrics/prom-text';
import { ackQuantile, eventsByOutcome, eventsTaken } from '../../bench/api-intake-metrics';
import { ackOfAnswers200, massEditRun, type MassEditApiSide, type MassEditRawSide } from '../../bench/mass-edit-figures';
import { massEditGoals } from '../../bench/mass-edit-report';
import { rawBurst } from '../../bench/raw-burst';

const METRICS = `
# HELP akeneo_sync_events_received_total Webhook events received
akeneo_sync_events_received_total{route="events-api",type="product.created",outcome="accepted"} 2000
akeneo_sync_events_received_total{route="events-api",type="product.updated",outcome="accepted"} 100
akeneo_sync_events_received_total{route="events-api",type="product.created",outcome="accepted_late"} 10
akeneo_sync_events_received_total{route="events-api",type="product.created",outcome="overloaded"} 890
akeneo_sync_events_received_total{route="event-platform",type="product.created",outcome="accepted"} 7
akeneo_sync_ack_seconds_bucket{le="0.1",route="events-api",status="200"} 50
akeneo_sync_ack_seconds_bucket{le="0.2",route="events-api",status="200"} 90
akeneo_sync_ack_seconds_bucket{le="0.5",route="events-api",status="200"} 100
akeneo_sync_ack_seconds_bucket{le="1",route="events-api",status="200"} 100
akeneo_sync_ack_seconds_bucket{le="+Inf",route="events-api",status="200"} 100
akeneo_sync_ack_seconds_count{route="events-api",status="200"} 100
akeneo_sync_ack_seconds_bucket{le="0.5",route="events-api",status="503"} 0
akeneo_sync_ack_seconds_bucket{le="1",route="events-api",status="503"} 1
akeneo_sync_ack_seconds_bucket{le="+Inf",route="events-api",status="503"} 3
akeneo_sync_ack_seconds_count{route="events-api",status="503"} 3
`;

const API: MassEditApiSide = {
  answers: { '200': 211, '503': 89 },
  senderTimeouts: 0,
  clientAck: { count: 211, p50Ms: 80, p99Ms: 357 },
  apiAck: { count: 211, p99Ms: 380, beyondLastBucket: false },
  ack200: { answered: 211, lateForSender: 0, p99Ms: 357, atLeast: false },
  eventsByOutcome: { accepted: 2110, overloaded: 890 },
  eventsTaken: 2110,
  entityWorkflows: 2110,
  reached: 2110,
  arrivalsEndedBy: 'quiet',
  pimRequests: 2110,
  sendS: 9,
  syncS: 120,
  wallS: 135,
};
const RAW: MassEditRawSide = { taken: 3000, failed: 0, unsettled: 0, timeouts: 40, p99Ms: 480, sendS: 10, settleS: 12 };

describe('bench: mass edit', () => {
  it('counts the events the API took: accepted and accepted late, on the legacy route only', () => {
    const byOutcome = eventsByOutcome(parsePromText(METRICS), 'events-api');
    assert.deepEqual(byOutcome, { accepted: 2100, accepted_late: 10, overloaded: 890 });
    assert.equal(eventsTaken(byOutcome), 2110);
    assert.equal(eventsTaken({ accepted: 5 }), 5, 'an API without accepted_late');
  });

  it('reads a p99 from the ack histogram as histogram_quantile does, and says when it lies past the last bucket', () => {
    const samples = parsePromText(METRICS);
    const ok = ackQuantile(samples, 'events-api', '200', 0.99);
    assert.equal(ok.count, 100);
    assert.ok(Math.abs(ok.ms - 470) < 1e-6, `99th of 100 lies 9/10 into (0.2, 0.5]: ${ok.ms}`);
    assert.equal(ok.beyondLastBucket, false);
    const slow = ackQuantile(samples, 'events-api', '503', 0.99);
    assert.deepEqual(slow, { count: 3, ms: 1000, beyondLastBucket: true });
    assert.ok(Number.isNaN(ackQuantile(samples, 'event-platform', '200', 0.99).ms), 'no observations: NaN');
  });

  it('times the answers 200 by the sender, those it gave up on counting as its timeout', () => {
    const ms = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.deepEqual(ackOfAnswers200(ms, 100, 500), { answered: 100, lateForSender: 0, p99Ms: 99, atLeast: false });
    assert.deepEqual(ackOfAnswers200(ms.slice(0, 98), 100, 500), { answered: 100, lateForSender: 2, p99Ms: 500, atLeast: true }, '2 % late: the p99 is one of them');
    assert.deepEqual(ackOfAnswers200(ms.slice(0, 99), 100, 500), { answered: 100, lateForSender: 1, p99Ms: 99, atLeast: false }, '1 % late: the p99 is still timed');
    assert.deepEqual(ackOfAnswers200([], 0, 500), { answered: 0, lateForSender: 0, p99Ms: null, atLeast: false });
  });

  it('combines a run: share reached, API / raw taken, ack p99, PIM calls per product synced', () => {
    const run = massEditRun(10, 3000, 300, API, RAW);
    assert.equal(run.reachedShare, 0.703);
    assert.equal(run.takenRatio, 0.7);
    assert.equal(run.ackP99Ms, 357);
    assert.equal(run.ackP99AtLeast, false);
    assert.equal(run.pimCallsPerProduct, 1);
    const none = massEditRun(20, 3000, 300, { ...API, reached: 0, ack200: { answered: 0, lateForSender: 0, p99Ms: null, atLeast: false } }, { ...RAW, taken: 0 });
    assert.equal(none.takenRatio, null);
    assert.equal(none.ackP99Ms, null);
    assert.equal(none.pimCallsPerProduct, null);
  });

  it('gives four goals per sender pool with stable ids, and says why one is not met', () => {
    const goals = massEditGoals({ products: 3000, eventsPerRequest: 10, senderTimeoutMs: 500, runs: [massEditRun(10, 3000, 300, API, RAW)] });
    assert.deepEqual(
      goals.map((g) => [g.id, g.met]),
      [
        ['mass-edit-c10-reached', false],
        ['mass-edit-c10-taken', false],
        ['mass-edit-c10-ack-p99', true],
        ['mass-edit-c10-pim-calls', false],
      ],
    );
    assert.match(goals[0].why ?? '', /89\/300 requests not answered 200 \(211 × 200, 89 × 503; 0 sender timeouts\)/);
    assert.match(goals[1].why ?? '', /2110 accepted, 890 overloaded/);
    assert.equal(goals[2].why, undefined);
    assert.equal(goals[2].measured, '357 ms over 211 answers 200 (0 after the sender\'s timeout); API histogram p99 380 ms');
    const late = massEditGoals({ products: 3000, eventsPerRequest: 10, senderTimeoutMs: 500, runs: [massEditRun(10, 3000, 300, { ...API, ack200: { answered: 211, lateForSender: 30, p99Ms: 500, atLeast: true } }, RAW)] });
    assert.equal(late[2].met, false, 'a p99 among the late answers is not under 500 ms');
    assert.match(late[2].measured, /^≥ 500 ms over 211 answers 200 \(30 after/);
    assert.match(late[2].why ?? '', /30 of 211 answers 200 reached the sender after its 0\.5 s timeout; the API timed its p99 at 380 ms/);
    const unmeasured = massEditGoals(undefined);
    assert.deepEqual(
      unmeasured.map((g) => g.id),
      [10, 20].flatMap((c) => ['reached', 'taken', 'ack-p99', 'pim-calls'].map((k) => `mass-edit-c${c}-${k}`)),
    );
    assert.ok(unmeasured.every((g) => g.met === null));
  });
});

describe('bench: raw burst', () => {
  it('counts a signal that resolves after the sender moved on as taken, and the request as a timeout', async () => {
    const delays: Record<string, number> = { a: 1, b: 1, c: 80, d: 1 };
    const signal = (e: string) => (e === 'x' ? Promise.reject(new Error('no')) : new Promise((resolve) => setTimeout(resolve, delays[e])));
    const r = await rawBurst([['a', 'b'], ['c', 'd'], ['x', 'a']], { concurrency: 2, timeoutMs: 30, settleTimeoutMs: 5_000 }, signal);
    assert.equal(r.events, 6);
    assert.equal(r.taken, 5, 'c resolved after its request timed out, and still counts');
    assert.equal(r.failed, 1);
    assert.equal(r.unsettled, 0);
    assert.equal(r.timeouts, 1);
    assert.equal(r.failedRequests, 1);
    assert.equal(r.okLatenciesMs.length, 1);
  });

  it('counts signals still pending at the settle deadline as unsettled', async () => {
    const r = await rawBurst([['a']], { concurrency: 1, timeoutMs: 5, settleTimeoutMs: 20 }, () => new Promise(() => undefined));
    assert.deepEqual([r.taken, r.failed, r.unsettled, r.timeouts], [0, 0, 1, 1]);
  });
});
