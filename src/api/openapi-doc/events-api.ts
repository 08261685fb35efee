/** The OpenAPI description of the legacy Events API webhook (`POST /akeneo/events`). */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { eventsApiBodySchema } from '../../akeneo/events-api-schema';
import { BUSY, errors, json, statusOk } from './shared';

// A named copy (zod `.meta` returns a new schema) so the document shows it as a component.
const eventsApiBody = eventsApiBodySchema.meta({ id: 'EventsApiBody', description: 'Legacy Events API request body.' });

/** Registers the legacy webhook. */
export function registerEventsApi(r: OpenAPIRegistry): void {
  r.registerPath({
    method: 'post',
    path: '/akeneo/events',
    operationId: 'receiveEventsApi',
    tags: ['webhooks'],
    summary: 'Legacy Events API webhook (enabled by AKENEO_EVENTS_SECRET)',
    description:
      'Up to 10 events per request. Akeneo waits 0.5 s and never retries, so the answer is 200, 400 or 503, never 404/409 ' +
      '(429 only when too many request bodies are being read at once). ' +
      'An empty body signed over "<timestamp>." is the connection\'s *Test* button and answers `{"status":"ok"}`.',
    request: {
      headers: z.object({
        'x-akeneo-request-timestamp': z.string().regex(/^\d{1,12}$/).meta({ description: 'Unix seconds; at most 300 s from now.' }),
        'x-akeneo-request-signature': z.string().meta({ description: 'Hex HMAC-SHA256 of "<timestamp>.<raw body>" with the secret.' }),
      }),
      body: { required: false, content: { 'application/json': { schema: eventsApiBody } } },
    },
    responses: {
      200: json(z.union([z.object({ accepted: z.int().min(0) }), statusOk]), 'Events durably handed to Temporal (or the Test request).'),
      ...errors({
        400: 'missing_timestamp, stale_timestamp, bad_signature, invalid_json, invalid_payload, body_too_large or bad_request.',
        429: BUSY,
        503:
          'handover_pending: Temporal had not confirmed the events within 400 ms; the hand-over goes on and they are kept if it does. ' +
          'overloaded: the memory budget of events in flight (API_MAX_EVENTS_IN_FLIGHT) is full (refused at once). ' +
          'temporal_unavailable: Temporal refused the events.',
      }),
    },
  });
}
