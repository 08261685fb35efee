/**
 * Records the webhook metrics: one Koa middleware (outside the error middleware, so it sees the final
 * status) times each webhook request and counts its events; the routes only say which event types a
 * request carried, once its body is parsed. Labels carry types and outcomes, never ids or payloads.
 */
import type { Middleware } from 'koa';
import type { ApiMetrics } from './api-metrics';
import { EventOutcome, UNKNOWN_EVENT_TYPE, type WebhookRoute } from './names';

interface Note {
  types: string[];
  outcome?: EventOutcome;
  /** The outcome, known only after the answer (a hand-over that outlived its answer deadline). */
  later?: Promise<EventOutcome>;
}

const notes = new WeakMap<object, Note>();

const CLOUD_EVENT_PREFIX = 'com.akeneo.pim.v1.';
/** Anything else (or too long) is counted as `other`, so a sender cannot grow the label set at will. */
const SAFE_TYPE = /^[a-z][a-z0-9_.-]{0,63}$/;

/** The `type` label of an event: the legacy action, or the CloudEvent type without `com.akeneo.pim.v1.`. */
export function eventTypeLabel(type: string): string {
  const short = type.startsWith(CLOUD_EVENT_PREFIX) ? type.slice(CLOUD_EVENT_PREFIX.length) : type;
  return SAFE_TYPE.test(short) ? short : 'other';
}

/**
 * Tells the metrics which events the request `ctx` carries (empty for a ping), once its body is parsed;
 * `outcome` overrides the one derived from the status on a 2xx answer (e.g. `ignored`).
 */
export function noteEvents(ctx: object, types: readonly string[], outcome?: EventOutcome): void {
  notes.set(ctx, { types: types.map(eventTypeLabel), ...(outcome && { outcome }) });
}

/**
 * Tells the metrics that the events of `ctx`, already noted, are counted when `later` resolves rather than
 * at the answer (`later` must never reject).
 */
export function noteLateOutcome(ctx: object, later: Promise<EventOutcome>): void {
  const note = notes.get(ctx);
  if (note) note.later = later;
}

/** Outcomes a route notes for a refusal: they win over the one the status gives. */
const REFUSALS: readonly EventOutcome[] = [EventOutcome.OVERLOADED, EventOutcome.STALE];

/** The outcome of an answer with `status`; `noted` wins on a 2xx answer, and `overloaded` or `stale` on any. */
export function outcomeOfStatus(status: number, noted: EventOutcome = EventOutcome.ACCEPTED): EventOutcome {
  if (REFUSALS.includes(noted)) return noted;
  if (status === 429) return EventOutcome.OVERLOADED;
  if (status >= 500) return EventOutcome.UNAVAILABLE;
  if (status >= 400) return EventOutcome.REJECTED;
  return noted;
}

/** Times and counts POSTs to the webhook paths in `routes` (path → route label); other requests pass through. */
export function webhookMetrics(metrics: ApiMetrics, routes: Readonly<Record<string, WebhookRoute>>): Middleware {
  return async (ctx, next) => {
    const route = ctx.method === 'POST' && Object.hasOwn(routes, ctx.path) ? routes[ctx.path] : undefined;
    if (!route) {
      await next();
      return;
    }
    const stopTimer = metrics.ackSeconds.startTimer({ route });
    try {
      await next();
    } finally {
      stopTimer({ status: String(ctx.status) });
      const note = notes.get(ctx);
      const count = (outcome: EventOutcome): void => {
        for (const type of note ? note.types : [UNKNOWN_EVENT_TYPE]) metrics.eventsReceived.inc({ route, type, outcome });
      };
      if (note?.later) void note.later.then(count);
      else count(outcomeOfStatus(ctx.status, note?.outcome));
    }
  };
}
