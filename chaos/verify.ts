/**
 * What every scenario checks once the chaos is over: a full reconcile runs, then the third party must equal the
 * PIM, and every event the API answered 200 for must be in its entity workflow's history.
 */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { diffWithPim, inSync, type SyncDiff } from '../src/dev/compare';
import { acceptedEventIds } from '../src/sim/event-sender';
import { isIn, runningEntityWorkflows } from '../src/visibility-query';
import { entityEventSignal, syncHistoryQuery, type EntityEvent, type EntityRef, type HistoryKind } from '../src/workflows/definitions';
import { entityWorkflowId } from '../src/workflows/ids';
import { RECONCILE_WORKFLOW, type ReconcileInput, type ReconcileResult } from '../src/workflows/reconcile-definitions';
import type { ChaosStack } from './stack';

/** Polls `probe` every `intervalMs` (default 200 ms) until it returns true or `timeoutMs` passes; resolves with the last answer. */
export async function pollUntil(probe: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Rejects with `what` when `promise` has not settled within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a full reconcile (deletions: `delete`) on the stack's task queue and waits for its counts. */
export async function fullReconcile(client: Client, stack: ChaosStack, timeoutMs = 90_000): Promise<ReconcileResult> {
  // A chaos catalogue has a few dozen entities: a handful of lost removals is more than the mass-delete guard's
  // 5 %. The guard has its own tests; here the reconcile must delete what is really gone.
  const input: ReconcileInput = { mode: 'full', deletePolicy: 'delete', allowMassDelete: true };
  const handle = await client.workflow.start(RECONCILE_WORKFLOW, {
    taskQueue: stack.taskQueue,
    workflowId: `${stack.taskQueue}-reconcile-${Date.now()}`,
    args: [input],
  });
  return within(handle.result() as Promise<ReconcileResult>, timeoutMs, 'full reconcile');
}

/** Number of entities that differ between the third party and the PIM. */
export function divergedCount(diff: SyncDiff): number {
  return diff.missing.length + diff.stale.length + diff.extra.length;
}

/** Every entity the catalog ever logged a change for (removed ones included). */
function touchedEntities(stack: ChaosStack): EntityRef[] {
  const seen = new Map<string, EntityRef>();
  for (const c of stack.catalog.changes()) seen.set(`${c.kind}:${c.id}`, { kind: c.kind, id: c.id });
  return [...seen.values()];
}

/** Event ids in the signals of every run of `workflowId` (following continue-as-new back to the first run). */
export async function signalledEventIds(client: Client, workflowId: string): Promise<string[]> {
  const ids: string[] = [];
  let runId: string | undefined;
  for (let hop = 0; hop < 100; hop++) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    let previous: string | undefined;
    for (const e of history.events ?? []) {
      previous = e.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || previous;
      const signal = e.workflowExecutionSignaledEventAttributes;
      if (signal?.signalName !== entityEventSignal.name) continue;
      for (const p of signal.input?.payloads ?? []) ids.push(defaultPayloadConverter.fromPayload<EntityEvent>(p).eventId);
    }
    if (!previous) break;
    runId = previous;
  }
  return ids;
}

/** How the accepted events were found. */
export interface HistoryCheck {
  accepted: number;
  /** Accepted event ids found in no workflow history: must be empty. */
  lost: string[];
  /** History entries by kind, over every entity (`ignored-duplicate`, `ignored-outdated`, …); a coalesced entry counts its `count`. */
  kinds: Partial<Record<HistoryKind, number>>;
}

/** Checks that every event id the API answered 200 for is in its entity's sync history (or its Temporal history). */
export async function checkAcceptedInHistories(client: Client, stack: ChaosStack): Promise<HistoryCheck> {
  const accepted = acceptedEventIds(stack.sender.records);
  const found = new Set<string>();
  const kinds: Partial<Record<HistoryKind, number>> = {};
  const entities = touchedEntities(stack);
  for (const ref of entities) {
    const handle = client.workflow.getHandle(entityWorkflowId(ref));
    const history = await handle.query(syncHistoryQuery).catch(() => undefined);
    for (const entry of history?.entries ?? []) {
      kinds[entry.kind] = (kinds[entry.kind] ?? 0) + (entry.count ?? 1);
      if (entry.eventId) found.add(entry.eventId);
    }
  }
  if ([...accepted].some((id) => !found.has(id))) {
    // The sync history keeps the last 100 entries: look in the workflows' own event histories too.
    for (const ref of entities) {
      const ids = await signalledEventIds(client, entityWorkflowId(ref)).catch(() => []);
      for (const id of ids) found.add(id);
    }
  }
  return { accepted: accepted.size, lost: [...accepted].filter((id) => !found.has(id)), kinds };
}

/** The figures and problems every scenario reports after its chaos. */
export interface Judgement {
  figures: Record<string, number | string>;
  problems: string[];
}

/** Options of {@link judge}. */
export interface JudgeOptions {
  /** How long the event path (then the reconcile) gets to bring the third party level with the PIM. */
  convergeTimeoutMs?: number;
}

/** Entities named by an event the API did not answer 2xx (refused, timed out) or the sender dropped. */
export function entitiesOfLostEvents(stack: ChaosStack): Set<string> {
  const lost = new Set<string>();
  const add = (eventId: string): void => {
    const e = stack.sender.eventEntities.get(eventId);
    if (e) lost.add(`${e.kind}:${e.id}`);
  };
  for (const r of stack.sender.records) if (r.status < 200 || r.status > 299) r.eventIds.forEach(add);
  for (const d of stack.sender.dropped) add(d.eventId);
  return lost;
}

/** Entity workflows of the stack's task queue still pending or failed, by visibility. */
async function unsettledCount(client: Client, stack: ChaosStack): Promise<number> {
  const query = `${runningEntityWorkflows(stack.taskQueue)} AND ${isIn('SyncStatus', ['pending', 'failed'])}`;
  const { count } = await client.workflowService.countWorkflowExecutions({ namespace: client.options.namespace, query });
  return Number(count);
}

/**
 * Lets the event path finish (the third party level with the PIM where no event was lost, and no entity workflow
 * pending or failed), then runs a full reconcile and counts what it had to repair (`signalled` + `deleted`): 0
 * where every event was answered 200, at most the entities of the lost events otherwise. Then the third party
 * must equal the PIM, and every event answered 200 must be in its entity's history.
 */
export async function judge(client: Client, stack: ChaosStack, options: JudgeOptions = {}): Promise<Judgement> {
  const problems: string[] = [];
  const timeoutMs = options.convergeTimeoutMs ?? 90_000;
  const levelled = () => inSync(diffWithPim(stack.catalog, stack.thirdParty));
  // Where every event was answered 200, the event path alone must converge and the reconcile repair nothing.
  const lostEntities = entitiesOfLostEvents(stack);
  if (lostEntities.size === 0 && !(await pollUntil(levelled, timeoutMs))) {
    const d = diffWithPim(stack.catalog, stack.thirdParty);
    problems.push(`the event path alone did not converge (missing ${d.missing.length}, stale ${d.stale.length}, extra ${d.extra.length})`);
  }
  if (!(await pollUntil(async () => (await unsettledCount(client, stack)) === 0, timeoutMs))) {
    problems.push(`${await unsettledCount(client, stack)} entity workflow(s) still pending or failed before the final reconcile`);
  }
  const reconcile = await fullReconcile(client, stack);
  const repaired = reconcile.counts.signalled + reconcile.counts.deleted;
  const budget = lostEntities.size;
  if (repaired > budget) {
    problems.push(`the final reconcile repaired ${repaired} entities (signalled ${reconcile.counts.signalled}, deleted ${reconcile.counts.deleted}), more than the ${budget} the lost events concerned`);
  }
  await pollUntil(levelled, timeoutMs);
  const diff = diffWithPim(stack.catalog, stack.thirdParty);
  const diverged = divergedCount(diff);
  if (diverged > 0) {
    problems.push(`${diverged} diverged (missing ${diff.missing.length}, stale ${diff.stale.length}, extra ${diff.extra.length})`);
  }
  const history = await checkAcceptedInHistories(client, stack);
  if (history.lost.length > 0) problems.push(`${history.lost.length} accepted event(s) in no history, e.g. ${history.lost.slice(0, 3).join(', ')}`);
  problems.push(...stack.crashed());
  return {
    figures: {
      accepted: history.accepted,
      lost: history.lost.length,
      diverged,
      'repaired by the final reconcile (signalled/deleted)': `${repaired} (${reconcile.counts.signalled}/${reconcile.counts.deleted}) of at most ${budget}`,
      duplicates: history.kinds['ignored-duplicate'] ?? 0,
      outdated: history.kinds['ignored-outdated'] ?? 0,
    },
    problems,
  };
}
