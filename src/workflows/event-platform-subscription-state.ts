/**
 * The pure logic of an Event Platform subscription's status: which notifications apply (ordered by their
 * `timestamp`, duplicates and older ones recorded but not applied), when the subscription stopped
 * delivering, and which delta reconcile a resume asks for. No Temporal imports: unit-tested alone.
 */
import { NotificationType, stopsDelivery, type SubscriptionNotification } from '../domain/subscription-notification';
import { resumeReconcileWorkflowId } from './ids';

/** A subscription's status as the notifications tell it; `unknown` until the first one is applied. */
export const SubscriptionStatus = { UNKNOWN: 'unknown', ACTIVE: 'active', SUSPENDED: 'suspended', REVOKED: 'revoked' } as const;
export type SubscriptionStatus = (typeof SubscriptionStatus)[keyof typeof SubscriptionStatus];
/** The statuses a notification puts a subscription in (the `status` label of the metric). */
export type ReportedStatus = Exclude<SubscriptionStatus, 'unknown'>;

/** Kinds of history entries. */
export const SubscriptionHistoryKind = {
  APPLIED: 'applied',
  IGNORED_DUPLICATE: 'ignored-duplicate',
  /** Older than the latest applied notification (they can cross: the API hands them over concurrently). */
  IGNORED_OUTDATED: 'ignored-outdated',
  RECONCILE_STARTED: 'reconcile-started',
  /** Its workflow id was taken already: a run for this resume exists. */
  RECONCILE_ALREADY_STARTED: 'reconcile-already-started',
} as const;
export type SubscriptionHistoryKind = (typeof SubscriptionHistoryKind)[keyof typeof SubscriptionHistoryKind];

/** One line of the subscription's history, oldest first. */
export interface SubscriptionHistoryEntry {
  /** Position in the whole history (entries past the cap are dropped, their numbers are not reused). */
  seq: number;
  /** Workflow time, ISO-8601. */
  at: string;
  kind: SubscriptionHistoryKind;
  type?: NotificationType;
  /** The notification's `timestamp`. */
  timestamp?: string;
  /** Status after this entry. */
  status: SubscriptionStatus;
  reason?: string;
  /** The reconcile a resume asked for, or started. */
  workflowId?: string;
  since?: string;
  detail?: string;
  /** Notifications this entry stands for when more than one: consecutive duplicates share one entry. */
  count?: number;
}

/** The delta reconcile a resume asks for. */
export interface ResumeReconcile {
  workflowId: string;
  /** Entities updated after this are listed: the stop time minus the safety margin. */
  since: string;
  resumedAt: string;
  /** When the subscription stopped delivering; absent when no stop was seen (then a look-back is used). */
  stoppedAt?: string;
  /** Workflow time it was started at. */
  startedAt?: string;
}

/** The subscription as the workflow keeps it (plain JSON: carried across continue-as-new). */
export interface SubscriptionState {
  subscriptionId: string;
  subscriberId?: string;
  destination?: string;
  status: SubscriptionStatus;
  /** The `timestamp` of the first suspension or revocation since the subscription was last active. */
  stoppedAt?: string;
  /** The `reason` of the latest stop. */
  reason?: string;
  /** The `timestamp` of the latest notification applied: older ones are not applied. */
  latestTimestamp?: string;
  /** When it last entered each status (notification timestamps); what the status metric reports. */
  enteredAt: Partial<Record<ReportedStatus, string>>;
  /** A reconcile to start (a resume since the last start widens it). */
  pendingReconcile?: ResumeReconcile;
  /** The latest reconciles started, oldest first. */
  reconciles: ResumeReconcile[];
  history: SubscriptionHistoryEntry[];
  /** Entries ever added. */
  seq: number;
  /** Duplicate notifications ignored, ever (absent in states carried over from before it was counted). */
  duplicatesIgnored?: number;
}

/** What the status query returns. */
export type SubscriptionView = Omit<SubscriptionState, 'seq'>;

/** What the reducer takes: a notification, or the outcome of starting the pending reconcile. */
export type SubscriptionInput =
  | { kind: 'notification'; notification: SubscriptionNotification }
  | { kind: 'reconcile-started'; workflowId: string; alreadyStarted: boolean };

/** History entries kept. */
export const MAX_SUBSCRIPTION_HISTORY = 50;
/** Started reconciles kept. */
export const MAX_RECONCILES_KEPT = 10;
/** A resume without a known stop (its suspension notification was lost) reconciles this far back. */
export const UNKNOWN_STOP_LOOKBACK_MS = 24 * 3_600_000;

/** The state before any notification. */
export function initialSubscriptionState(subscriptionId: string): SubscriptionState {
  return { subscriptionId, status: SubscriptionStatus.UNKNOWN, enteredAt: {}, reconciles: [], history: [], seq: 0 };
}

/** The query's view of `state`. */
export function viewSubscription(state: SubscriptionState): SubscriptionView {
  const { seq: _seq, ...view } = state;
  return view;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Adds a history entry; also drops keys set to `undefined`, so the state is the same before and after a JSON round trip. */
function record(state: SubscriptionState, now: string, entry: Omit<SubscriptionHistoryEntry, 'seq' | 'at' | 'status'>): SubscriptionState {
  const seq = state.seq + 1;
  const line: SubscriptionHistoryEntry = { seq, at: now, status: state.status, ...entry };
  const defined = Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined)) as unknown as SubscriptionState;
  return { ...defined, seq, history: [...state.history, line].slice(-MAX_SUBSCRIPTION_HISTORY) };
}

function stop(state: SubscriptionState, n: SubscriptionNotification, ts: string): SubscriptionState {
  const status = n.type === NotificationType.REVOKED ? SubscriptionStatus.REVOKED : SubscriptionStatus.SUSPENDED;
  return { ...state, status, stoppedAt: state.stoppedAt ?? ts, reason: n.reason, enteredAt: { ...state.enteredAt, [status]: ts } };
}

function resume(state: SubscriptionState, n: SubscriptionNotification, ts: string): SubscriptionState {
  if (state.status === SubscriptionStatus.ACTIVE) return state;
  const { stoppedAt } = state;
  const from = stoppedAt ? Date.parse(stoppedAt) : Date.parse(ts) - UNKNOWN_STOP_LOOKBACK_MS;
  let since = iso(from - n.safetyMarginMs);
  const pending = state.pendingReconcile;
  if (pending && Date.parse(pending.since) < Date.parse(since)) since = pending.since;
  const request: ResumeReconcile = { workflowId: resumeReconcileWorkflowId(state.subscriptionId, ts), since, resumedAt: ts, ...(stoppedAt && { stoppedAt }) };
  return {
    ...state,
    status: SubscriptionStatus.ACTIVE,
    stoppedAt: undefined,
    reason: undefined,
    enteredAt: { ...state.enteredAt, active: ts },
    pendingReconcile: request,
  };
}

function detailOf(before: SubscriptionState, after: SubscriptionState, type: NotificationType): string | undefined {
  if (type !== NotificationType.RESUMED) return undefined;
  if (before.status === SubscriptionStatus.ACTIVE) return 'already active: nothing to reconcile';
  return after.pendingReconcile?.stoppedAt ? undefined : `no stop seen: reconciling ${UNKNOWN_STOP_LOOKBACK_MS / 3_600_000} h back`;
}

/**
 * Counts a duplicate notification. Consecutive duplicates share one history entry (its `count` goes up), so
 * a replay flood cannot push the real entries out of the capped history.
 */
function ignoreDuplicate(state: SubscriptionState, now: string, seen: Pick<SubscriptionHistoryEntry, 'type' | 'timestamp' | 'reason'>): SubscriptionState {
  const counted = { ...state, duplicatesIgnored: (state.duplicatesIgnored ?? 0) + 1 };
  const last = state.history.at(-1);
  if (last?.kind !== SubscriptionHistoryKind.IGNORED_DUPLICATE) return record(counted, now, { kind: SubscriptionHistoryKind.IGNORED_DUPLICATE, ...seen });
  const count = (last.count ?? 1) + 1;
  const merged: SubscriptionHistoryEntry = { seq: last.seq, at: last.at, status: state.status, kind: last.kind, ...seen, count, detail: `${count} duplicates in a row, the last at ${now}` };
  return { ...counted, history: [...state.history.slice(0, -1), merged] };
}

function onNotification(state: SubscriptionState, n: SubscriptionNotification, now: string): SubscriptionState {
  const timestamp = iso(Date.parse(n.timestamp));
  const seen = { type: n.type, timestamp, ...(n.reason && { reason: n.reason }) };
  if (state.history.some((e) => e.type === n.type && e.timestamp === timestamp)) return ignoreDuplicate(state, now, seen);
  if (state.latestTimestamp && Date.parse(timestamp) < Date.parse(state.latestTimestamp)) {
    return record(state, now, { kind: SubscriptionHistoryKind.IGNORED_OUTDATED, ...seen, detail: `older than ${state.latestTimestamp}` });
  }
  const base: SubscriptionState = {
    ...state,
    latestTimestamp: timestamp,
    subscriberId: n.subscriberId ?? state.subscriberId,
    destination: n.destination ?? state.destination,
  };
  const next = stopsDelivery(n.type) ? stop(base, n, timestamp) : resume(base, n, timestamp);
  const asked = next.pendingReconcile !== state.pendingReconcile ? next.pendingReconcile : undefined;
  const detail = detailOf(state, next, n.type);
  return record(next, now, {
    kind: SubscriptionHistoryKind.APPLIED,
    ...seen,
    ...(asked && { workflowId: asked.workflowId, since: asked.since }),
    ...(detail && { detail }),
  });
}

function onReconcileStarted(state: SubscriptionState, workflowId: string, alreadyStarted: boolean, now: string): SubscriptionState {
  const started = state.pendingReconcile;
  if (started?.workflowId !== workflowId) return state;
  const reconciles = [...state.reconciles, { ...started, startedAt: now }].slice(-MAX_RECONCILES_KEPT);
  const kind = alreadyStarted ? SubscriptionHistoryKind.RECONCILE_ALREADY_STARTED : SubscriptionHistoryKind.RECONCILE_STARTED;
  return record({ ...state, pendingReconcile: undefined, reconciles }, now, { kind, workflowId, since: started.since });
}

/** Applies one input at workflow time `now` (ISO-8601); returns a new state. */
export function applySubscriptionInput(state: SubscriptionState, input: SubscriptionInput, now: string): SubscriptionState {
  return input.kind === 'notification'
    ? onNotification(state, input.notification, now)
    : onReconcileStarted(state, input.workflowId, input.alreadyStarted, now);
}
