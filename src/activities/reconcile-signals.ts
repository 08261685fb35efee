/**
 * Reconciliation activities that talk to Temporal: signal entity workflows (bounded fan-out, heartbeating
 * progress) and list the entities the sync state knows. Unchanged entities are skipped without a signal.
 */
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { PRODUCT_SYNC_WORKFLOW, signalEntity } from '../signal-entity';
import { type EntityEvent, type EntityKind, type EntityRef, type SyncMemo } from '../workflows/definitions';
import { entityWorkflowId } from '../workflows/ids';
import type { DeletePolicy } from '../workflows/reconcile-definitions';
import { mapBounded } from './bounded';

/** Signals in flight at once per activity. */
export const SIGNAL_CONCURRENCY = 16;
/** Visibility page size when listing the sync state. */
const LIST_PAGE_SIZE = 1000;

/** What one `signalEntities` call did. */
export interface SignalCounts {
  signalled: number;
  new: number;
  changed: number;
  unchanged: number;
  failed: number;
}

/** Dependencies: a Temporal client and the task queue entity workflows run on. */
export interface ReconcileSignalDeps {
  client: Client;
  taskQueue: string;
}

type Outcome = 'new' | 'changed' | 'pending' | 'unchanged' | 'failed';

/** Creates the Temporal-facing reconcile activities. */
export function createReconcileSignalActivities(deps: ReconcileSignalDeps) {
  const { client, taskQueue } = deps;

  const running = `WorkflowType = '${PRODUCT_SYNC_WORKFLOW}' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`;

  /** Memos of the running entity workflows among `refs`, in one visibility query (≤ 100 ids). */
  async function memosOf(refs: EntityRef[]): Promise<Map<string, SyncMemo>> {
    const ids = refs.map((r) => `'${entityWorkflowId(r).replace(/'/g, "\\'")}'`).join(', ');
    const res = await client.workflowService.listWorkflowExecutions({
      namespace: client.options.namespace,
      query: `${running} AND WorkflowId IN (${ids})`,
      pageSize: refs.length,
    });
    const memos = new Map<string, SyncMemo>();
    for (const e of res.executions) {
      const fields = e.memo?.fields ?? {};
      const read = (k: string): unknown => (fields[k] ? defaultPayloadConverter.fromPayload(fields[k]) : undefined);
      memos.set(e.execution?.workflowId ?? '', { status: read('status') as SyncMemo['status'], lastWrittenVersion: (read('lastWrittenVersion') as string | null) ?? null });
    }
    return memos;
  }

  const signal = (event: EntityEvent): Promise<void> => signalEntity(client, taskQueue, event);

  async function reconcileOne(kind: EntityKind, item: { id: string; updated: string }, memo: SyncMemo | undefined): Promise<Outcome> {
    const ref: EntityRef = { kind, id: item.id };
    const written = memo?.lastWrittenVersion;
    if (memo?.status === 'synced' && written && Date.parse(written) >= Date.parse(item.updated)) return 'unchanged';
    const eventDate = new Date(item.updated).toISOString();
    try {
      // Deterministic id: the same version seen by two runs is applied once.
      await signal({ ref, eventId: `reconcile-${item.id}-${eventDate}`, action: 'updated', eventDate, source: 'reconcile', version: item.updated });
      return memo === undefined ? 'new' : written ? 'changed' : 'pending';
    } catch {
      return 'failed';
    }
  }

  return {
    /** Signals each entity whose PIM version is not yet written; heartbeats its progress and resumes from it. */
    signalEntities: async (input: { kind: EntityKind; items: Array<{ id: string; updated: string }> }): Promise<SignalCounts> => {
      const ctx = Context.current();
      const resume = (ctx.info.heartbeatDetails as { done: number; counts: SignalCounts } | undefined) ?? undefined;
      const counts: SignalCounts = resume?.counts ?? { signalled: 0, new: 0, changed: 0, unchanged: 0, failed: 0 };
      const todo = input.items.slice(resume?.done ?? 0);
      let done = resume?.done ?? 0;
      const memos = todo.length ? await memosOf(todo.map((i) => ({ kind: input.kind, id: i.id }))) : new Map<string, SyncMemo>();
      await mapBounded(todo, SIGNAL_CONCURRENCY, async (item) => {
        const outcome = await reconcileOne(input.kind, item, memos.get(entityWorkflowId({ kind: input.kind, id: item.id })));
        if (outcome === 'unchanged' || outcome === 'failed') counts[outcome] += 1;
        else {
          counts.signalled += 1;
          if (outcome !== 'pending') counts[outcome] += 1;
        }
        done += 1;
        ctx.heartbeat({ done, counts });
      });
      return counts;
    },

    /** One page of the entities the sync state knows and has not deleted: running entity workflows. */
    listSyncedIds: async (input: { kind: EntityKind; pageToken?: string }): Promise<{ ids: string[]; nextPageToken?: string }> => {
      const res = await client.workflowService.listWorkflowExecutions({
        namespace: client.options.namespace,
        // Only this deployment's entities: other deployments may share the namespace.
        query: running,
        pageSize: LIST_PAGE_SIZE,
        nextPageToken: input.pageToken ? Buffer.from(input.pageToken, 'base64') : undefined,
      });
      const prefix = input.kind === 'product' ? /^product-([0-9a-f-]{36})$/ : /^product-model-(.+)$/;
      const ids: string[] = [];
      for (const e of res.executions) {
        const match = prefix.exec(e.execution?.workflowId ?? '');
        const status = e.memo?.fields?.status;
        if (!match || (status && defaultPayloadConverter.fromPayload(status) === 'deleted')) continue;
        ids.push(match[1]);
      }
      const token = res.nextPageToken?.length ? Buffer.from(res.nextPageToken).toString('base64') : undefined;
      return { ids, ...(token && { nextPageToken: token }) };
    },

    /** Hands entities gone from the PIM to the delete policy: a removal (delete) or a record only (ignore). */
    markGone: async (input: { kind: EntityKind; ids: string[]; policy: DeletePolicy; runId: string }): Promise<number> => {
      const eventDate = new Date().toISOString();
      const keep = input.policy === 'ignore';
      await mapBounded(input.ids, SIGNAL_CONCURRENCY, (id) =>
        signal({ ref: { kind: input.kind, id }, eventId: `reconcile-gone-${id}-${input.runId}`, action: 'removed', eventDate, source: 'reconcile', ...(keep && { keep }) }),
      );
      return input.ids.length;
    },
  };
}

/** The Temporal-facing reconcile activities, as the workflow sees them. */
export type ReconcileSignalActivities = ReturnType<typeof createReconcileSignalActivities>;
