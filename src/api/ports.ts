/** The API's ports: what the HTTP layer needs from Temporal, as plain interfaces, plus the Koa state. */
import type pino from 'pino';
import type { ApiConfig } from '../config';
import type { BodyBudget } from './body-budget';
import type { SubscriptionNotification } from '../domain/subscription-notification';
import type { EntityEvent, EntityRef, SyncHistory } from '../workflows/definitions';

/** Hands entity events durably to the entity workflows; resolves only once every event is persisted. */
export interface EventIntake {
  /** Throws {@link IntakeUnavailableError} when Temporal cannot take the events in time. */
  submit(events: EntityEvent[], options?: SubmitOptions): Promise<void>;
}

/** How long Temporal may take over one hand-over. */
export interface SubmitOptions {
  /** Milliseconds Temporal gets to answer each event's signal (default: the intake's own). */
  deadlineMs?: number;
}

/** Hands structure events durably to their items' workflows (`structureItemWorkflow`). */
export interface StructureIntake {
  /** Resolves once Temporal has persisted the signal; throws {@link IntakeUnavailableError} when it cannot in time. */
  submit(key: string, options?: SubmitOptions): Promise<void>;
}

/**
 * Admission control of hand-overs to Temporal: counts `events` while `handOver` runs, or refuses at once with
 * {@link IntakeOverloadedError}. Entity and structure events pass the same admissions, so they share one budget.
 */
export interface IntakeAdmission {
  /** Runs `handOver` counted as `events` events in flight; throws {@link IntakeOverloadedError} without running it when refused. */
  admit<T>(events: number, options: SubmitOptions, handOver: () => Promise<T>): Promise<T>;
}

/** Hands a verified Event Platform notification durably to its subscription's workflow. */
export interface NotificationIntake {
  /** Resolves once Temporal has persisted it; throws {@link IntakeUnavailableError} when it cannot in time. */
  submit(notification: SubscriptionNotification): Promise<void>;
}

/** Reads an entity's sync history; `undefined` when no workflow exists for it. */
export interface HistoryReader {
  /** Throws {@link HistoryUnavailableError} when Temporal cannot answer in time. */
  read(ref: EntityRef): Promise<SyncHistory | undefined>;
}

/** Thrown by an {@link EventIntake} when Temporal could not durably take the events (down, slow, refused). */
export class IntakeUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IntakeUnavailableError';
  }
}

/** Thrown by an {@link EventIntake} that refuses more events while too many are in flight (load shedding). */
export class IntakeOverloadedError extends IntakeUnavailableError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IntakeOverloadedError';
  }
}

/** Thrown by a {@link HistoryReader} when Temporal could not answer the query (down, slow, no worker). */
export class HistoryUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HistoryUnavailableError';
  }
}

/** Everything `createApp` needs; injected so tests can pass in-memory fakes. */
export interface ApiDeps {
  config: Pick<ApiConfig, 'eventsApiSecret' | 'eventPlatformSecrets' | 'eventPlatformNotificationSecret' | 'reconcileSafetyMarginMs' | 'eventPlatformMaxEventAgeMs' | 'operatorToken'>;
  intake: EventIntake;
  /** Where Event Platform structure events go; absent: they are answered 200 and ignored. */
  structure?: StructureIntake;
  /** Where Event Platform notifications go (the subscription workflows). */
  notifications: NotificationIntake;
  history: HistoryReader;
  /** Resolves true when Temporal is reachable. */
  readiness: () => Promise<boolean>;
  logger: pino.Logger;
  /** Clock in epoch milliseconds (defaults to `Date.now`). */
  now?: () => number;
  /** The memory budget: most events in flight to Temporal, both routes and late hand-overs together (`API_MAX_EVENTS_IN_FLIGHT`). */
  maxInFlight?: number;
  /** The process's budget of request-body bytes being read at once (default: {@link BodyBudget}'s 128 MiB). */
  bodies?: BodyBudget;
  /** How long each webhook route waits for a hand-over before answering (defaults: legacy 400 ms, Event Platform 4 s; tests lower them). */
  answerDeadlinesMs?: { eventsApi?: number; eventPlatform?: number };
}

/** Per-request Koa state set by the API's middleware. */
export interface ApiState {
  requestId: string;
  /** Child logger carrying the request id. */
  log: pino.Logger;
  /** The raw request bytes, set by the raw-body middleware on webhook routes. */
  rawBody?: Buffer;
}
