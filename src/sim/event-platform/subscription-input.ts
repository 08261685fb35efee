/**
 * Subscription bodies: reading `POST`/`PATCH .../subscriptions` and writing the subscription the API answers,
 * secrets and header values redacted. Sources: https://api.akeneo.com/event-platform/concepts.html (akeneo/pim-api-docs
 * content/event-platform/concepts.md) and https://api.akeneo.com/event-platform/available-filters.html.
 */
import { KNOWN_EVENT_TYPES } from './event-types';
import { FilterSyntaxError, parseFilter } from './filter';
import { checkHeaders } from './subscription-headers';
import { DestinationType, REDACTED, type StoredSubscription } from './types';
import { checkSecret, checkUrl, isObject, objectBody, Problems, readString } from './validation';

/** The fields a subscription body may set; `undefined`: not sent. */
export interface SubscriptionFields {
  type?: DestinationType;
  events?: string[];
  config?: Record<string, unknown>;
  sendProductIdentifier?: boolean;
  /** `null`: remove the filter. */
  filter?: string | null;
}

const TYPES: readonly string[] = Object.values(DestinationType);
/** Filter limits, available-filters.html ("Limits"): 500 characters, 10 operators (4 before commit 61ef548d). */
const FILTER_MAX_CHARS = 500;
const FILTER_MAX_OPERATORS = 10;

/** Reads a subscription body; `create` makes `source`, `events`, `type` and `config` required. Throws `ValidationError`. */
export function readSubscriptionBody(body: unknown, create: boolean): SubscriptionFields {
  const b = objectBody(body);
  const problems = new Problems();
  const fields: SubscriptionFields = {};
  // "currently, the only source available is `pim`" (concepts.html, "Subscription").
  const source = readString(problems, b.source, 'source', create);
  if (source !== undefined && source !== 'pim') problems.add('source must be "pim"');
  // `subject` is taken from X-PIM-URL (concepts.html: "From `X-PIM-URL` header parameter"); a sent value is ignored.
  readString(problems, b.subject, 'subject', false);
  const type = readString(problems, b.type, 'type', create);
  if (type !== undefined && !TYPES.includes(type)) problems.add(`type must be one of ${TYPES.join(', ')}`);
  else if (type !== undefined) fields.type = type as DestinationType;
  if (b.events !== undefined || create) fields.events = readEvents(problems, b.events);
  if (b.config !== undefined || create) {
    if (!isObject(b.config)) problems.add('config is required and must be an object');
    else fields.config = b.config;
  }
  if (b.send_product_identifier !== undefined) {
    if (typeof b.send_product_identifier !== 'boolean') problems.add('send_product_identifier must be a boolean');
    else fields.sendProductIdentifier = b.send_product_identifier;
  }
  if (b.filter === null) fields.filter = null;
  else if (b.filter !== undefined) fields.filter = readFilter(problems, b.filter);
  problems.throwIfAny();
  return fields;
}

/** Applies `fields` to `target` and checks its config for its type; returns whether anything changed. Throws `ValidationError`. */
export function applySubscriptionFields(target: StoredSubscription, fields: SubscriptionFields, insecureHosts: readonly string[]): boolean {
  const before = JSON.stringify(target);
  if (fields.type !== undefined) target.type = fields.type;
  if (fields.events !== undefined) target.events = fields.events;
  if (fields.config !== undefined) target.config = mergeConfig(target.config, fields.config);
  if (fields.sendProductIdentifier !== undefined) target.sendProductIdentifier = fields.sendProductIdentifier;
  if (fields.filter === null) delete target.filter;
  else if (fields.filter !== undefined) target.filter = fields.filter;
  const problems = new Problems();
  checkConfig(problems, target, insecureHosts);
  problems.throwIfAny();
  return JSON.stringify(target) !== before;
}

/** The subscription as the API shows it: secrets and custom header values redacted (logs.html; concepts.html). */
export function renderSubscription(s: StoredSubscription): Record<string, unknown> {
  return {
    id: s.id,
    subscriber_id: s.subscriberId,
    source: s.source,
    subject: s.subject,
    type: s.type,
    events: [...s.events],
    config: redactConfig(s.type, s.config),
    send_product_identifier: s.sendProductIdentifier,
    ...(s.filter !== undefined ? { filter: s.filter } : {}),
    status: s.status,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

function readEvents(problems: Problems, value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.some((e) => typeof e !== 'string')) {
    problems.add('events must be a non-empty array of event types');
    return undefined;
  }
  const unknown = (value as string[]).filter((e) => !KNOWN_EVENT_TYPES.has(e));
  if (unknown.length > 0) problems.add(`unknown event types: ${unknown.join(', ')}`);
  return [...new Set(value as string[])];
}

function readFilter(problems: Problems, value: unknown): string | undefined {
  const filter = readString(problems, value, 'filter', false);
  if (filter === undefined) return undefined;
  if (filter.length > FILTER_MAX_CHARS) problems.add(`filter must be at most ${FILTER_MAX_CHARS} characters long`);
  try {
    const { operators } = parseFilter(filter);
    if (operators > FILTER_MAX_OPERATORS) problems.add(`filter must use at most ${FILTER_MAX_OPERATORS} operators`);
  } catch (err) {
    if (!(err instanceof FilterSyntaxError)) throw err;
    problems.add(`filter is invalid: ${err.message}`);
  }
  return filter;
}

/** A PATCHed config replaces the old one key by key; an HTTPS secret not sent is kept (a PATCH need not resend it). */
function mergeConfig(old: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return { ...old, ...patch };
}

function checkConfig(problems: Problems, s: StoredSubscription, insecureHosts: readonly string[]): void {
  const c = s.config;
  if (s.type === DestinationType.HTTPS) {
    checkUrl(problems, readString(problems, c.url, 'config.url', true), 'config.url', insecureHosts);
    if (!isObject(c.secret)) {
      problems.add('config.secret.primary is required');
    } else {
      checkSecret(problems, readString(problems, c.secret.primary, 'config.secret.primary', true), 'config.secret.primary');
      // getting-started.html: the secondary secret "can be empty"; an empty one is treated as absent.
      if (c.secret.secondary === '' || c.secret.secondary === null) delete c.secret.secondary;
      checkSecret(problems, readString(problems, c.secret.secondary, 'config.secret.secondary', false), 'config.secret.secondary');
    }
  } else if (s.type === DestinationType.PUBSUB) {
    for (const key of ['project_id', 'topic_id']) readString(problems, c[key], `config.${key}`, true);
  } else {
    for (const key of ['broker', 'topic']) readString(problems, c[key], `config.${key}`, true);
    if (!isObject(c.sasl_auth)) problems.add('config.sasl_auth is required');
  }
  if (c.headers !== undefined) checkHeaders(problems, c.headers);
}

function redactConfig(type: DestinationType, config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  if (type === DestinationType.HTTPS && isObject(config.secret)) {
    out.secret = Object.fromEntries(Object.keys(config.secret).map((k) => [k, REDACTED]));
  }
  if (isObject(config.sasl_auth)) out.sasl_auth = { ...config.sasl_auth, password: REDACTED };
  const tls = config.tls;
  if (isObject(tls)) out.tls = Object.fromEntries(Object.entries(tls).map(([k, v]) => [k, k === 'server_name' ? v : REDACTED]));
  // "Header values are redacted in API responses for security purposes. Only the header names are visible." (concepts.html)
  if (isObject(config.headers)) out.headers = Object.fromEntries(Object.keys(config.headers).map((k) => [k, REDACTED]));
  return out;
}
