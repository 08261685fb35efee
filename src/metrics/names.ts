/**
 * Names and label values of the service's own metrics: the one place they are spelled, for the code
 * that records them and the checks of `deploy/alerts.yml`. No imports: workflow code uses it too.
 */

/** Metric names. API metrics come from prom-client (`GET /metrics` of the API); worker metrics from the SDK's meters. */
export const MetricName = {
  /** API counter `{route, type, outcome}`: webhook events received (per request when the body was not parsed). */
  EVENTS_RECEIVED: 'akeneo_sync_events_received_total',
  /** API histogram `{route, status}`: seconds from request to answer on the webhook routes. */
  ACK_SECONDS: 'akeneo_sync_ack_seconds',
  /**
   * API gauge `{state}`: events in flight to Temporal, late hand-overs included (`in_flight`), the memory budget past
   * which both routes refuse (`budget`, `API_MAX_EVENTS_IN_FLIGHT`), and the Event Platform route's adaptive limit
   * past which it sheds with 429 (`limit`).
   */
  INTAKE_EVENTS: 'akeneo_sync_intake_events',
  /** API gauge `{state}`: request-body bytes being read now (`in_flight`), and the budget past which bodies are refused (`budget`, `API_MAX_BODY_BYTES_IN_FLIGHT`). */
  REQUEST_BODY_BYTES: 'akeneo_sync_request_body_bytes',
  /** API counter `{code}`: requests refused to protect the API, by error code (see {@link ApiRefusal}). */
  API_REFUSED: 'akeneo_sync_api_refused_total',
  /** Worker counter `{outcome}`: entity syncs finished. */
  SYNCS: 'akeneo_sync_syncs',
  /**
   * Worker counter `{operation}`: HTTP requests this worker sent to the PIM, 401 replays and token calls included.
   * Divided by {@link MetricName.SYNCS}, the PIM calls per entity synced.
   */
  PIM_REQUESTS: 'akeneo_sync_pim_requests',
  /** Worker counter: PIM answers 429 mapped to a retry after `Retry-After`. */
  PIM_RATE_LIMITED: 'akeneo_sync_pim_rate_limited',
  /** Worker counter `{count, mode}`: the counts of each finished reconcile run, added up. */
  RECONCILE_ENTITIES: 'akeneo_sync_reconcile_entities',
  /** Worker counter `{mode}`: full reconcile runs that found too many entities missing and deleted none. */
  RECONCILE_MASS_DELETE_REFUSED: 'akeneo_sync_reconcile_mass_delete_refused',
  /** Worker gauge `{mode}`: when the last reconcile run finished, in epoch seconds (alert on its age). */
  RECONCILE_LAST_SUCCESS: 'akeneo_sync_reconcile_last_success_timestamp_seconds',
  /** Worker counter `{kind, count}`: the counts of each finished structure run (`listed`, `written`, `unchanged`, `deleted`, `missing`). */
  STRUCTURE_ITEMS: 'akeneo_sync_structure_items',
  /** Worker gauge: when the last structure run finished, in epoch seconds (alert on its age). */
  STRUCTURE_LAST_SUCCESS: 'akeneo_sync_structure_last_success',
  /** Worker counter: structure runs that found too many items missing and deleted none. */
  STRUCTURE_MASS_DELETE_REFUSED: 'akeneo_sync_structure_mass_delete_refused',
  /** Worker gauge: 1 while this worker process holds the PIM lease (calls the PIM), 0 otherwise; sums to 1 per deployment. */
  PIM_LEASE_HELD: 'akeneo_sync_pim_lease_held',
  /**
   * Worker gauge `{subscription_id, status}`: when the Event Platform subscription last entered `status`
   * (`active`, `suspended`, `revoked`), in epoch seconds of the notification. It has stopped delivering
   * while its latest `suspended` or `revoked` is newer than its latest `active`. Timestamps rather than 0/1,
   * so a stale value left in another worker process never outweighs a newer one under `max`.
   */
  EVENT_PLATFORM_SUBSCRIPTION: 'akeneo_sync_event_platform_subscription',
  /**
   * Worker gauge `{subscription_id}`: when the subscription's workflow last reported its status (epoch
   * seconds, every 5 min). Stale once the workflow is gone (terminated): the alert ignores such subscriptions.
   */
  EVENT_PLATFORM_SUBSCRIPTION_HEARTBEAT: 'akeneo_sync_event_platform_subscription_heartbeat_timestamp_seconds',
} as const;
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** Label `route` of the API metrics. */
export const WebhookRoute = {
  EVENTS_API: 'events-api',
  EVENT_PLATFORM: 'event-platform',
  /** Event Platform notification webhooks; their `type` label is the `notification_type`. */
  EVENT_PLATFORM_NOTIFICATIONS: 'event-platform-notifications',
} as const;
export type WebhookRoute = (typeof WebhookRoute)[keyof typeof WebhookRoute];

/** Label `outcome` of {@link MetricName.EVENTS_RECEIVED}. */
export const EventOutcome = {
  /** Durably handed to Temporal before the answer, which was a 200. */
  ACCEPTED: 'accepted',
  /**
   * Durably handed to Temporal after the answer deadline, so the answer was a 503 `handover_pending`: the event
   * is kept all the same (counted when Temporal confirms it).
   */
  ACCEPTED_LATE: 'accepted_late',
  /** Answered 4xx (signature, timestamp, payload…). */
  REJECTED: 'rejected',
  /**
   * Answered 400 `stale_event`: an Event Platform event (or notification) dated more than `EVENT_PLATFORM_MAX_EVENT_AGE`
   * ago, past the platform's retries, so a replay of a captured request rather than a delivery.
   */
  STALE: 'stale',
  /** Well-formed but of a type the connector does not act on. */
  IGNORED: 'ignored',
  /** Temporal could not take the event (answered 503, or failed after a `handover_pending` answer): lost to the event path. */
  UNAVAILABLE: 'unavailable',
  /** Refused for load, at once: the API's memory budget of events in flight was full (legacy 503), or load shedding (Event Platform 429). */
  OVERLOADED: 'overloaded',
} as const;
export type EventOutcome = (typeof EventOutcome)[keyof typeof EventOutcome];

/** Label `code` of {@link MetricName.API_REFUSED}: the error codes of answers that protect the API. */
export const ApiRefusal = {
  /** 429: the budget of request-body bytes being read was full (`API_MAX_BODY_BYTES_IN_FLIGHT`). */
  BUSY: 'busy',
  /** 401: an operator route without the bearer token `API_OPERATOR_TOKEN`. */
  UNAUTHORIZED: 'unauthorized',
  /** 429: too many history queries in flight. */
  TOO_MANY_REQUESTS: 'too_many_requests',
} as const;
export type ApiRefusal = (typeof ApiRefusal)[keyof typeof ApiRefusal];

/** Label `type` when the body could not be parsed. */
export const UNKNOWN_EVENT_TYPE = 'unknown';

/** Label `outcome` of {@link MetricName.SYNCS}. */
export const SyncMetricOutcome = { WRITTEN: 'written', UNCHANGED: 'unchanged', SUPERSEDED: 'superseded', DELETED: 'deleted', FAILED: 'failed' } as const;
export type SyncMetricOutcome = (typeof SyncMetricOutcome)[keyof typeof SyncMetricOutcome];

/**
 * Label `operation` of {@link MetricName.PIM_REQUESTS}: `get` (one entity, or a media file's metadata), `search`
 * (entities by id: a batch of entity reads, or a deletion check), `list` (a listing page), `media_download` (a media
 * file's download), `token` (OAuth).
 */
export const PimOperation = { GET: 'get', SEARCH: 'search', LIST: 'list', TOKEN: 'token', MEDIA_DOWNLOAD: 'media_download' } as const;
export type PimOperation = (typeof PimOperation)[keyof typeof PimOperation];

/** Label `count` of {@link MetricName.RECONCILE_ENTITIES}. */
export const RECONCILE_COUNT_LABELS = ['seen', 'signalled', 'unchanged', 'deleted', 'failed'] as const;
