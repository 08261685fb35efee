/**
 * The OpenAPI 3 description of the HTTP API, generated from the zod schemas the routes validate with
 * (`@asteasolutions/zod-to-openapi`), so the document and the validation cannot drift apart.
 */
import { OpenAPIRegistry, OpenApiGeneratorV3, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { notificationBodySchema } from '../akeneo/event-platform-notification-schema';
import { cloudEventSchema } from '../akeneo/event-platform-schema';
import { NotificationType } from '../domain/subscription-notification';
import { eventsApiBodySchema } from '../akeneo/events-api-schema';
import { EntityKind, HistoryKind, type SyncHistory, SyncStatus } from '../workflows/definitions';

/** An OpenAPI 3.0 document, as the generator returns it. */
export type OpenApiDocument = ReturnType<OpenApiGeneratorV3['generateDocument']>;

/** Path the document is served at. */
export const OPENAPI_PATH = '/openapi.json';

/**
 * Which optional routes the described app serves: the legacy webhook exists only when its secret is set;
 * the Event Platform routes always do (without their secret they answer 503).
 */
export interface OpenApiOptions {
  eventsApi: boolean;
  /** `API_OPERATOR_TOKEN` is set: the operator routes need it as a bearer token. */
  operatorAuth?: boolean;
}

/** Name of the operator routes' security scheme. */
export const OPERATOR_SECURITY_SCHEME = 'operatorToken';

/** The security requirement and 401 answer of an operator route, when its token is configured. */
function operatorOnly(operatorAuth: boolean): { security?: Array<Record<string, string[]>>; unauthorized: Record<number, string> } {
  if (!operatorAuth) return { unauthorized: {} };
  return {
    security: [{ [OPERATOR_SECURITY_SCHEME]: [] }],
    unauthorized: { 401: 'unauthorized: no `Authorization: Bearer <API_OPERATOR_TOKEN>`, or another token (with `WWW-Authenticate: Bearer`).' },
  };
}

const errorSchema = z
  .object({ error: z.object({ code: z.string().meta({ example: 'bad_signature' }), message: z.string() }) })
  .meta({ id: 'Error', description: 'Every error answer: a stable machine-readable code and a human message.' });

const entityRefSchema = z.object({ kind: z.enum(EntityKind), id: z.string(), identifier: z.string().optional() });
const historyEntrySchema = z.object({
  at: z.string().meta({ format: 'date-time' }),
  kind: z.enum(HistoryKind),
  eventId: z.string().optional(),
  eventDate: z.string().optional(),
  detail: z.string().optional(),
  count: z.number().int().optional().meta({ description: 'Deliveries this entry stands for: consecutive duplicates share one `ignored-duplicate` entry.' }),
});
const syncHistorySchema = z.object({
  ref: entityRefSchema,
  status: z.enum(SyncStatus),
  latestEventDate: z.string().optional().meta({ description: 'Latest event date applied, ISO-8601 UTC.' }),
  lastWrittenVersion: z.string().optional().meta({ description: "The PIM's `updated` of the version last written." }),
  duplicatesIgnored: z.number().int().optional().meta({ description: 'Deliveries of an already-seen event id ignored so far.' }),
  entries: z.array(historyEntrySchema).meta({ description: 'Oldest first, at most 100.' }),
}).meta({ id: 'SyncHistory' });
/** Compile-time proof that the documented history is exactly what the workflow's query returns. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _historyMatches: Same<z.infer<typeof syncHistorySchema>, SyncHistory> = true;

const statusOk = z.object({ status: z.literal('ok') });
// Named copies (zod `.meta` returns a new schema) so the document shows them as components.
const eventsApiBody = eventsApiBodySchema.meta({ id: 'EventsApiBody', description: 'Legacy Events API request body.' });
const cloudEvent = cloudEventSchema.meta({ id: 'CloudEvent', description: 'CloudEvents 1.0 (structured mode); `data` is checked per type.' });
const notificationBody = notificationBodySchema.meta({
  id: 'SubscriptionNotification',
  description:
    `Event Platform notification webhook. \`notification_type\` is one of ${Object.values(NotificationType).join(', ')}; ` +
    'another type answers 200 `{"accepted":false,"ignored":…}`. Extra fields are tolerated.',
});

/** The 429 every webhook may answer while its body is read. */
const BUSY =
  'busy: too many request bodies are being read at once (API_MAX_BODY_BYTES_IN_FLIGHT); Retry-After: 1, and the connection is closed.';

function json(schema: z.ZodType, description: string): ResponseConfig {
  return { description, content: { 'application/json': { schema } } };
}

function errors(codes: Record<number, string>): Record<number, ResponseConfig> {
  return Object.fromEntries(Object.entries(codes).map(([status, text]) => [status, json(errorSchema, text)]));
}

function registerEventsApi(r: OpenAPIRegistry): void {
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

function registerEventPlatform(r: OpenAPIRegistry): void {
  const signature = z.string().meta({ description: 'Hex HMAC-SHA256 of the raw body with the primary or secondary secret.' });
  r.registerPath({
    method: 'post',
    path: '/akeneo/event-platform',
    operationId: 'receiveEventPlatform',
    tags: ['webhooks'],
    summary: 'Event Platform webhook, one CloudEvent per request (verified with AKENEO_EVENT_PLATFORM_SECRET)',
    description:
      'At least one signature header must match a configured secret. Product and product-model events are accepted, and ' +
      'category, attribute, attribute-option, attribute-group and family events (`created`, `updated`, `deleted`; their ' +
      '`data.<entity>.code`, and `data.attribute_option.attribute.code`, checked like product-model codes); ' +
      'other well-formed event types answer 200 with `accepted: 0`. Never 404 or 3xx (the platform suspends the ' +
      'subscription at once); any Content-Type is read as JSON.',
    request: {
      headers: z.object({ 'x-akeneo-signature-primary': signature.optional(), 'x-akeneo-signature-secondary': signature.optional() }),
      body: {
        required: true,
        content: { 'application/json': { schema: cloudEvent }, 'application/cloudevents+json': { schema: cloudEvent } },
      },
    },
    responses: {
      200: json(z.object({ accepted: z.int().min(0).max(1), ignored: z.string().optional() }), 'Event durably handed to Temporal, or ignored.'),
      ...errors({
        400:
          'invalid_json, invalid_payload, body_too_large or bad_request; stale_event: the event\'s `time` is older than ' +
          'EVENT_PLATFORM_MAX_EVENT_AGE (default 6 h, past the platform\'s retries): a replay of a captured request.',
        401: 'bad_signature: no signature header matches a configured secret.',
        429: `overloaded: too many events in flight; the platform lowers its rate and retries. ${BUSY}`,
        503:
          'handover_pending: Temporal had not confirmed the event within 4 s (the hand-over goes on; a retry is a duplicate); ' +
          'temporal_unavailable: Temporal refused the event; not_configured: AKENEO_EVENT_PLATFORM_SECRET is not set.',
      }),
    },
  });
  r.registerPath({
    method: 'post',
    path: '/akeneo/event-platform/notifications',
    operationId: 'receiveEventPlatformNotification',
    tags: ['webhooks'],
    summary: 'Event Platform notification webhook: a subscription was suspended, revoked or resumed',
    description:
      'Verified with AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET (the subscriber\'s `notification_webhook_secret`), then handed to ' +
      'the workflow `event-platform-subscription-<subscription_id>`, which records it and, on `subscription.resumed`, starts a ' +
      'delta reconcile from when the subscription stopped delivering.',
    request: {
      headers: z.object({
        'x-akeneo-signature-primary': z.string().meta({ description: 'Hex HMAC-SHA256 of the raw body with the notification secret.' }),
      }),
      body: { required: true, content: { 'application/json': { schema: notificationBody } } },
    },
    responses: {
      200: json(z.object({ accepted: z.boolean(), ignored: z.string().optional() }), 'Notification durably handed to Temporal, or of another type and ignored.'),
      ...errors({
        400:
          'invalid_json, invalid_payload, body_too_large or bad_request; stale_event: the notification\'s `timestamp` is older than ' +
          'EVENT_PLATFORM_MAX_EVENT_AGE (default 6 h; the platform retries a notification for 3 s): a replay of a captured request.',
        401: 'bad_signature: X-AKENEO-SIGNATURE-PRIMARY is missing or does not match.',
        429: BUSY,
        503: 'temporal_unavailable: the notification could not be handed to Temporal; not_configured: AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET is not set.',
      }),
    },
  });
}

function registerHistory(r: OpenAPIRegistry, operatorAuth: boolean): void {
  const { security, unauthorized } = operatorOnly(operatorAuth);
  const routes = [
    { path: '/products/{uuid}/history', operationId: 'getProductHistory', params: z.object({ uuid: z.uuid() }), what: 'a product' },
    { path: '/product-models/{code}/history', operationId: 'getProductModelHistory', params: z.object({ code: z.string().min(1).max(255) }), what: 'a product model' },
  ];
  for (const { path, operationId, params, what } of routes) {
    r.registerPath({
      method: 'get',
      path,
      operationId,
      tags: ['operators'],
      summary: `Sync status and history of ${what}`,
      ...(security && { security }),
      request: { params },
      responses: {
        200: json(syncHistorySchema, 'Status, latest event date applied, version last written and history.'),
        ...errors({
          400: 'invalid_id.',
          ...unauthorized,
          404: 'not_found: no sync workflow for it.',
          429: 'too_many_requests: 8 history queries are already running in this API process (Retry-After: 1).',
          503: 'temporal_unavailable: Temporal could not answer.',
        }),
      },
    });
  }
}

function registerOps(r: OpenAPIRegistry, operatorAuth: boolean): void {
  const { security, unauthorized } = operatorOnly(operatorAuth);
  r.registerPath({ method: 'get', path: '/healthz', operationId: 'healthz', tags: ['probes'], summary: 'Liveness: the process is up', responses: { 200: json(statusOk, 'Up.') } });
  r.registerPath({
    method: 'get',
    path: '/readyz',
    operationId: 'readyz',
    tags: ['probes'],
    summary: 'Readiness: Temporal is reachable',
    responses: { 200: json(statusOk, 'Ready.'), ...errors({ 503: 'temporal_unavailable: Temporal is not reachable.' }) },
  });
  r.registerPath({
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tags: ['operators'],
    summary: 'Prometheus metrics of the API process',
    ...(security && { security }),
    responses: { 200: { description: 'Prometheus text exposition format.', content: { 'text/plain': { schema: z.string() } } }, ...errors(unauthorized) },
  });
  r.registerPath({
    method: 'get',
    path: OPENAPI_PATH,
    operationId: 'openApiDocument',
    tags: ['operators'],
    summary: 'This OpenAPI document',
    ...(security && { security }),
    responses: {
      200: { description: 'OpenAPI 3.0 document.', content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } } },
      ...errors(unauthorized),
    },
  });
}

/**
 * Builds the OpenAPI 3.0 document of the API; the legacy webhook is described only when the app serves it, and the
 * operator routes' bearer token only when it is configured.
 */
export function buildOpenApiDocument(options: OpenApiOptions = { eventsApi: true }): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  if (options.eventsApi) registerEventsApi(registry);
  registerEventPlatform(registry);
  if (options.operatorAuth) {
    registry.registerComponent('securitySchemes', OPERATOR_SECURITY_SCHEME, {
      type: 'http',
      scheme: 'bearer',
      description: 'API_OPERATOR_TOKEN, required by the operator routes (history, metrics, this document) when it is set.',
    });
  }
  registerHistory(registry, options.operatorAuth === true);
  registerOps(registry, options.operatorAuth === true);
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'akeneo-sync',
      version: '1.0.0',
      description: 'Receives Akeneo PIM webhooks and hands them to Temporal; answers sync status. Errors are `{"error":{"code","message"}}`.',
    },
  });
}
