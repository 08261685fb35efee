/**
 * The entity's state and its pure reducer. No Temporal imports: every ordering, dedupe, coalescing
 * and history-cap rule is decided here and unit-tested without a server.
 */
import type { EntityEvent, EntityRef, HistoryEntry, HistoryKind, SyncHistory, SyncStatus } from './definitions';
import { retryDelayMs } from './sync-retry';

export { retryDelayMs } from './sync-retry';

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
  /** Content digest of what was last written (absent for states written before digests existed). */
  lastWrittenDigest?: string;
  /** The last sync failed: retried at `at` (workflow time, ISO-8601), `attempt` failures in a row so far. */
  retry?: { op: SyncOp; attempt: number; at: string };
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
  /** Deliveries of an event id seen before, ever (absent in states carried over from before it was counted). */
  duplicatesIgnored?: number;
}

/** How a sync ended, as the workflow reports it back to the reducer. */
export type SyncOutcome =
  /** `mediaSkipped`: media files the entity uses that were not transferred. */
  | { kind: 'written'; version: string; digest?: string; mediaSkipped?: string[] }
  | { kind: 'unchanged'; version: string; digest?: string }
  /** The third party answered that a newer version is already there (409/412): done, nothing to write. */
  | { kind: 'superseded'; version: string; digest?: string; mediaSkipped?: string[] }
  | { kind: 'deleted'; reason: 'removed' | 'gone-from-pim' };

/** Everything that can change the state. */
export type StateInput =
  | { type: 'received'; event: EntityEvent }
  | { type: 'syncStarted' }
  | { type: 'syncSucceeded'; outcome: SyncOutcome }
  | { type: 'syncFailed'; error: string; firstRetryDelayMs?: number }
  /** The back-off of a failed sync ran out: try it again. */
  | { type: 'retryDue' };

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

/** What a sync needs to tell by itself whether content is already written (see {@link isWritten}). */
export interface WriteCheck {
  /** Content digest of what was last written. */
  lastWrittenDigest?: string;
  /** The sync writes even content already written (a manual resync). */
  force?: boolean;
}

/** The {@link WriteCheck} of the sync running now, for the activity that reads and writes in one go. */
export function writeCheckOf(state: ProductState): WriteCheck {
  return {
    ...(state.lastWrittenDigest !== undefined && { lastWrittenDigest: state.lastWrittenDigest }),
    ...(state.inFlight?.force && { force: true }),
  };
}

/** True when content of `digest` is already written and the sync is not forced: its write may be skipped. */
export function isWritten(check: WriteCheck, digest: string): boolean {
  return !check.force && check.lastWrittenDigest === digest;
}

/**
 * True when the running sync may skip writing what it fetched (unless it was forced). Content decides: two
 * saves within one second share `updated`. A fetch without a digest (histories recorded before digests)
 * falls back to comparing `updated`.
 */
export function canSkipWrite(state: ProductState, fetched: { version: string; digest?: string } | string): boolean {
  const { version, digest } = typeof fetched === 'string' ? { version: fetched, digest: undefined } : fetched;
  if (digest !== undefined) return isWritten(writeCheckOf(state), digest);
  return !state.inFlight?.force && isAlreadyWritten(state, version);
}

/** True when an observation of the PIM (`digest`) shows what the third party already holds. */
function isObservedWritten(state: ProductState, e: EntityEvent): boolean {
  if (e.digest !== undefined && state.lastWrittenDigest !== undefined) return e.digest === state.lastWrittenDigest;
  return e.version !== undefined && isAlreadyWritten(state, e.version);
}

/**
 * Counts a delivery of a known event id. Consecutive duplicates share one history entry (its `count` goes up),
 * so a replay flood cannot push the real entries out of the capped history.
 */
function ignoreDuplicate(state: ProductState, e: EntityEvent, now: string): ProductState {
  const counted = { ...state, duplicatesIgnored: (state.duplicatesIgnored ?? 0) + 1 };
  const last = state.history.at(-1);
  if (last?.kind !== 'ignored-duplicate') return withEntry(counted, entry(now, 'ignored-duplicate', e));
  const count = (last.count ?? 1) + 1;
  const merged: HistoryEntry = { ...entry(last.at, 'ignored-duplicate', e, `${count} duplicate deliveries in a row, the last at ${now}`), count };
  return { ...counted, history: [...state.history.slice(0, -1), merged] };
}

function receive(state: ProductState, e: EntityEvent, now: string): ProductState {
  if (state.seenEventIds.includes(e.eventId)) return ignoreDuplicate(state, e, now);
  const seen = { ...state, seenEventIds: capped([...state.seenEventIds, e.eventId], MAX_SEEN_EVENT_IDS) };
  // A manual resync (force) is never outdated: it is how an operator unsticks an entity. Neither is an
  // observation of the PIM's current content (digest): the sync fetches what the PIM holds now anyway.
  const observation = e.digest !== undefined && e.action !== 'removed';
  if (!e.force && !observation && state.latestEventDate !== undefined && time(e.eventDate) < time(state.latestEventDate)) {
    return withEntry(seen, entry(now, 'ignored-outdated', e, `older than ${state.latestEventDate}`));
  }
  if (e.keep) {
    return withEntry(seen, entry(now, 'missing-in-pim', e, 'gone from the PIM; delete policy is ignore'));
  }
  const idle = state.desired === undefined && state.inFlight === undefined;
  if (!e.force && e.action !== 'removed' && idle && state.status === 'synced' && isObservedWritten(state, e)) {
    return withEntry(seen, entry(now, 'ignored-unchanged', e, e.digest ? 'content already written' : `version ${e.version} already written`));
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

/** Most media codes named in one `media-skipped` entry. */
const MEDIA_CODES_SHOWN = 10;

function succeeded(state: ProductState, outcome: SyncOutcome, now: string): ProductState {
  const skipped = outcome.kind === 'written' || outcome.kind === 'superseded' ? (outcome.mediaSkipped ?? []) : [];
  if (skipped.length === 0) return recordSuccess(state, outcome, now);
  const shown = skipped.slice(0, MEDIA_CODES_SHOWN).join(', ') + (skipped.length > MEDIA_CODES_SHOWN ? ` and ${skipped.length - MEDIA_CODES_SHOWN} more` : '');
  const detail = `${skipped.length} media file(s) not transferred (over MEDIA_MAX_BYTES or gone from the PIM): ${shown}`;
  return recordSuccess(withEntry(state, { at: now, kind: 'media-skipped', detail }), outcome, now);
}

function recordSuccess(state: ProductState, outcome: SyncOutcome, now: string): ProductState {
  const covered = state.inFlight?.eventIds ?? [];
  const base = { ...state, inFlight: undefined, retry: undefined };
  const digest = outcome.kind !== 'deleted' && outcome.digest ? { lastWrittenDigest: outcome.digest } : {};
  const last = covered.length ? { eventId: covered[covered.length - 1] } : {};
  const n = `${covered.length} event(s)`;
  switch (outcome.kind) {
    case 'written':
      return withEntry(
        { ...base, status: base.desired ? 'pending' : 'synced', lastWrittenVersion: outcome.version, ...digest },
        { at: now, kind: 'synced', ...last, detail: `wrote version ${outcome.version} for ${n}` },
      );
    case 'unchanged':
      return withEntry(
        { ...base, status: base.desired ? 'pending' : 'synced', ...digest },
        { at: now, kind: 'unchanged', ...last, detail: `version ${outcome.version} already written` },
      );
    case 'superseded':
      // "Counts as done": remember it as written, so the same content is not offered again.
      return withEntry(
        { ...base, status: base.desired ? 'pending' : 'synced', lastWrittenVersion: outcome.version, ...digest },
        { at: now, kind: 'superseded', ...last, detail: `the third party already holds a newer version than ${outcome.version}` },
      );
    case 'deleted':
      return withEntry(
        { ...base, status: base.desired ? 'pending' : 'deleted', lastWrittenVersion: undefined, lastWrittenDigest: undefined },
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
      const attempt = (state.retry?.attempt ?? 0) + 1;
      const op = state.inFlight?.op ?? 'upsert';
      const at = new Date(Date.parse(now) + retryDelayMs(attempt, input.firstRetryDelayMs)).toISOString();
      return withEntry(
        { ...state, inFlight: undefined, status: state.desired ? 'pending' : 'failed', retry: { op, attempt, at } },
        { at: now, kind: 'sync-failed', ...(covered.length && { eventId: covered[covered.length - 1] }), detail: `${input.error} (retry ${attempt} at ${at})` },
      );
    }
    case 'retryDue':
      if (!state.retry || state.desired !== undefined || state.inFlight) return state;
      return withEntry(
        { ...state, status: 'pending', desired: state.retry.op },
        { at: now, kind: 'retry', detail: `retry ${state.retry.attempt} of a failed ${state.retry.op}` },
      );
  }
}

/** The query view of the state. */
export function toSyncHistory(state: ProductState): SyncHistory {
  return {
    ref: state.ref,
    status: state.status,
    ...(state.latestEventDate && { latestEventDate: state.latestEventDate }),
    ...(state.lastWrittenVersion && { lastWrittenVersion: state.lastWrittenVersion }),
    ...(state.lastWrittenDigest && { lastWrittenDigest: state.lastWrittenDigest }),
    ...(state.retry && { retryAt: state.retry.at }),
    duplicatesIgnored: state.duplicatesIgnored ?? 0,
    entries: state.history,
  };
}
