/**
 * The entity's state and its pure reducer. No Temporal imports: every ordering, dedupe, coalescing
 * and history-cap rule is decided here and unit-tested without a server.
 */
import type { EntityEvent, EntityRef, HistoryEntry, HistoryKind, SyncHistory, SyncStatus } from './definitions';

/** Most event ids remembered for exact dedupe (oldest forgotten first). */
export const MAX_SEEN_EVENT_IDS = 1000;
/** Most history entries kept (oldest dropped first). */
export const MAX_HISTORY = 100;

/** What the next sync must do to the third party. */
export type SyncOp = 'upsert' | 'delete';

/** Plain-JSON state of one entity, carried across continue-as-new. */
export interface ProductState {
  ref: EntityRef;
  status: SyncStatus;
  /** Latest event date accepted, ISO-8601 UTC. */
  latestEventDate?: string;
  /** PIM `updated` of the version last written to the third party. */
  lastWrittenVersion?: string;
  /** Recent event ids, oldest first, for exact dedupe. */
  seenEventIds: string[];
  /** The sync wanted next; undefined when the third party is up to date with what we know. */
  desired?: SyncOp;
  /** Ids of accepted events the next sync will cover. */
  pendingEventIds: string[];
  /** The next sync writes even an already-written version (manual resync). */
  force?: boolean;
  /** The sync running now, if any. */
  inFlight?: { op: SyncOp; eventIds: string[]; force?: boolean };
  history: HistoryEntry[];
}

/** How a sync ended, as the workflow reports it back to the reducer. */
export type SyncOutcome =
  | { kind: 'written'; version: string }
  | { kind: 'unchanged'; version: string }
  | { kind: 'deleted'; reason: 'removed' | 'gone-from-pim' };

/** Everything that can change the state. */
export type StateInput =
  | { type: 'received'; event: EntityEvent }
  | { type: 'syncStarted' }
  | { type: 'syncSucceeded'; outcome: SyncOutcome }
  | { type: 'syncFailed'; error: string };

/** A fresh state for an entity nobody has synced yet. */
export function initialState(ref: EntityRef): ProductState {
  return { ref, status: 'pending', seenEventIds: [], pendingEventIds: [], history: [] };
}

const time = (iso: string): number => Date.parse(iso);

function capped<T>(items: T[], max: number): T[] {
  return items.length > max ? items.slice(items.length - max) : items;
}

function withEntry(state: ProductState, entry: HistoryEntry): ProductState {
  return { ...state, history: capped([...state.history, entry], MAX_HISTORY) };
}

function entry(at: string, kind: HistoryKind, e?: EntityEvent, detail?: string): HistoryEntry {
  return { at, kind, ...(e && { eventId: e.eventId, eventDate: e.eventDate }), ...(detail && { detail }) };
}

/** True when `version` is not newer than what the third party already holds. */
export function isAlreadyWritten(state: ProductState, version: string): boolean {
  return state.lastWrittenVersion !== undefined && time(version) <= time(state.lastWrittenVersion);
}

/** True when the running sync may skip writing `version` (unless it was forced). */
export function canSkipWrite(state: ProductState, version: string): boolean {
  return !state.inFlight?.force && isAlreadyWritten(state, version);
}

function receive(state: ProductState, e: EntityEvent, now: string): ProductState {
  if (state.seenEventIds.includes(e.eventId)) {
    return withEntry(state, entry(now, 'ignored-duplicate', e));
  }
  const seen = { ...state, seenEventIds: capped([...state.seenEventIds, e.eventId], MAX_SEEN_EVENT_IDS) };
  // A manual resync (force) is never outdated: it is how an operator unsticks an entity.
  if (!e.force && state.latestEventDate !== undefined && time(e.eventDate) < time(state.latestEventDate)) {
    return withEntry(seen, entry(now, 'ignored-outdated', e, `older than ${state.latestEventDate}`));
  }
  if (e.keep) {
    return withEntry(seen, entry(now, 'missing-in-pim', e, 'gone from the PIM; delete policy is ignore'));
  }
  const idle = state.desired === undefined && state.inFlight === undefined;
  if (!e.force && e.version !== undefined && e.action !== 'removed' && idle && state.status === 'synced' && isAlreadyWritten(state, e.version)) {
    return withEntry(seen, entry(now, 'ignored-unchanged', e, `version ${e.version} already written`));
  }
  const desired: SyncOp = e.action === 'removed' ? 'delete' : 'upsert';
  return withEntry(
    {
      ...seen,
      status: 'pending',
      latestEventDate: state.latestEventDate && time(state.latestEventDate) > time(e.eventDate) ? state.latestEventDate : e.eventDate,
      desired,
      pendingEventIds: capped([...state.pendingEventIds, e.eventId], MAX_SEEN_EVENT_IDS),
      ...((e.force || state.force) && { force: true }),
    },
    entry(now, 'event-accepted', e, `${e.source} ${e.action}`),
  );
}

function succeeded(state: ProductState, outcome: SyncOutcome, now: string): ProductState {
  const covered = state.inFlight?.eventIds ?? [];
  const base = { ...state, inFlight: undefined };
  const last = covered.length ? { eventId: covered[covered.length - 1] } : {};
  const n = `${covered.length} event(s)`;
  switch (outcome.kind) {
    case 'written':
      return withEntry(
        { ...base, status: base.desired ? 'pending' : 'synced', lastWrittenVersion: outcome.version },
        { at: now, kind: 'synced', ...last, detail: `wrote version ${outcome.version} for ${n}` },
      );
    case 'unchanged':
      return withEntry(
        { ...base, status: base.desired ? 'pending' : 'synced' },
        { at: now, kind: 'unchanged', ...last, detail: `version ${outcome.version} already written` },
      );
    case 'deleted':
      return withEntry(
        { ...base, status: base.desired ? 'pending' : 'deleted', lastWrittenVersion: undefined },
        { at: now, kind: 'deleted', ...last, detail: `${outcome.reason} (${n})` },
      );
  }
}

/** The reducer: returns a new state, never mutates its input. `now` is the workflow's ISO time. */
export function reduce(state: ProductState, input: StateInput, now: string): ProductState {
  return dropUndefined(step(state, input, now));
}

/** Keeps the state plain JSON: an absent field is absent, not `undefined`. */
function dropUndefined(state: ProductState): ProductState {
  return Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined)) as unknown as ProductState;
}

function step(state: ProductState, input: StateInput, now: string): ProductState {
  switch (input.type) {
    case 'received':
      return receive(state, input.event, now);
    case 'syncStarted':
      if (state.desired === undefined) return state;
      return {
        ...state,
        desired: undefined,
        force: undefined,
        pendingEventIds: [],
        inFlight: { op: state.desired, eventIds: state.pendingEventIds, ...(state.force && { force: true }) },
      };
    case 'syncSucceeded':
      return succeeded(state, input.outcome, now);
    case 'syncFailed': {
      const covered = state.inFlight?.eventIds ?? [];
      return withEntry(
        { ...state, inFlight: undefined, status: state.desired ? 'pending' : 'failed' },
        { at: now, kind: 'sync-failed', ...(covered.length && { eventId: covered[covered.length - 1] }), detail: input.error },
      );
    }
  }
}

/** The query view of the state. */
export function toSyncHistory(state: ProductState): SyncHistory {
  return {
    ref: state.ref,
    status: state.status,
    ...(state.latestEventDate && { latestEventDate: state.latestEventDate }),
    ...(state.lastWrittenVersion && { lastWrittenVersion: state.lastWrittenVersion }),
    entries: state.history,
  };
}
