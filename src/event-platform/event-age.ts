/**
 * How old an Event Platform delivery may be. The platform signs the body only, with no timestamp
 * (akeneo-event-platform.md §5), so a captured delivery verifies forever: its CloudEvents `time` is what
 * bounds how long it can be replayed.
 */

/**
 * The platform's retry schedule: 5, 10 then 20 minutes after the previous attempt, then the event is dropped
 * (https://api.akeneo.com/event-platform/key-platform-behaviors.html, "Retry policy for transient failures").
 */
export const EVENT_PLATFORM_RETRY_PERIOD_MS = (5 + 10 + 20) * 60_000;

/**
 * Least `EVENT_PLATFORM_MAX_EVENT_AGE`: above the retry period, so no setting refuses a genuine last retry.
 * Throttled events may also wait in the platform's queue ("remain undelivered for more than one hour", same page).
 */
export const MIN_EVENT_PLATFORM_MAX_EVENT_AGE_MS = 60 * 60_000;

/**
 * Default `EVENT_PLATFORM_MAX_EVENT_AGE`: the 35-minute retry period, plus the hour a throttled event may wait,
 * with hours to spare. A replay inside the window is harmless: its id is a duplicate, or its date outdated.
 */
export const DEFAULT_EVENT_PLATFORM_MAX_EVENT_AGE_MS = 6 * 3_600_000;

/** True when an event dated `time` (ISO-8601) is older than `maxAgeMs` at `nowMs`. */
export function isStaleEvent(time: string, nowMs: number, maxAgeMs: number): boolean {
  return Date.parse(time) < nowMs - maxAgeMs;
}

/** A window for a message: `6 h`, `90 min`. */
export function formatSpan(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 60_000)} min`;
}
