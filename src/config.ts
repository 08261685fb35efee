/**
 * Configuration: the only module that reads `process.env`. Parsed once at start-up with zod.
 * The env key names are the public contract documented in `.env.example` and the README.
 */
import { z } from 'zod';
import { DEFAULT_MEDIA_KNOWN_TTL_MS, DEFAULT_MEDIA_MAX_BYTES, DEFAULT_PIM_MAX_CONCURRENCY } from './domain/limits';
import { DEFAULT_EVENT_PLATFORM_MAX_EVENT_AGE_MS, MIN_EVENT_PLATFORM_MAX_EVENT_AGE_MS } from './event-platform/event-age';
import { webhookUrlProblem } from './event-platform/webhook-url';
import { httpsUrlProblem } from './https-url';

/** A bad or missing configuration value; the message names the keys, never their values. */
export class ConfigError extends Error {
  constructor(readonly keys: string[], detail: string) {
    super(`invalid configuration: ${detail}`);
    this.name = 'ConfigError';
  }
}

const nonEmpty = z.string().trim().min(1);
const optionalNonEmpty = z.preprocess((v) => (v === '' ? undefined : v), nonEmpty.optional());
const httpUrl = z
  .url({ protocol: /^https?$/ })
  .transform((u) => u.replace(/\/+$/, ''));
const urlKeeping = (problemOf: (url: string) => string | undefined) =>
  httpUrl.superRefine((url, ctx) => {
    const problem = problemOf(url);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
/** A URL credentials or data are sent to: https, or http on a loopback host (the simulators); see `src/https-url.ts`. */
const secureUrl = urlKeeping(httpsUrlProblem);
const blankToUndefined = (v: unknown): unknown => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
/** A secret, used exactly as given: never trimmed (whitespace may be part of it), but not blank. */
const secret = z.string().refine((v) => v.trim() !== '', 'must not be blank');
/** A secret sent in an HTTP header, which cannot carry surrounding whitespace: refused rather than trimmed. */
const headerSecret = secret.refine((v) => v === v.trim(), 'must not begin or end with whitespace (it is sent in a header)');
/**
 * How the example Secrets (deploy/k8s/*-secret.example.yaml) mark their values: one applied as is, or copied
 * without being replaced, would give the API secrets that anyone can read in this repository.
 */
export const PLACEHOLDER_PREFIX = 'change-me';
const PLACEHOLDER_MESSAGE = `is the example's placeholder (${PLACEHOLDER_PREFIX}…), not a secret: generate one (e.g. openssl rand -hex 32)`;
const notPlaceholder = (v: string): boolean => !v.toLowerCase().startsWith(PLACEHOLDER_PREFIX);
/** Akeneo's bounds for `config.secret.primary|secondary` and `notification_webhook_secret` (16–256 characters). */
const platformSecret = z
  .string()
  .min(16, 'must be 16 to 256 characters')
  .max(256, 'must be 16 to 256 characters')
  .refine(notPlaceholder, PLACEHOLDER_MESSAGE);
/**
 * The legacy Events API secret. Akeneo generates 32 random bytes in base 36, about 50 characters
 * (akeneo/pim-community-dev, `Connectivity/Connection/back/Infrastructure/Webhook/GenerateSecret.php`), so every
 * genuine secret is far longer than this minimum, which keeps out placeholders and guessable values.
 */
const eventsApiSecret = secret
  .refine((v) => v.length >= 16, 'must be at least 16 characters (Akeneo generates about 50)')
  .refine(notPlaceholder, `is the example's placeholder (${PLACEHOLDER_PREFIX}…): copy the secret the PIM generated`);
/**
 * The API process's memory budget: events in flight to Temporal at once, late hand-overs included, past which
 * webhooks are refused (see src/api/intake-budget.ts). A mass edit's burst fits: a held event costs a few kB.
 */
export const DEFAULT_API_MAX_EVENTS_IN_FLIGHT = 5000;
/**
 * The API process's budget of request-body bytes being read at once (src/api/body-budget.ts): 128 MiB of its
 * 384 MiB container (deploy/k8s/api-deployment.yaml), at least one largest webhook body (32 MiB).
 */
export const DEFAULT_API_MAX_BODY_BYTES_IN_FLIGHT = 128 * 1024 * 1024;
const MIN_API_MAX_BODY_BYTES_IN_FLIGHT = 32 * 1024 * 1024;
/** Workflows a worker keeps cached: bounds its memory (each holds a V8 context slice) at the cost of replays. */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 500;

const port = z.coerce.number().int().min(0).max(65535);
const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port');
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** A duration such as `90s`, `15m`, `2h` or `1d`, parsed to milliseconds. */
const duration = z
  .string()
  .trim()
  .regex(/^\d+(ms|s|m|h|d)$/, 'expected a duration such as 30s, 15m, 2h or 1d')
  .transform((v) => {
    const [, n, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(v) as unknown as [string, string, keyof typeof UNIT_MS];
    return Number(n) * UNIT_MS[unit];
  });
/** Default `RECONCILE_SAFETY_MARGIN`: 5 minutes. */
export const DEFAULT_RECONCILE_SAFETY_MARGIN_MS = 5 * 60_000;
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

const temporalShape = {
  TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: nonEmpty.default('default'),
  TEMPORAL_TASK_QUEUE: nonEmpty.default('akeneo-sync'),
  TEMPORAL_TLS_CERT_FILE: optionalNonEmpty,
  TEMPORAL_TLS_KEY_FILE: optionalNonEmpty,
  TEMPORAL_TLS_CA_FILE: optionalNonEmpty,
  TEMPORAL_TLS_SERVER_NAME: optionalNonEmpty,
  TEMPORAL_API_KEY: optional(headerSecret),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

const apiSchema = z
  .object({
    ...temporalShape,
    PORT: port.default(3000),
    HOST: nonEmpty.default('0.0.0.0'),
    TLS_CERT_FILE: optionalNonEmpty,
    TLS_KEY_FILE: optionalNonEmpty,
    AKENEO_EVENTS_SECRET: optional(eventsApiSecret),
    AKENEO_EVENT_PLATFORM_SECRET: optional(platformSecret),
    AKENEO_EVENT_PLATFORM_SECRET_SECONDARY: optional(platformSecret),
    API_MAX_EVENTS_IN_FLIGHT: z.coerce.number().int().min(10).max(100_000).default(DEFAULT_API_MAX_EVENTS_IN_FLIGHT),
    // Bearer token of the operator routes (history, metrics, OpenAPI); kept as given, never trimmed.
    API_OPERATOR_TOKEN: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .min(16, 'must be at least 16 characters')
        .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces or line breaks')
        .refine(notPlaceholder, PLACEHOLDER_MESSAGE)
        .optional(),
    ),
    API_MAX_BODY_BYTES_IN_FLIGHT: z.coerce.number().int().min(MIN_API_MAX_BODY_BYTES_IN_FLIGHT).max(2 ** 32).default(DEFAULT_API_MAX_BODY_BYTES_IN_FLIGHT),
    // Event Platform notification webhooks (the subscriber's notification_webhook_secret); unset: that route answers 503.
    AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET: optional(platformSecret),
    // The API starts a subscription's catch-up reconcile this far before it stopped delivering.
    RECONCILE_SAFETY_MARGIN: duration.default(DEFAULT_RECONCILE_SAFETY_MARGIN_MS),
    // Older Event Platform events are refused (replays); never below the platform's retry period.
    EVENT_PLATFORM_MAX_EVENT_AGE: duration
      .refine((ms) => ms >= MIN_EVENT_PLATFORM_MAX_EVENT_AGE_MS, 'must be at least 1h (the platform retries for 35 minutes)')
      .default(DEFAULT_EVENT_PLATFORM_MAX_EVENT_AGE_MS),
  })
  // No secret at all is allowed: the Event Platform routes then answer 503 (never 404, which suspends a
  // subscription at once) and the API logs a warning at start-up.
  .superRefine((c, ctx) => {
    if (Boolean(c.TLS_CERT_FILE) !== Boolean(c.TLS_KEY_FILE)) {
      ctx.addIssue({ code: 'custom', path: [c.TLS_CERT_FILE ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE'], message: 'set both TLS_CERT_FILE and TLS_KEY_FILE, or neither' });
    }
    if (c.AKENEO_EVENT_PLATFORM_SECRET_SECONDARY && !c.AKENEO_EVENT_PLATFORM_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['AKENEO_EVENT_PLATFORM_SECRET'],
        message: 'required when AKENEO_EVENT_PLATFORM_SECRET_SECONDARY is set',
      });
    }
  });

const reconcileShape = {
  RECONCILE_ENABLED: bool.default(true),
  RECONCILE_INTERVAL: duration.default(15 * 60_000),
  RECONCILE_FULL_INTERVAL: duration.default(24 * 3_600_000),
  RECONCILE_SAFETY_MARGIN: duration.default(5 * 60_000),
  DELETE_POLICY: z.enum(['delete', 'ignore']).default('delete'),
  DELETE_MAX_FRACTION: z.coerce.number().min(0).max(1).default(0.05),
  STRUCTURE_ENABLED: bool.default(true),
  STRUCTURE_INTERVAL: duration.default(3_600_000),
  STRUCTURE_WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
};

const workerSchema = z
  .object({
    ...temporalShape,
    ...reconcileShape,
    AKENEO_MAX_RPS: z.coerce.number().positive().max(100).default(20),
    AKENEO_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(10).default(DEFAULT_PIM_MAX_CONCURRENCY),
    AKENEO_BASE_URL: secureUrl,
    AKENEO_CLIENT_ID: nonEmpty,
    AKENEO_CLIENT_SECRET: secret,
    AKENEO_USERNAME: nonEmpty,
    AKENEO_PASSWORD: secret,
    DESTINATION: z.enum(['http', 'postgres']).default('http'),
    DESTINATION_URL: optional(secureUrl),
    DESTINATION_TOKEN: optional(headerSecret),
    DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^postgres(ql)?:\/\//, 'expected postgres://…').optional()),
    METRICS_PORT: port.default(9464),
    SHUTDOWN_GRACE_TIME: duration.default(30_000),
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_MAX_CACHED_WORKFLOWS),
    MEDIA_MAX_BYTES: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(DEFAULT_MEDIA_MAX_BYTES),
    MEDIA_KNOWN_TTL: duration.default(DEFAULT_MEDIA_KNOWN_TTL_MS),
  })
  .superRefine((c, ctx) => {
    if (c.DESTINATION === 'http' && !c.DESTINATION_URL) {
      ctx.addIssue({ code: 'custom', path: ['DESTINATION_URL'], message: 'required when DESTINATION=http' });
    }
    if (c.DESTINATION === 'postgres' && !c.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'required when DESTINATION=postgres' });
    }
  });

/** Connection settings shared by every process that talks to Temporal. */
export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** mTLS (self-hosted or Temporal Cloud): file paths, read at connection time. */
  tls?: { certFile?: string; keyFile?: string; caFile?: string; serverName?: string };
  /** Temporal Cloud API key (implies TLS). */
  apiKey?: string;
}

/** Configuration of the webhook API process. */
export interface ApiConfig {
  port: number;
  host: string;
  /** Serve HTTPS with these PEM files. */
  tls?: { certFile: string; keyFile: string };
  logLevel: string;
  temporal: TemporalConfig;
  eventsApiSecret?: string;
  eventPlatformSecrets?: { primary: string; secondary?: string };
  /** Most events in flight to Temporal before webhooks are refused at once (legacy 503, Event Platform 429). */
  maxEventsInFlight?: number;
  /** Bearer token the operator routes (history, metrics, OpenAPI) require; unset, they are open. */
  operatorToken?: string;
  /** Most request-body bytes being read at once before a webhook is refused (429 `busy`). */
  maxBodyBytesInFlight?: number;
  /** Verifies Event Platform notification webhooks; unset, `POST /akeneo/event-platform/notifications` answers 503. */
  eventPlatformNotificationSecret?: string;
  /** Subtracted from a subscription's stop time when its resume starts a delta reconcile (ms; default 5 min). */
  reconcileSafetyMarginMs?: number;
  /** Event Platform events older than this are refused as replays (ms; default 6 h). */
  eventPlatformMaxEventAgeMs?: number;
}

/** Reconciliation settings: the schedules the worker creates at start-up. */
export interface ReconcileConfig {
  /** Create or update the schedules at worker start-up. */
  enabled: boolean;
  /** Delta run every… (ms). */
  intervalMs: number;
  /** Full run every… (ms). */
  fullIntervalMs: number;
  /** Overlap subtracted from the previous watermark (ms). */
  safetyMarginMs: number;
  deletePolicy: 'delete' | 'ignore';
  /** A full run finding more than this fraction of the known entities missing deletes none and fails. */
  deleteMaxFraction: number;
  /** The catalogue structure sync (`akeneo-structure` schedule); absent: no structure schedule. */
  structure?: StructureConfig;
}

/** Catalogue structure sync settings. */
export interface StructureConfig {
  /** Create or update the `akeneo-structure` schedule at worker start-up. */
  enabled: boolean;
  /** A run every… (ms). */
  intervalMs: number;
  /** Most destination writes at once per structure collection page. */
  writeConcurrency: number;
}

/** Configuration of the worker process. */
export interface WorkerConfig {
  logLevel: string;
  temporal: TemporalConfig;
  reconcile: ReconcileConfig;
  /** Ceiling of PIM requests per second for the whole deployment (all workers). */
  pimMaxRps: number;
  /** Most concurrent PIM calls from the whole deployment (the one worker holding the PIM lease). */
  pimMaxConcurrency: number;
  akeneo: { baseUrl: string; clientId: string; clientSecret: string; username: string; password: string };
  destination: { kind: 'http'; url: string; token?: string } | { kind: 'postgres'; databaseUrl: string };
  /** Port of the worker's Prometheus endpoint (0: off). */
  metricsPort: number;
  /** Time in-flight activities get to finish after SIGTERM (ms). */
  shutdownGraceMs: number;
  /** Workflows the worker keeps in memory (sticky cache); 0 replays every task from history. */
  maxCachedWorkflows: number;
  /** Media files larger than this many bytes are not transferred (`MEDIA_MAX_BYTES`). */
  mediaMaxBytes: number;
  /** How long the worker remembers a media file as present at the third party, in ms (`MEDIA_KNOWN_TTL`). */
  mediaKnownTtlMs: number;
}

type Env = Record<string, string | undefined>;

function parse<S extends z.ZodType>(schema: S, env: Env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const keys = [...new Set(result.error.issues.map((i) => String(i.path[0] ?? '?')))];
  const detail = result.error.issues
    .map((i) => `${String(i.path[0] ?? '?')}: ${env[String(i.path[0])] === undefined && i.code !== 'custom' ? 'missing' : i.message}`)
    .join('; ');
  throw new ConfigError(keys, detail);
}

function reconcileOf(e: z.infer<z.ZodObject<typeof reconcileShape>>): ReconcileConfig {
  return {
    enabled: e.RECONCILE_ENABLED,
    intervalMs: e.RECONCILE_INTERVAL,
    fullIntervalMs: e.RECONCILE_FULL_INTERVAL,
    safetyMarginMs: e.RECONCILE_SAFETY_MARGIN,
    deletePolicy: e.DELETE_POLICY,
    deleteMaxFraction: e.DELETE_MAX_FRACTION,
    structure: { enabled: e.STRUCTURE_ENABLED, intervalMs: e.STRUCTURE_INTERVAL, writeConcurrency: e.STRUCTURE_WRITE_CONCURRENCY },
  };
}

/** The PIM connection's settings from the parsed environment. */
function akeneoOf(e: { AKENEO_BASE_URL: string; AKENEO_CLIENT_ID: string; AKENEO_CLIENT_SECRET: string; AKENEO_USERNAME: string; AKENEO_PASSWORD: string }) {
  return { baseUrl: e.AKENEO_BASE_URL, clientId: e.AKENEO_CLIENT_ID, clientSecret: e.AKENEO_CLIENT_SECRET, username: e.AKENEO_USERNAME, password: e.AKENEO_PASSWORD };
}

function temporalOf(e: z.infer<z.ZodObject<typeof temporalShape>>): TemporalConfig {
  const files = { certFile: e.TEMPORAL_TLS_CERT_FILE, keyFile: e.TEMPORAL_TLS_KEY_FILE, caFile: e.TEMPORAL_TLS_CA_FILE, serverName: e.TEMPORAL_TLS_SERVER_NAME };
  const tls = Object.values(files).some(Boolean) ? files : undefined;
  return {
    address: e.TEMPORAL_ADDRESS,
    namespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    ...(tls && { tls }),
    ...(e.TEMPORAL_API_KEY && { apiKey: e.TEMPORAL_API_KEY }),
  };
}

/** Parses the API's configuration; throws {@link ConfigError} naming the bad keys. */
export function loadApiConfig(env: Env = process.env): ApiConfig {
  const e = parse(apiSchema, env);
  return {
    port: e.PORT,
    host: e.HOST,
    ...(e.TLS_CERT_FILE && e.TLS_KEY_FILE && { tls: { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE } }),
    logLevel: e.LOG_LEVEL,
    temporal: temporalOf(e),
    eventsApiSecret: e.AKENEO_EVENTS_SECRET,
    eventPlatformSecrets: e.AKENEO_EVENT_PLATFORM_SECRET
      ? { primary: e.AKENEO_EVENT_PLATFORM_SECRET, secondary: e.AKENEO_EVENT_PLATFORM_SECRET_SECONDARY }
      : undefined,
    maxEventsInFlight: e.API_MAX_EVENTS_IN_FLIGHT,
    maxBodyBytesInFlight: e.API_MAX_BODY_BYTES_IN_FLIGHT,
    ...(e.API_OPERATOR_TOKEN && { operatorToken: e.API_OPERATOR_TOKEN }),
    eventPlatformNotificationSecret: e.AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET,
    reconcileSafetyMarginMs: e.RECONCILE_SAFETY_MARGIN,
    eventPlatformMaxEventAgeMs: e.EVENT_PLATFORM_MAX_EVENT_AGE,
  };
}

/** Parses the worker's configuration; throws {@link ConfigError} naming the bad keys. */
export function loadWorkerConfig(env: Env = process.env): WorkerConfig {
  const e = parse(workerSchema, env);
  return {
    logLevel: e.LOG_LEVEL,
    temporal: temporalOf(e),
    reconcile: reconcileOf(e),
    pimMaxRps: e.AKENEO_MAX_RPS,
    pimMaxConcurrency: e.AKENEO_MAX_CONCURRENCY,
    akeneo: akeneoOf(e),
    destination:
      e.DESTINATION === 'postgres'
        ? { kind: 'postgres', databaseUrl: e.DATABASE_URL ?? '' }
        : { kind: 'http', url: e.DESTINATION_URL ?? '', token: e.DESTINATION_TOKEN },
    metricsPort: e.METRICS_PORT,
    shutdownGraceMs: e.SHUTDOWN_GRACE_TIME,
    maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
    mediaMaxBytes: e.MEDIA_MAX_BYTES,
    mediaKnownTtlMs: e.MEDIA_KNOWN_TTL,
  };
}

/** Loads a config or, on error, prints one line naming the bad keys and exits 1. */
export function loadOrExit<C>(load: () => C): C {
  try {
    return load();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

const cliSchema = z.object({ ...temporalShape, ...reconcileShape });

/** Configuration of the ops CLI: Temporal connection and reconcile settings. */
export interface CliConfig {
  temporal: TemporalConfig;
  reconcile: ReconcileConfig;
  /** The `event-platform` commands' settings, parsed only when one of them runs (see {@link loadEventPlatformCliConfig}). */
  eventPlatform?: EventPlatformConfigLoader;
}

/** Parses the CLI's configuration; throws {@link ConfigError} naming the bad keys. */
export function loadCliConfig(env: Env = process.env): CliConfig {
  const e = parse(cliSchema, env);
  return { temporal: temporalOf(e), reconcile: reconcileOf(e), eventPlatform: (needs) => loadEventPlatformCliConfig(env, needs) };
}

// --- Event Platform management (ops CLI `event-platform …`) -----------------------------------------------
// Parsed lazily, when such a command runs, so that the other commands need none of these keys.

/** The management API's base URL (https://api.akeneo.com/event-platform/getting-started.html). */
export const DEFAULT_EVENT_PLATFORM_API_URL = 'https://event.prd.sdk.akeneo.cloud/api/v1';
/** Name of the subscriber `event-platform setup` finds or creates. */
export const DEFAULT_EVENT_PLATFORM_SUBSCRIBER_NAME = 'akeneo-sync';

const publicUrl = urlKeeping(webhookUrlProblem);
const required = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema);

const eventPlatformCliShape = {
  EVENT_PLATFORM_API_URL: z.preprocess(blankToUndefined, secureUrl.default(DEFAULT_EVENT_PLATFORM_API_URL)),
  EVENT_PLATFORM_SUBSCRIBER_NAME: z.preprocess(blankToUndefined, nonEmpty.default(DEFAULT_EVENT_PLATFORM_SUBSCRIBER_NAME)),
  EVENT_PLATFORM_TECHNICAL_EMAIL: optional(z.email()),
  PUBLIC_URL: optional(publicUrl),
  AKENEO_EVENT_PLATFORM_SECRET: optional(platformSecret),
  AKENEO_EVENT_PLATFORM_SECRET_SECONDARY: optional(platformSecret),
  AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET: optional(platformSecret),
  AKENEO_BASE_URL: secureUrl,
  AKENEO_CLIENT_ID: nonEmpty,
  AKENEO_CLIENT_SECRET: secret,
  AKENEO_USERNAME: nonEmpty,
  AKENEO_PASSWORD: secret,
};

/** Settings of the `event-platform` commands. */
export interface EventPlatformCliConfig {
  /** Base URL of the management API, without a trailing slash. */
  apiUrl: string;
  subscriberName: string;
  technicalEmail?: string;
  /** The API's public base URL (webhooks under `/akeneo/event-platform`). */
  publicUrl?: string;
  /** The subscription's signing secrets: the same values the API verifies. */
  secrets?: { primary: string; secondary?: string };
  /** Signs the platform's status notifications; enables the notification webhook. */
  notificationSecret?: string;
  /** The PIM connection whose access token authenticates every management call. */
  akeneo: { baseUrl: string; clientId: string; clientSecret: string; username: string; password: string };
}

/** Optional settings a command may require. */
export type EventPlatformNeed = 'technicalEmail' | 'publicUrl' | 'secrets' | 'notificationSecret';
/** {@link EventPlatformCliConfig} with the settings `K` present. */
export type EventPlatformConfigWith<K extends EventPlatformNeed> = EventPlatformCliConfig & Required<Pick<EventPlatformCliConfig, K>>;
/** Parses the `event-platform` settings, requiring `needs` too; throws {@link ConfigError}. */
export type EventPlatformConfigLoader = <K extends EventPlatformNeed = never>(needs?: readonly K[]) => EventPlatformConfigWith<K>;

/** The key behind each optional setting, and its schema when a command requires it. */
const NEEDS: Record<EventPlatformNeed, [keyof typeof eventPlatformCliShape, z.ZodType]> = {
  technicalEmail: ['EVENT_PLATFORM_TECHNICAL_EMAIL', required(z.email())],
  publicUrl: ['PUBLIC_URL', required(publicUrl)],
  secrets: ['AKENEO_EVENT_PLATFORM_SECRET', required(platformSecret)],
  notificationSecret: ['AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET', required(platformSecret)],
};

/**
 * Parses the `event-platform` commands' settings and requires `needs` as well; throws {@link ConfigError} naming
 * every bad or missing key at once (never a value).
 */
export function loadEventPlatformCliConfig<K extends EventPlatformNeed = never>(env: Env = process.env, needs: readonly K[] = []): EventPlatformConfigWith<K> {
  const shape: Record<string, z.ZodType> = { ...eventPlatformCliShape };
  for (const need of needs) shape[NEEDS[need][0]] = NEEDS[need][1];
  const schema = z.object(shape).superRefine((c, ctx) => {
    if (c.AKENEO_EVENT_PLATFORM_SECRET_SECONDARY && !c.AKENEO_EVENT_PLATFORM_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['AKENEO_EVENT_PLATFORM_SECRET'], message: 'required when AKENEO_EVENT_PLATFORM_SECRET_SECONDARY is set' });
    }
    if (c.AKENEO_EVENT_PLATFORM_SECRET && c.AKENEO_EVENT_PLATFORM_SECRET === c.AKENEO_EVENT_PLATFORM_SECRET_SECONDARY) {
      ctx.addIssue({ code: 'custom', path: ['AKENEO_EVENT_PLATFORM_SECRET_SECONDARY'], message: 'must differ from AKENEO_EVENT_PLATFORM_SECRET' });
    }
  });
  // The required variants parse to the same types as the optional ones.
  const e = parse(schema, env) as z.infer<z.ZodObject<typeof eventPlatformCliShape>>;
  const config: EventPlatformCliConfig = {
    apiUrl: e.EVENT_PLATFORM_API_URL,
    subscriberName: e.EVENT_PLATFORM_SUBSCRIBER_NAME,
    ...(e.EVENT_PLATFORM_TECHNICAL_EMAIL && { technicalEmail: e.EVENT_PLATFORM_TECHNICAL_EMAIL }),
    ...(e.PUBLIC_URL && { publicUrl: e.PUBLIC_URL }),
    ...(e.AKENEO_EVENT_PLATFORM_SECRET && {
      secrets: { primary: e.AKENEO_EVENT_PLATFORM_SECRET, ...(e.AKENEO_EVENT_PLATFORM_SECRET_SECONDARY && { secondary: e.AKENEO_EVENT_PLATFORM_SECRET_SECONDARY }) },
    }),
    ...(e.AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET && { notificationSecret: e.AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET }),
    akeneo: akeneoOf(e),
  };
  // Every key in `needs` was checked just above.
  return config as EventPlatformConfigWith<K>;
}
