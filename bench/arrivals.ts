/**
 * Waits for products to reach the third party: polls until every expected one is there, nothing moved (no PIM
 * request, no write) for a quiet window, or a deadline passed; it says which, and when the last one arrived.
 */
import { progress, round, until } from './util';

/** How a wait for arrivals ended. */
export interface Arrivals {
  /** Products there at the end. */
  reached: number;
  /** `all`: every expected product; `quiet`: nothing moved for the quiet window; `deadline`: still moving at the deadline. */
  endedBy: 'all' | 'quiet' | 'deadline';
  /** Seconds from `startedAt` to the last arrival seen (0 when none). */
  lastArrivalS: number;
  /** Seconds from `startedAt` to the end of the wait. */
  waitedS: number;
}

/** What {@link awaitArrivals} watches. */
export interface ArrivalWatch {
  /** Products there now. */
  reached(): number;
  expected: number;
  /** Anything that grows while syncs go on (PIM requests plus third-party writes). */
  activity(): number;
  /** `performance.now()` when the load started. */
  startedAt: number;
  quietMs: number;
  deadlineMs: number;
  /** Prefix of the progress lines. */
  what: string;
}

/** Polls every 500 ms until all arrived, the quiet window, or the deadline (never throws on the deadline). */
export async function awaitArrivals(w: ArrivalWatch): Promise<Arrivals> {
  const since = (t: number) => round((t - w.startedAt) / 1000);
  let [lastReached, lastArrivalAt] = [w.reached(), performance.now()];
  let [lastActivity, movedAt] = [w.activity(), performance.now()];
  let lastReport = performance.now();
  let endedBy: Arrivals['endedBy'] = 'deadline';
  const end = performance.now() + w.deadlineMs;
  await until(
    () => {
      const now = performance.now();
      const [reached, activity] = [w.reached(), w.activity()];
      if (reached !== lastReached) [lastReached, lastArrivalAt] = [reached, now];
      if (activity !== lastActivity) [lastActivity, movedAt] = [activity, now];
      if (now - lastReport > 15_000) {
        lastReport = now;
        progress(`${w.what}: ${reached}/${w.expected} products at the third party after ${since(now)} s`);
      }
      if (reached >= w.expected) endedBy = 'all';
      else if (now - movedAt >= w.quietMs) endedBy = 'quiet';
      else if (now >= end) endedBy = 'deadline';
      else return false;
      return true;
    },
    w.deadlineMs + 60_000,
    `${w.what}: arrivals`,
    500,
  );
  return { reached: lastReached, endedBy, lastArrivalS: lastReached > 0 ? since(lastArrivalAt) : 0, waitedS: since(performance.now()) };
}
