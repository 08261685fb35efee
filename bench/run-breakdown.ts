/** Where a reconcile run spends its time, read from its event history: activities and workflow tasks. */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { round } from './util';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Mean times of one activity type (or of workflow tasks), in milliseconds. */
export interface StepTiming {
  count: number;
  /** Scheduled → started: waiting in the task queue (and for the PIM queue's rate limit). */
  queueMs: number;
  /** Started → completed. */
  runMs: number;
}

/** Time split of one run (its last run, when it continued as new). */
export interface RunBreakdown {
  activities: Record<string, StepTiming>;
  workflowTasks: StepTiming;
}

function ms(e: HistoryEvent | undefined): number {
  const t = e?.eventTime;
  return t ? Number(t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6 : NaN;
}

/** Event ids are Longs (or numbers): compare them as numbers. */
function id(value: unknown): number {
  return Number(value ?? NaN);
}

function mean(values: number[]): number {
  return values.length ? round(values.reduce((a, b) => a + b, 0) / values.length) : NaN;
}

/** Reads the history of workflow `workflowId` and averages its activities and workflow tasks. */
export async function runBreakdown(client: Client, workflowId: string): Promise<RunBreakdown> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const byId = new Map(events.map((e) => [id(e.eventId), e]));
  const steps = new Map<string, { queue: number[]; run: number[] }>();
  const add = (name: string, scheduled: HistoryEvent | undefined, started: HistoryEvent | undefined, done: HistoryEvent) => {
    const step = steps.get(name) ?? { queue: [], run: [] };
    step.queue.push(ms(started) - ms(scheduled));
    step.run.push(ms(done) - ms(started));
    steps.set(name, step);
  };
  for (const e of events) {
    const activity = e.activityTaskCompletedEventAttributes;
    if (activity) {
      const scheduled = byId.get(id(activity.scheduledEventId));
      add(scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? '?', scheduled, byId.get(id(activity.startedEventId)), e);
    }
    const task = e.workflowTaskCompletedEventAttributes;
    if (task) add('(workflow task)', byId.get(id(task.scheduledEventId)), byId.get(id(task.startedEventId)), e);
  }
  const timing = (name: string): StepTiming => {
    const s = steps.get(name) ?? { queue: [], run: [] };
    return { count: s.run.length, queueMs: mean(s.queue), runMs: mean(s.run) };
  };
  const activities = Object.fromEntries([...steps.keys()].filter((k) => k !== '(workflow task)').map((k) => [k, timing(k)]));
  return { activities, workflowTasks: timing('(workflow task)') };
}
