import assert from 'node:assert/strict';
import { eventPlatformGoal, type EventPlatformFigures } from '../../bench/event-platform-report';
import { judgeAnswer, parseRetryAfter, PLATFORM_RETRY, type PlatformRetryPolicy } from '../../bench/platform-retry';
import { sendLikeThePlatform } from '../../bench/platform-sender';
import { startTinyServer, type TinyServer } from '../helpers/tiny-server';

const NO_JITTER = () => 0.5;
const NOW = Date.parse('2026-12-01T12:00:00Z');

describe('bench: the Event Platform sender', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('3', NOW), 3000);
    assert.equal(parseRetryAfter('Tue, 01 Dec 2026 12:00:02 GMT', NOW), 2000);
    assert.equal(parseRetryAfter('Tue, 01 Dec 2026 11:00:00 GMT', NOW), 0, 'a date in the past: at once');
    assert.equal(parseRetryAfter(null, NOW), undefined);
    assert.equal(parseRetryAfter('soon', NOW), undefined);
  });

  it('re-sends a 429 with a doubling back-off from 100 ms to 2 s, or after its Retry-After (capped)', () => {
    const judge = (status: number, throttledBefore: number, retryAfter?: string) => judgeAnswer({ status, retryAfter, throttledBefore, transientBefore: 0 }, PLATFORM_RETRY, NO_JITTER, NOW);
    assert.deepEqual(judge(200, 3), { kind: 'delivered' });
    assert.deepEqual(judge(429, 0), { kind: 'retry', delayMs: 100, throttled: true, honouredRetryAfter: false });
    assert.deepEqual(judge(429, 3), { kind: 'retry', delayMs: 800, throttled: true, honouredRetryAfter: false });
    assert.deepEqual(judge(429, 50), { kind: 'retry', delayMs: 2000, throttled: true, honouredRetryAfter: false }, 'a 429 is never given up');
    assert.deepEqual(judge(429, 0, '3'), { kind: 'retry', delayMs: 3000, throttled: true, honouredRetryAfter: true });
    assert.deepEqual(judge(429, 0, '3600'), { kind: 'retry', delayMs: 10_000, throttled: true, honouredRetryAfter: true });
    const jittered = judgeAnswer({ status: 429, throttledBefore: 0, transientBefore: 0 }, PLATFORM_RETRY, () => 0, NOW);
    assert.equal(jittered.kind === 'retry' && jittered.delayMs, 80, '-20 % at the low end');
  });

  it('retries a timeout or 5xx three times after 1, 2 and 4 s, then drops it; drops any other 4xx at once', () => {
    const judge = (status: number, transientBefore: number) => judgeAnswer({ status, transientBefore, throttledBefore: 0 }, PLATFORM_RETRY, NO_JITTER, NOW);
    assert.deepEqual([0, 1, 2].map((k) => judge(503, k)), [1000, 2000, 4000].map((delayMs) => ({ kind: 'retry', delayMs, throttled: false, honouredRetryAfter: false })));
    assert.deepEqual(judge(0, 2), { kind: 'retry', delayMs: 4000, throttled: false, honouredRetryAfter: false }, 'no answer is transient');
    assert.deepEqual(judge(500, 3), { kind: 'dropped' });
    assert.deepEqual(judge(400, 0), { kind: 'dropped' });
    assert.deepEqual(judge(401, 0), { kind: 'dropped' });
  });

  describe('against a server', () => {
    let server: TinyServer | undefined;
    afterEach(async () => server?.close());

    it('delivers through 429s, honours Retry-After, and drops an event after its fourth 5xx', async () => {
      const seen = new Map<string, number>();
      server = await startTinyServer((req, res) => {
        const n = (seen.get(req.body) ?? 0) + 1;
        seen.set(req.body, n);
        if (req.body === 'broken') res.writeHead(503).end();
        else if (n === 1) res.writeHead(429, req.body === 'a' ? { 'Retry-After': '0' } : {}).end();
        else res.writeHead(200).end();
      });
      const fast: PlatformRetryPolicy = { ...PLATFORM_RETRY, transientDelaysMs: [5, 5, 5], throttledInitialMs: 5 };
      const requests = ['a', 'b', 'c', 'broken'].map((body) => ({ body, headers: { 'Content-Type': 'application/json' } }));
      const r = await sendLikeThePlatform(requests, { url: server.url, senders: 2, deadlineMs: 10_000, policy: fast });
      assert.equal(r.events, 4);
      assert.equal(r.delivered, 3);
      assert.equal(r.dropped, 1);
      assert.equal(r.undeliveredAtDeadline, 0);
      assert.equal(r.throttled, 3);
      assert.equal(r.retryAfterHonoured, 1);
      assert.equal(r.attempts, 3 * 2 + 4);
      assert.equal(r.retries, 3 + 3);
      assert.deepEqual(r.statuses, { '200': 3, '429': 3, '503': 4 });
    });

    it('gives up what is not delivered by its deadline', async () => {
      server = await startTinyServer((_req, res) => void res.writeHead(429, { 'Retry-After': '1' }).end());
      const r = await sendLikeThePlatform([{ body: 'x', headers: {} }], { url: server.url, senders: 1, deadlineMs: 300 });
      assert.equal(r.delivered, 0);
      assert.deepEqual([r.dropped, r.undeliveredAtDeadline], [1, 1]);
    });
  });
});

describe('bench: event-platform goal', () => {
  const figures: EventPlatformFigures = {
    events: 1000,
    senders: 20,
    send: { events: 1000, delivered: 998, dropped: 2, undeliveredAtDeadline: 0, attempts: 1100, retries: 100, throttled: 90, retryAfterHonoured: 0, statuses: { '200': 998, '429': 90, '503': 12 }, timeouts: 0, elapsedMs: 20_000 },
    deliveredP99Ms: 300,
    sendS: 20,
    reached: 998,
    arrivalsEndedBy: 'quiet',
    syncS: 70,
    eventsByOutcome: { accepted: 998, overloaded: 90, unavailable: 12 },
    pimRequests: 998,
  };

  it('is met only when every product is at the third party, and says why not', () => {
    const goal = eventPlatformGoal(figures);
    assert.equal(goal.id, 'event-platform-synced');
    assert.equal(goal.met, false);
    assert.equal(goal.measured, '998/1000 products at the third party, the last after 70 s (sent in 20 s); 90 × 429, 100 retries, 2 dropped');
    assert.equal(goal.why, '2 events given up (0 still undelivered at the sender\'s deadline); answers 998 × 200, 90 × 429, 12 × 503; the wait ended: quiet');
    assert.equal(eventPlatformGoal({ ...figures, reached: 1000 }).met, true);
    assert.equal(eventPlatformGoal(undefined).met, null);
  });
});
