/**
 * The two reconcile schedules and the structure one: created or updated at worker start-up (keeping what operators set in the
 * Web UI, such as a pause), and summarised for the ops CLI.
 */
import {
  type Client,
  ScheduleAlreadyRunning,
  type ScheduleDescription,
  ScheduleNotFoundError,
  type ScheduleOptions,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import type { ReconcileConfig } from './config';
import {
  RECONCILE_FULL_SCHEDULE_ID,
  RECONCILE_SCHEDULE_ID,
  RECONCILE_WORKFLOW,
  type ReconcileInput,
} from './workflows/reconcile-definitions';
import { STRUCTURE_SCHEDULE_ID, STRUCTURE_SYNC_WORKFLOW, type StructureSyncInput } from './workflows/structure-sync-definitions';

/** The schedule ids: the delta reconcile first, then the full one and the structure sync. */
export const RECONCILE_SCHEDULE_IDS = [RECONCILE_SCHEDULE_ID, RECONCILE_FULL_SCHEDULE_ID, STRUCTURE_SCHEDULE_ID] as const;

/** How late a missed run may still start after an outage: one catch-up run, not a burst of them. */
export const RECONCILE_CATCHUP_WINDOW = '1h';

/** Options of {@link ensureReconcileSchedules}. */
export interface ReconcileScheduleOptions {
  taskQueue: string;
  reconcile: ReconcileConfig;
  /** Leave the two reconcile schedules out (RECONCILE_ENABLED=false with the structure schedule on). */
  skipReconcile?: boolean;
}

/** What a schedule should be; its `state` (paused, note) belongs to operators and is left out. */
export type ReconcileScheduleDefinition = Omit<ScheduleOptions, 'state'> & Required<Pick<ScheduleOptions, 'policies'>>;

/** What {@link describeSchedules} reports about one schedule. */
export interface ScheduleStatus {
  id: string;
  exists: boolean;
  paused: boolean;
  /** The note of the last pause or unpause, when there is one. */
  note?: string;
  /** The first interval of the spec, in ms. */
  intervalMs?: number;
  /** How many recent runs the server lists in the schedule's info. */
  recentActions: number;
  /** The next start times, ISO-8601. */
  nextActionTimes: string[];
}

function definition(
  scheduleId: string,
  everyMs: number,
  input: ReconcileInput | StructureSyncInput,
  taskQueue: string,
  summary: string,
  workflowType = RECONCILE_WORKFLOW,
): ReconcileScheduleDefinition {
  return {
    scheduleId,
    spec: { intervals: [{ every: everyMs }] },
    action: {
      type: 'startWorkflow',
      workflowType,
      taskQueue,
      // The server appends `-<nominal time>`, so each run has its own id.
      workflowId: scheduleId,
      args: [input],
      staticSummary: summary,
    },
    // SKIP, not ALLOW_ALL: with ALLOW_ALL the server does not hand the last result (the watermark) to the next run.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: RECONCILE_CATCHUP_WINDOW, pauseOnFailure: false },
    memo: { managedBy: 'akeneo-sync worker', description: summary },
  };
}

/** The desired definitions of the delta and the full reconcile schedules, and of the structure schedule when enabled. */
export function reconcileScheduleDefinitions(o: ReconcileScheduleOptions): ReconcileScheduleDefinition[] {
  const { intervalMs, fullIntervalMs, safetyMarginMs, deletePolicy, deleteMaxFraction } = o.reconcile;
  const reconcile = [
    definition(
      RECONCILE_SCHEDULE_ID,
      intervalMs,
      { mode: 'delta', safetyMarginMs, deletePolicy },
      o.taskQueue,
      'Delta reconcile: re-signals the entities the PIM changed since the last run',
    ),
    definition(
      RECONCILE_FULL_SCHEDULE_ID,
      fullIntervalMs,
      { mode: 'full', deletePolicy, deleteMaxFraction },
      o.taskQueue,
      `Full reconcile: checks every entity and handles deletions (policy: ${deletePolicy})`,
    ),
  ];
  return [
    ...(o.skipReconcile ? [] : reconcile),
    ...(o.reconcile.structure?.enabled
      ? [
          definition(
            STRUCTURE_SCHEDULE_ID,
            o.reconcile.structure.intervalMs,
            { deletePolicy, deleteMaxFraction },
            o.taskQueue,
            `Structure sync: writes the catalogue structure that changed and handles deletions (policy: ${deletePolicy})`,
            STRUCTURE_SYNC_WORKFLOW,
          ),
        ]
      : []),
  ];
}

/**
 * Creates both reconcile schedules, or updates the spec, action and policies of those that exist while
 * keeping their state, so a pause made in the Web UI survives worker restarts. Safe to call concurrently.
 */
export async function ensureReconcileSchedules(
  client: Client,
  o: ReconcileScheduleOptions,
): Promise<{ created: string[]; updated: string[] }> {
  const created: string[] = [];
  const updated: string[] = [];
  for (const d of reconcileScheduleDefinitions(o)) {
    try {
      await client.schedule.create(d);
      created.push(d.scheduleId);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(d.scheduleId).update((prev) => ({
        spec: d.spec,
        action: d.action,
        policies: d.policies,
        state: prev.state,
      }));
      updated.push(d.scheduleId);
    }
  }
  return { created, updated };
}

function statusOf(id: string, d: ScheduleDescription): ScheduleStatus {
  return {
    id,
    exists: true,
    paused: d.state.paused,
    ...(d.state.note ? { note: d.state.note } : {}),
    ...(d.spec.intervals?.[0] ? { intervalMs: d.spec.intervals[0].every } : {}),
    recentActions: d.info.recentActions.length,
    nextActionTimes: d.info.nextActionTimes.map((t) => t.toISOString()),
  };
}

/** Describes the reconcile and structure schedules; one that does not exist is reported with `exists: false`. */
export async function describeSchedules(client: Client): Promise<ScheduleStatus[]> {
  return Promise.all(
    RECONCILE_SCHEDULE_IDS.map(async (id): Promise<ScheduleStatus> => {
      try {
        return statusOf(id, await client.schedule.getHandle(id).describe());
      } catch (err) {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
        return { id, exists: false, paused: false, recentActions: 0, nextActionTimes: [] };
      }
    }),
  );
}
