/**
 * `POST /akeneo/event-platform`: Event Platform deliveries, one CloudEvent per request. The platform retries
 * and throttles on 429, but suspends a subscription at once on a 404 or a 3xx, and below 90 % success over a
 * rolling hour (4xx, 5xx, timeouts, and 429s left undelivered for an hour count as failures). So a POST here
 * is answered 200 (accepted or ignored), 400 (a bad payload, or an event older than the platform ever delivers: a
 * replay), 401 (bad signature), 429 (load shedding, or too many request bodies being read) or 503 (Temporal down,
 * or no secret configured); another method 405. The route exists even without its secret.
 * Source: https://api.akeneo.com/event-platform/key-platform-behaviors.html ("Suspension policy").
 */
import Router from '@koa/router';
import { parsePlatformEvent } from '../../akeneo/event-platform-schema';
import { signatureMatches, signEventPlatform } from '../../akeneo/signature';
import { fromEventPlatform } from '../../akeneo/to-entity-events';
import { formatSpan, isStaleEvent } from '../../event-platform/event-age';
import { rejectFutureEvents } from '../future-events';
import { EventOutcome } from '../../metrics/names';
import { noteEvents, noteLateOutcome } from '../../metrics/webhook-metrics';
import { awaitHandOver } from '../answer-deadline';
import type { BodyBudget } from '../body-budget';
import { HttpError } from '../errors';
import { type ApiState, type EventIntake, IntakeOverloadedError, type StructureIntake } from '../ports';
import { parseRawJson, rawBody, WEBHOOK_MAX_BODY_BYTES } from '../raw-body';

/**
 * Milliseconds a delivery waits for its event's hand-over before answering: the platform waits 5 s for an answer
 * ("Delivery timeout", key-platform-behaviors.html), so 4 s leaves a second for the network. A slow Temporal
 * then still answers 200 rather than a 503 that counts against the subscription's success rate.
 */
export const EVENT_PLATFORM_INTAKE_DEADLINE_MS = 4000;

/** Path of the Event Platform webhook. */
export const EVENT_PLATFORM_PATH = '/akeneo/event-platform';

const SIGNATURE_HEADERS = ['x-akeneo-signature-primary', 'x-akeneo-signature-secondary'] as const;

/** What the Event Platform route needs. */
export interface EventPlatformRouteDeps {
  /** Unset: every delivery is answered 503 `not_configured` (a 404 would suspend the subscription). */
  secrets?: { primary: string; secondary?: string };
  /** Sheds load with {@link IntakeOverloadedError} (answered 429) when too many events are in flight. */
  intake: EventIntake;
  /** Where structure events go (their item's `structureItemWorkflow`); absent: they are answered 200 and ignored. */
  structure?: StructureIntake;
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
  /** Events dated longer ago are refused, 400 `stale_event` (`EVENT_PLATFORM_MAX_EVENT_AGE`, ms). */
  maxEventAgeMs: number;
  /** Answer deadline in milliseconds (default {@link EVENT_PLATFORM_INTAKE_DEADLINE_MS}; tests lower it). */
  answerDeadlineMs?: number;
  /** The process's budget of request-body bytes being read (429 `busy` past it). */
  bodies: BodyBudget;
}

function isSigned(raw: Buffer, secrets: NonNullable<EventPlatformRouteDeps['secrets']>, received: (string | undefined)[]): boolean {
  // During a rotation the platform may sign with either secret under either header: try every pair.
  const expected = [secrets.primary, secrets.secondary].flatMap((s) => (s ? [signEventPlatform(s, raw)] : []));
  return expected.some((hex) => received.some((sig) => signatureMatches(hex, sig)));
}

/** The router of the Event Platform webhook. */
export function eventPlatformRouter(deps: EventPlatformRouteDeps): Router<ApiState> {
  const router = new Router<ApiState>();
  router.post(EVENT_PLATFORM_PATH, rawBody(deps.bodies, WEBHOOK_MAX_BODY_BYTES), async (ctx) => {
    const raw = ctx.state.rawBody ?? Buffer.alloc(0);
    if (!deps.secrets) {
      throw new HttpError(503, 'not_configured', 'AKENEO_EVENT_PLATFORM_SECRET is not set: deliveries cannot be verified; the platform will retry');
    }
    if (!isSigned(raw, deps.secrets, SIGNATURE_HEADERS.map((h) => ctx.get(h) || undefined))) {
      throw new HttpError(401, 'bad_signature', 'no X-AKENEO-SIGNATURE-* header matches a configured secret');
    }
    // No Content-Type check: the platform's is undocumented for deliveries (application/json or
    // application/cloudevents+json), and a 415 would count against the success rate. The body is signed JSON.
    const event = parsePlatformEvent(parseRawJson(raw));
    const nowMs = (deps.now ?? Date.now)();
    // The signature covers the body only: a captured delivery verifies forever, and only its `time` dates it.
    const stale = isStaleEvent(event.time, nowMs, deps.maxEventAgeMs);
    const ignored = event.kind === 'ignored' || (event.kind === 'structure' && !deps.structure);
    noteEvents(ctx, [event.type], stale ? EventOutcome.STALE : ignored ? EventOutcome.IGNORED : undefined);
    if (stale) {
      const age = formatSpan(deps.maxEventAgeMs);
      throw new HttpError(400, 'stale_event', `event ${event.id} is dated ${event.time}, more than ${age} ago (EVENT_PLATFORM_MAX_EVENT_AGE): a replay, not a delivery`);
    }
    if (ignored) {
      ctx.state.log.debug({ type: event.type, eventId: event.id }, 'event type ignored');
      ctx.body = { accepted: 0, ignored: event.type };
      return;
    }
    let submitted: Promise<void>;
    if (event.kind === 'structure') {
      // Structure events carry no date the item's sync depends on (it reads the item), so no future-date check.
      submitted = deps.structure!.submit(event.key, { deadlineMs: EVENT_PLATFORM_INTAKE_DEADLINE_MS });
    } else {
      const entityEvent = fromEventPlatform(event);
      rejectFutureEvents([entityEvent], nowMs);
      submitted = deps.intake.submit([entityEvent], { deadlineMs: EVENT_PLATFORM_INTAKE_DEADLINE_MS });
    }
    const handOver = await awaitHandOver(submitted, deps.answerDeadlineMs ?? EVENT_PLATFORM_INTAKE_DEADLINE_MS);
    if (handOver.state === 'pending') {
      // The platform retries this delivery; the hand-over goes on, and the retry is then a duplicate.
      noteLateOutcome(ctx, handOver.late.then(({ outcome }) => outcome));
      throw new HttpError(503, 'handover_pending', 'Temporal has not confirmed the event in time; the platform will retry');
    }
    if (handOver.state === 'failed') {
      if (handOver.error instanceof IntakeOverloadedError) {
        throw new HttpError(429, 'overloaded', 'too many events in flight; the platform will retry');
      }
      ctx.state.log.warn({ err: handOver.error, eventId: event.id }, 'event not handed to Temporal');
      throw new HttpError(503, 'temporal_unavailable', 'the event could not be handed to Temporal; retry later');
    }
    ctx.body = { accepted: 1 };
  });
  return router;
}
