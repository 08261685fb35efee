/**
 * When the bench's Event Platform sender sends an event again. The platform re-sends a 429'd event (for up to an hour)
 * and retries a timeout or 5xx three times, 5, 10 and 20 minutes apart, then drops it
 * (https://api.akeneo.com/event-platform/key-platform-behaviors.html, "Retry policy"). The bench keeps those rules
 * with short delays (seconds, as test/integration/event-platform-burst.test.ts does), and honours `Retry-After`.
 */

/** Tuning of the retries; {@link PLATFORM_RETRY} is the bench's. */
export interface PlatformRetryPolicy {
  /** Delays before the retries of a timeout or 5xx, ms; their count is the number of retries before a drop. */
  transientDelaysMs: readonly number[];
  /** First delay after a 429 without `Retry-After`, doubled per 429 of the same event up to {@link throttledMaxMs}. */
  throttledInitialMs: number;
  throttledMaxMs: number;
  /** A `Retry-After` is honoured up to this long. */
  retryAfterCapMs: number;
  /** ± this share of jitter on delays the bench chose (not on a `Retry-After`). */
  jitter: number;
}

/** The bench's policy: the platform's 5, 10, 20 minutes as 1, 2, 4 s; 429s backed off from 100 ms to 2 s. */
export const PLATFORM_RETRY: PlatformRetryPolicy = { transientDelaysMs: [1000, 2000, 4000], throttledInitialMs: 100, throttledMaxMs: 2000, retryAfterCapMs: 10_000, jitter: 0.2 };

/** What a POST's answer means for its event. */
export type PlatformVerdict = { kind: 'delivered' } | { kind: 'dropped' } | { kind: 'retry'; delayMs: number; throttled: boolean; honouredRetryAfter: boolean };

/** Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date), or `undefined` when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * The verdict on one answer: `status` (0: timeout or no answer), the event's earlier 429s and transient failures
 * (before this answer), and the answer's `Retry-After`.
 */
export function judgeAnswer(
  a: { status: number; retryAfter?: string | null; throttledBefore: number; transientBefore: number },
  policy: PlatformRetryPolicy = PLATFORM_RETRY,
  random: () => number = Math.random,
  nowMs: number = Date.now(),
): PlatformVerdict {
  if (a.status >= 200 && a.status <= 299) return { kind: 'delivered' };
  const throttled = a.status === 429;
  const transient = a.status === 0 || a.status >= 500;
  if (!throttled && !transient) return { kind: 'dropped' };
  if (transient && a.transientBefore >= policy.transientDelaysMs.length) return { kind: 'dropped' };
  const asked = parseRetryAfter(a.retryAfter, nowMs);
  if (asked !== undefined) return { kind: 'retry', delayMs: Math.min(asked, policy.retryAfterCapMs), throttled, honouredRetryAfter: true };
  const base = throttled ? Math.min(policy.throttledMaxMs, policy.throttledInitialMs * 2 ** a.throttledBefore) : policy.transientDelaysMs[a.transientBefore];
  const delayMs = Math.round(base * (1 + policy.jitter * (2 * random() - 1)));
  return { kind: 'retry', delayMs, throttled, honouredRetryAfter: false };
}
