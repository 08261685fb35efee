/**
 * The Event Platform subscription workflow (`event-platform-subscription-<id>`): wiring only. The API
 * signals it each verified notification (signal-with-start); it keeps the status and its history through
 * the reducer, sets the status metric and logs each change, and on a resume starts the delta reconcile
 * the reducer asks for (`event-platform-resume-<id>-<time>`, abandoned to run on its own). It runs until
 * terminated and continues-as-new before its history grows long.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  metricMeter,
  ParentClosePolicy,
  setHandler,
  startChild,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import {
  SUBSCRIPTION_HEARTBEAT_MS,
  SUBSCRIPTION_MAX_HISTORY_LENGTH,
  subscriptionNotificationSignal,
  subscriptionStatusQuery,
  type SubscriptionWorkflowInput,
} from './event-platform-subscription-definitions';
import { recordSubscriptionStatus } from './event-platform-subscription-metrics';
import {
  applySubscriptionInput,
  initialSubscriptionState,
  SubscriptionHistoryKind,
  SubscriptionStatus,
  viewSubscription,
  type ResumeReconcile,
  type SubscriptionHistoryEntry,
  type SubscriptionInput,
} from './event-platform-subscription-state';
import { RECONCILE_WORKFLOW, type ReconcileInput } from './reconcile-definitions';

/** Starts the resume's reconcile on this (the main) task queue; true when its id was taken already (started before). */
async function startReconcile(r: ResumeReconcile): Promise<boolean> {
  const input: ReconcileInput = { mode: 'delta', since: r.since };
  try {
    await startChild(RECONCILE_WORKFLOW, {
      workflowId: r.workflowId,
      taskQueue: workflowInfo().taskQueue,
      args: [input],
      // The reconcile outlives this run (continue-as-new) and a retried notification must not start a second one.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      staticSummary: `Delta reconcile since ${r.since}: Event Platform subscription resumed at ${r.resumedAt}`,
    });
    return false;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return true;
    throw err;
  }
}

/** Logs one history entry: a stop as a warning, the rest as information. */
function logEntry(subscriptionId: string, e: SubscriptionHistoryEntry): void {
  const meta = { subscriptionId, ...e };
  const stopped = e.kind === SubscriptionHistoryKind.APPLIED && (e.status === SubscriptionStatus.SUSPENDED || e.status === SubscriptionStatus.REVOKED);
  if (stopped) log.warn('Event Platform subscription stopped delivering', meta);
  else log.info(`Event Platform subscription: ${e.kind}`, meta);
}

/** Keeps one Event Platform subscription's status; runs until terminated. */
export async function eventPlatformSubscriptionWorkflow(input: SubscriptionWorkflowInput): Promise<void> {
  let state = input.state ?? initialSubscriptionState(input.subscriptionId);
  const apply = (i: SubscriptionInput): void => {
    state = applySubscriptionInput(state, i, new Date().toISOString());
  };
  setHandler(subscriptionNotificationSignal, (notification) => apply({ kind: 'notification', notification }));
  setHandler(subscriptionStatusQuery, () => viewSubscription(state));

  const maxHistoryLength = input.options?.maxHistoryLength ?? SUBSCRIPTION_MAX_HISTORY_LENGTH;
  const heartbeatMs = input.options?.heartbeatMs ?? SUBSCRIPTION_HEARTBEAT_MS;
  const tooLong = (): boolean => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > maxHistoryLength;
  let logged = state.seq;
  for (;;) {
    recordSubscriptionStatus(metricMeter, state, Date.now());
    await condition(() => state.pendingReconcile !== undefined || state.seq !== logged || tooLong(), heartbeatMs);
    while (state.pendingReconcile) {
      const { workflowId } = state.pendingReconcile;
      const alreadyStarted = await startReconcile(state.pendingReconcile);
      apply({ kind: 'reconcile-started', workflowId, alreadyStarted });
    }
    for (const entry of state.history.filter((e) => e.seq > logged)) logEntry(state.subscriptionId, entry);
    logged = state.seq;
    if (tooLong()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof eventPlatformSubscriptionWorkflow>({ ...input, state });
    }
  }
}
