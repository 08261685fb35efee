/** Refuses events dated far in the future: one would make every later event look outdated to its workflow. */
import type { EntityEvent } from '../workflows/definitions';
import { HttpError } from './errors';

/** How far ahead of our clock an event date may be (clock skew between the PIM and us). */
export const MAX_EVENT_AHEAD_MS = 60 * 60_000;

/** Throws a 400 `invalid_payload` naming the first event dated more than {@link MAX_EVENT_AHEAD_MS} ahead. */
export function rejectFutureEvents(events: readonly EntityEvent[], nowMs: number): void {
  const bad = events.find((e) => Date.parse(e.eventDate) > nowMs + MAX_EVENT_AHEAD_MS);
  if (bad) {
    throw new HttpError(400, 'invalid_payload', `event ${bad.eventId} is dated ${bad.eventDate}, more than 1 h in the future`);
  }
}
