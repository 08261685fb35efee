/**
 * `POST /akeneo/event-platform`: Event Platform deliveries, one CloudEvent per request. The platform retries
 * and throttles on 429, but suspends on 404/3xx and below 90 % success, so only ever answer 200/4xx/429/503.
 */
import Router from '@koa/router';
import { parsePlatformEvent } from '../../akeneo/event-platform-schema';
import { signatureMatches, signEventPlatform } from '../../akeneo/signature';
import { fromEventPlatform } from '../../akeneo/to-entity-events';
import { rejectFutureEvents } from '../future-events';
import { EventOutcome } from '../../metrics/names';
import { noteEvents } from '../../metrics/webhook-metrics';
import { HttpError } from '../errors';
import { type ApiState, type EventIntake, IntakeOverloadedError } from '../ports';
import { parseRawJson, rawBody } from '../raw-body';

/** Path of the Event Platform webhook. */
export const EVENT_PLATFORM_PATH = '/akeneo/event-platform';

const SIGNATURE_HEADERS = ['x-akeneo-signature-primary', 'x-akeneo-signature-secondary'] as const;

/** What the Event Platform route needs. */
export interface EventPlatformRouteDeps {
  secrets: { primary: string; secondary?: string };
  /** Sheds load with {@link IntakeOverloadedError} (answered 429) when too many events are in flight. */
  intake: EventIntake;
}

function isSigned(raw: Buffer, secrets: EventPlatformRouteDeps['secrets'], received: (string | undefined)[]): boolean {
  // During a rotation the platform may sign with either secret under either header: try every pair.
  const expected = [secrets.primary, secrets.secondary].flatMap((s) => (s ? [signEventPlatform(s, raw)] : []));
  return expected.some((hex) => received.some((sig) => signatureMatches(hex, sig)));
}

/** The router of the Event Platform webhook. */
export function eventPlatformRouter(deps: EventPlatformRouteDeps): Router<ApiState> {
  const router = new Router<ApiState>();
  router.post(EVENT_PLATFORM_PATH, rawBody(), async (ctx) => {
    const raw = ctx.state.rawBody ?? Buffer.alloc(0);
    if (!isSigned(raw, deps.secrets, SIGNATURE_HEADERS.map((h) => ctx.get(h) || undefined))) {
      throw new HttpError(401, 'bad_signature', 'no X-AKENEO-SIGNATURE-* header matches a configured secret');
    }
    if (!ctx.is('application/json', 'application/cloudevents+json')) {
      throw new HttpError(415, 'unsupported_media_type', 'expected application/json or application/cloudevents+json');
    }
    const event = parsePlatformEvent(parseRawJson(raw));
    noteEvents(ctx, [event.type], event.kind === 'ignored' ? EventOutcome.IGNORED : undefined);
    if (event.kind === 'ignored') {
      ctx.state.log.debug({ type: event.type, eventId: event.id }, 'event type ignored');
      ctx.body = { accepted: 0, ignored: event.type };
      return;
    }
    const entityEvent = fromEventPlatform(event);
    rejectFutureEvents([entityEvent], Date.now());
    try {
      await deps.intake.submit([entityEvent]);
    } catch (err) {
      if (err instanceof IntakeOverloadedError) {
        throw new HttpError(429, 'overloaded', 'too many events in flight; the platform will retry');
      }
      ctx.state.log.warn({ err, eventId: event.id }, 'event not handed to Temporal');
      throw new HttpError(503, 'temporal_unavailable', 'the event could not be handed to Temporal; retry later');
    }
    ctx.body = { accepted: 1 };
  });
  return router;
}
