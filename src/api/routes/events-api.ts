/**
 * `POST /akeneo/events`: the legacy Events API webhook. Akeneo waits 0.5 s and never retries, and a refused event
 * is gone (akeneo-real-behaviour.md §7), so nothing Temporal can take is refused: a request waits for its events'
 * hand-over up to {@link LEGACY_ANSWER_DEADLINE_MS}, and a hand-over still running then is not abandoned (answer
 * 503 `handover_pending`; the events are kept if Temporal takes them, counted `accepted_late`). Only the API's
 * memory budget (`API_MAX_EVENTS_IN_FLIGHT`, 503 `overloaded` at once) or Temporal failing (503
 * `temporal_unavailable`) turns events away. Errors are 400 (bad request) or 503, never 404/409; 429 `busy` only
 * when the process's budget of request bodies being read is full (Akeneo treats every refusal alike).
 */
import Router from '@koa/router';
import { eventsApiBodySchema } from '../../akeneo/events-api-schema';
import { signatureMatches, signEventsApi } from '../../akeneo/signature';
import { fromEventsApi } from '../../akeneo/to-entity-events';
import { rejectFutureEvents } from '../future-events';
import { EventOutcome } from '../../metrics/names';
import { noteEvents, noteLateOutcome } from '../../metrics/webhook-metrics';
import { awaitHandOver } from '../answer-deadline';
import type { BodyBudget } from '../body-budget';
import { HttpError } from '../errors';
import { type ApiState, type EventIntake, IntakeOverloadedError } from '../ports';
import { parseRawJson, rawBody, WEBHOOK_MAX_BODY_BYTES } from '../raw-body';

/** Path of the legacy Events API webhook. */
export const EVENTS_API_PATH = '/akeneo/events';

/** How far `X-Akeneo-Request-Timestamp` may be from now, either way (Akeneo's own sample uses 300 s). */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

/**
 * Longest a request waits for its events' hand-over before answering: Akeneo's sender gives up 0.5 s after it
 * started the request (`webhook_timeout` in pim_parameters.yml, Guzzle's total `timeout`, connection and TLS
 * included), so 100 ms are left for the request to arrive and the answer to travel back.
 */
export const LEGACY_ANSWER_DEADLINE_MS = 400;

/** What the legacy route needs. */
export interface EventsApiRouteDeps {
  secret: string;
  /** Hands events over; throws `IntakeOverloadedError` at once when the memory budget is full. */
  intake: EventIntake;
  /** Clock in epoch milliseconds. */
  now: () => number;
  /** Answer deadline in milliseconds (default {@link LEGACY_ANSWER_DEADLINE_MS}; tests lower it). */
  answerDeadlineMs?: number;
  /** The process's budget of request-body bytes being read (429 `busy` past it). */
  bodies: BodyBudget;
}

function checkTimestamp(header: string, nowMs: number): void {
  if (!/^\d{1,12}$/.test(header)) {
    throw new HttpError(400, 'missing_timestamp', 'X-Akeneo-Request-Timestamp is missing or not an integer');
  }
  if (Math.abs(nowMs / 1000 - Number(header)) > TIMESTAMP_TOLERANCE_SECONDS) {
    throw new HttpError(400, 'stale_timestamp', `X-Akeneo-Request-Timestamp is more than ${TIMESTAMP_TOLERANCE_SECONDS} s from now`);
  }
}

/** The router of the legacy Events API webhook. */
export function eventsApiRouter(deps: EventsApiRouteDeps): Router<ApiState> {
  const router = new Router<ApiState>();
  router.post(EVENTS_API_PATH, rawBody(deps.bodies, WEBHOOK_MAX_BODY_BYTES), async (ctx) => {
    const raw = ctx.state.rawBody ?? Buffer.alloc(0);
    const timestamp = ctx.get('x-akeneo-request-timestamp');
    checkTimestamp(timestamp, deps.now());
    if (!signatureMatches(signEventsApi(deps.secret, timestamp, raw), ctx.get('x-akeneo-request-signature') || undefined)) {
      throw new HttpError(400, 'bad_signature', 'X-Akeneo-Request-Signature is missing or does not match');
    }
    if (raw.length === 0) {
      // The connection's "Test" button: an empty body signed over "<ts>.".
      noteEvents(ctx, []);
      ctx.body = { status: 'ok' };
      return;
    }
    if (!ctx.is('application/json')) {
      throw new HttpError(400, 'unsupported_media_type', 'expected Content-Type: application/json');
    }
    const body = eventsApiBodySchema.parse(parseRawJson(raw));
    noteEvents(ctx, body.events.map((e) => e.action));
    const events = fromEventsApi(body);
    rejectFutureEvents(events, deps.now());
    const handOver = await awaitHandOver(deps.intake.submit(events), deps.answerDeadlineMs ?? LEGACY_ANSWER_DEADLINE_MS);
    if (handOver.state === 'pending') {
      const log = ctx.state.log;
      noteLateOutcome(
        ctx,
        handOver.late.then(({ outcome, error }) => {
          if (error) log.warn({ err: error, events: events.length }, 'events not handed to Temporal after the answer');
          else log.info({ events: events.length }, 'events handed to Temporal after the answer deadline');
          return outcome;
        }),
      );
      throw new HttpError(503, 'handover_pending', 'Temporal has not confirmed the events in time; they are kept if it does');
    }
    if (handOver.state === 'failed') {
      if (handOver.error instanceof IntakeOverloadedError) {
        // Akeneo ignores 429 on this API: answer 503 at once; reconciliation recovers the events.
        noteEvents(ctx, body.events.map((e) => e.action), EventOutcome.OVERLOADED);
        throw new HttpError(503, 'overloaded', 'too many events in flight; try again');
      }
      ctx.state.log.warn({ err: handOver.error, events: events.length }, 'events not handed to Temporal');
      throw new HttpError(503, 'temporal_unavailable', 'events could not be handed to Temporal; try again');
    }
    ctx.body = { accepted: events.length };
  });
  return router;
}
