/**
 * The bench's Event Platform sender: signed CloudEvents POSTed one per request by `senders` concurrent senders, at
 * most the platform's 100 events/s, each POST with the platform's 5 s timeout, and an event sent again as
 * bench/platform-retry.ts says (429s, 5xx and timeouts; `Retry-After` honoured). An event waiting for its retry holds
 * no sender, as on the platform.
 */
import type { SignedRequest } from '../src/sim/events-api-request';
import { DELIVERY_RATE_BOUNDS } from '../src/sim/event-platform/adaptive-rate';
import { DELIVERY_TIMEOUT_MS } from '../src/sim/event-platform/delivery-types';
import { judgeAnswer, PLATFORM_RETRY, type PlatformRetryPolicy } from './platform-retry';
import { pause } from './util';

/** Options of {@link sendLikeThePlatform}. */
export interface PlatformSendOptions {
  url: string;
  senders: number;
  /** Per POST (default the platform's 5 s). */
  timeoutMs?: number;
  /** Ceiling of POSTs per second (default the platform's 100). */
  maxRatePerS?: number;
  /** Events not delivered by then (ms from the start) are given up. */
  deadlineMs: number;
  policy?: PlatformRetryPolicy;
  fetch?: typeof fetch;
}

/** What the sender did. */
export interface PlatformSendResult {
  events: number;
  delivered: number;
  /** Given up: a 4xx other than 429, a fourth transient failure, or the deadline. */
  dropped: number;
  /** Of {@link dropped}: still undelivered at the deadline. */
  undeliveredAtDeadline: number;
  attempts: number;
  /** Attempts after the first, 429s included. */
  retries: number;
  /** Answers 429. */
  throttled: number;
  /** Retries timed by the answer's `Retry-After`. */
  retryAfterHonoured: number;
  /** Answers by status; 0 is a timeout or no answer. */
  statuses: Record<string, number>;
  timeouts: number;
  /** Milliseconds of the answers 2xx. */
  deliveredMs: number[];
  /** Until every event was delivered or given up. */
  elapsedMs: number;
}

interface Item {
  request: SignedRequest;
  dueAt: number;
  throttled: number;
  transient: number;
}

async function post(fetchFn: typeof fetch, url: string, request: SignedRequest, timeoutMs: number): Promise<{ status: number; retryAfter: string | null; timedOut: boolean }> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetchFn(url, { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual', signal });
    await res.arrayBuffer();
    return { status: res.status, retryAfter: res.headers.get('retry-after'), timedOut: false };
  } catch {
    return { status: 0, retryAfter: null, timedOut: signal.aborted };
  }
}

/** Delivers `requests` (one event each) to `o.url`; see the module comment. */
export async function sendLikeThePlatform(requests: readonly SignedRequest[], o: PlatformSendOptions): Promise<PlatformSendResult> {
  const fetchFn = o.fetch ?? fetch;
  const policy = o.policy ?? PLATFORM_RETRY;
  const gapMs = 1000 / (o.maxRatePerS ?? DELIVERY_RATE_BOUNDS.max);
  const r: PlatformSendResult = { events: requests.length, delivered: 0, dropped: 0, undeliveredAtDeadline: 0, attempts: 0, retries: 0, throttled: 0, retryAfterHonoured: 0, statuses: {}, timeouts: 0, deliveredMs: [], elapsedMs: 0 };
  const start = performance.now();
  const waiting: Item[] = requests.map((request) => ({ request, dueAt: 0, throttled: 0, transient: 0 }));
  let inFlight = 0;
  let nextSlot = 0;
  const sender = async (): Promise<void> => {
    for (;;) {
      const now = performance.now() - start;
      if (now > o.deadlineMs) return;
      const i = waiting.findIndex((w) => w.dueAt <= now);
      if (i < 0) {
        if (waiting.length === 0 && inFlight === 0) return;
        const soonest = Math.min(...waiting.map((w) => w.dueAt), now + 50);
        await pause(Math.max(1, Math.min(50, soonest - now)));
        continue;
      }
      const [item] = waiting.splice(i, 1);
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + gapMs;
      inFlight += 1;
      if (slot > now) await pause(slot - now);
      if (item.throttled + item.transient > 0) r.retries += 1;
      r.attempts += 1;
      const t = performance.now();
      const answer = await post(fetchFn, o.url, item.request, o.timeoutMs ?? DELIVERY_TIMEOUT_MS);
      inFlight -= 1;
      r.statuses[answer.status] = (r.statuses[answer.status] ?? 0) + 1;
      if (answer.timedOut) r.timeouts += 1;
      if (answer.status === 429) r.throttled += 1;
      const verdict = judgeAnswer({ status: answer.status, retryAfter: answer.retryAfter, throttledBefore: item.throttled, transientBefore: item.transient }, policy);
      if (verdict.kind === 'delivered') {
        r.delivered += 1;
        r.deliveredMs.push(performance.now() - t);
      } else if (verdict.kind === 'dropped') r.dropped += 1;
      else {
        if (verdict.honouredRetryAfter) r.retryAfterHonoured += 1;
        if (verdict.throttled) item.throttled += 1;
        else item.transient += 1;
        waiting.push({ ...item, dueAt: performance.now() - start + verdict.delayMs });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.senders) }, sender));
  r.undeliveredAtDeadline = waiting.length;
  r.dropped += waiting.length;
  r.elapsedMs = performance.now() - start;
  return r;
}
