/**
 * The per-entity workflow (`product-<uuid>` / `product-model-<code>`): wiring only. It applies each
 * signal through the reducer, runs one sync loop (read from the PIM and write to the third party, in one
 * activity on the PIM task queue: see ./entity-sync.ts), and continues-as-new before its history grows large.
 */
import {
  type ActivityOptions,
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  isCancellation,
  metricMeter,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { DestinationActivities, PimActivities } from '../activities';
import type { ReconcilePimActivities } from '../activities/reconcile-pim';
import type { ReconcileSignalActivities } from '../activities/reconcile-signals';
import type { SyncActivities } from '../activities/sync-entity';
import { entityCodeProblem } from '../domain/entity-code';
import { MetricName, SyncMetricOutcome } from '../metrics/names';
import {
  DESTINATION_ACTIVITY_OPTIONS,
  PIM_ACTIVITY_OPTIONS,
  PIM_BATCH_ACTIVITY_OPTIONS,
  SIGNAL_ACTIVITY_OPTIONS,
  SYNC_ACTIVITY_OPTIONS,
} from './activity-options';
import { cascadeToDescendants } from './cascade';
import { entityEventSignal, syncHistoryQuery, type EntityRef, type SyncMemo } from './definitions';
import { upsertEntity, type UpsertDeps } from './entity-sync';
import { pimTaskQueue } from './ids';
import { initialState, reduce, toSyncHistory, type ProductState, type StateInput, type SyncOutcome } from './product-state';
import { SearchAttr, searchAttributeChanges } from './search-attributes';

/** Tunables, mainly for tests. */
export interface ProductSyncOptions {
  /**
   * Syncs of one entity start at least this far apart: the first event after a quiet period syncs at
   * once, and the events that arrive meanwhile coalesce into the next sync.
   */
  coalesceMs?: number;
  /** Continue-as-new once history has this many events (the server's suggestion applies too). */
  maxHistoryLength?: number;
  /** First wait before a failed sync is retried (doubling up to four hours; default one minute). */
  firstRetryDelayMs?: number;
  /** Timeouts of each `syncEntity` attempt, in milliseconds (default: {@link SYNC_ACTIVITY_OPTIONS}'s). */
  syncTimeouts?: { startToCloseMs?: number; heartbeatMs?: number };
}

/** Input of {@link productSyncWorkflow}; `state` is set when continuing as new. */
export interface ProductSyncInput {
  ref: EntityRef;
  state?: ProductState;
  options?: ProductSyncOptions;
}

const DEFAULTS: Required<Omit<ProductSyncOptions, 'firstRetryDelayMs' | 'syncTimeouts'>> = { coalesceMs: 1000, maxHistoryLength: 2000 };

/**
 * Histories recorded before this patch waited 200 ms (or `coalesceMs`) before every sync; later ones
 * sync at once after a quiet period. Deprecate once no workflow started before it is left open.
 */
export const SYNC_AT_ONCE_PATCH = 'sync-at-once';
/** What unpatched histories waited before every sync when no `coalesceMs` was given. */
const LEGACY_COALESCE_MS = 200;
/** Since this patch a failed sync is retried by the workflow on a durable back-off (a timer). */
export const RETRY_FAILED_PATCH = 'retry-failed-syncs';
/** Since this patch an identifier Akeneo could not hold (see `entityCodeProblem`) never becomes a search attribute. */
export const CHECKED_IDENTIFIER_PATCH = 'checked-identifier';
export { CASCADE_PATCH, SYNC_ENTITY_PATCH } from './entity-sync';

/** Keeps one product (or product model) in sync; runs until terminated. */
export async function productSyncWorkflow(input: ProductSyncInput): Promise<void> {
  const syncAtOnce = patched(SYNC_AT_ONCE_PATCH);
  const options = { ...DEFAULTS, ...(!syncAtOnce && { coalesceMs: LEGACY_COALESCE_MS }), ...input.options };
  let state = input.state ?? initialState(input.ref);
  const apply = (i: StateInput): void => {
    state = reduce(state, i, new Date().toISOString());
  };
  const syncs = metricMeter.createCounter(MetricName.SYNCS, undefined, 'Entity syncs finished, by outcome');
  const carried = workflowInfo().typedSearchAttributes;
  // The identifier may change in the PIM: the newest event's wins (kept across continue-as-new by the attribute).
  // Asked only of an identifier that fails the check: a valid one adds no patch marker to the history.
  const usable = (id: string | undefined): id is string => !!id && (entityCodeProblem(id) === undefined || !patched(CHECKED_IDENTIFIER_PATCH));
  let identifier = carried.get(SearchAttr.PRODUCT_IDENTIFIER) ?? (usable(state.ref.identifier) ? state.ref.identifier : undefined);
  let lastSyncedAt = carried.get(SearchAttr.LAST_SYNCED_AT);
  // Upserts only what changed, so a sync adds at most two history events (pending, then its result).
  const publish = (): void => {
    const changes = searchAttributeChanges(workflowInfo().typedSearchAttributes, { ref: state.ref, identifier, status: state.status, lastSyncedAt });
    if (changes.length > 0) upsertSearchAttributes(changes);
  };
  setHandler(entityEventSignal, (event) => {
    apply({ type: 'received', event });
    // Only an event applied as the newest may change the identifier (not a duplicate or an outdated one).
    if (state.latestEventDate === event.eventDate && usable(event.ref.identifier)) identifier = event.ref.identifier;
  });
  setHandler(syncHistoryQuery, () => toSyncHistory(state));

  const pimQueue = pimTaskQueue(workflowInfo().taskQueue);
  const destination = proxyActivities<DestinationActivities>(DESTINATION_ACTIVITY_OPTIONS);
  const pimBatch = proxyActivities<ReconcilePimActivities>({ ...PIM_BATCH_ACTIVITY_OPTIONS, taskQueue: pimQueue });
  const signals = proxyActivities<ReconcileSignalActivities>(SIGNAL_ACTIVITY_OPTIONS);
  const upsertDeps: UpsertDeps = {
    state: () => state,
    pim: proxyActivities<PimActivities>({ ...PIM_ACTIVITY_OPTIONS, taskQueue: pimQueue }),
    sync: proxyActivities<SyncActivities>({ ...SYNC_ACTIVITY_OPTIONS, ...syncTimeoutsOf(input.options), taskQueue: pimQueue }),
    destination,
    // Variants inherit the model's values, but their `updated` does not move: re-check each of them.
    cascade: (code) => cascadeToDescendants(code, `cascade-${code}@${new Date().toISOString()}`, { pim: pimBatch, signals }),
  };
  const shouldContinueAsNew = (): boolean =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > options.maxHistoryLength;

  async function sync(): Promise<SyncOutcome> {
    const ref = state.ref;
    if (state.inFlight?.op === 'delete') {
      await destination.deleteEntity(ref, state.latestEventDate);
      return { kind: 'deleted', reason: 'removed' };
    }
    // A retry or a forced sync of a model passes it on even when its own content is already written: the
    // cascade of the sync that failed may not have reached every descendant.
    const recheck = state.retry !== undefined || state.inFlight?.force === true;
    return upsertEntity(ref, recheck, upsertDeps);
  }

  // Workflow time the last sync started (not carried over continue-as-new: at most one early sync then).
  let lastSyncStart: number | undefined;
  const coalesce = async (): Promise<void> => {
    if (!syncAtOnce) {
      if (options.coalesceMs > 0) await sleep(options.coalesceMs);
      return;
    }
    const wait = lastSyncStart === undefined ? 0 : lastSyncStart + options.coalesceMs - Date.now();
    if (wait > 0) await sleep(wait);
    lastSyncStart = Date.now();
  };

  const wanted = (): boolean => state.desired !== undefined || shouldContinueAsNew();
  /** Waits for an event or continue-as-new; a failed sync also waits for its retry time, on a durable timer. */
  async function waitForWork(): Promise<void> {
    if (!state.retry || state.desired !== undefined || !patched(RETRY_FAILED_PATCH)) {
      await condition(wanted);
      return;
    }
    const retryIn = Date.parse(state.retry.at) - Date.now();
    if (retryIn <= 0 || !(await condition(wanted, retryIn))) apply({ type: 'retryDue' });
  }

  publish();
  for (;;) {
    await waitForWork();
    if (state.desired === undefined) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof productSyncWorkflow>({ ref: state.ref, state, options: input.options });
    }
    await coalesce();
    apply({ type: 'syncStarted' });
    publish();
    try {
      const outcome = await sync();
      apply({ type: 'syncSucceeded', outcome });
      lastSyncedAt = new Date();
      syncs.add(1, { outcome: outcome.kind });
    } catch (err) {
      if (isCancellation(err)) throw err;
      apply({ type: 'syncFailed', error: describeFailure(err), firstRetryDelayMs: input.options?.firstRetryDelayMs });
      syncs.add(1, { outcome: SyncMetricOutcome.FAILED });
    }
    // Read by reconciliation to skip unchanged entities without a signal; visible in the Web UI.
    upsertMemo(syncMemo(state));
    publish();
  }
}

function syncMemo(state: ProductState): Record<string, unknown> {
  const memo: SyncMemo = { status: state.status, lastWrittenVersion: state.lastWrittenVersion ?? null, lastWrittenDigest: state.lastWrittenDigest ?? null };
  return { ...memo };
}

function describeFailure(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return `${cause.type ?? 'Error'}: ${cause.message}`;
  return cause instanceof Error ? cause.message : String(cause);
}

/** The `syncEntity` timeouts `options` override (replay compares no activity timeout: no patch needed). */
function syncTimeoutsOf(options: ProductSyncOptions | undefined): Partial<ActivityOptions> {
  const t = options?.syncTimeouts;
  return { ...(t?.startToCloseMs && { startToCloseTimeout: t.startToCloseMs }), ...(t?.heartbeatMs && { heartbeatTimeout: t.heartbeatMs }) };
}
