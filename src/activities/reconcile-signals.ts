/**
 * Reconciliation activities that talk to Temporal: signal entity workflows (bounded fan-out, heartbeating
 * progress) and list the entities the sync state knows. Unchanged entities are skipped without a signal.
 */
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { signalEntity } from '../signal-entity';
import { isIn, runningEntityWorkflows } from '../visibility-query';
import type { EntityEvent, EntityKind, EntityRef, EventSource } from '../domain/entity';
import { entityIdProblem, shownId } from '../domain/entity-code';
import type { SyncMemo } from '../workflows/definitions';
import { entityWorkflowId } from '../workflows/ids';
import { SearchAttr } from '../workflows/search-attributes';
import type { DeletePolicy } from '../workflows/reconcile-definitions';
import { limitConcurrency, mapBounded, mapBoundedInOrder } from './bounded';

/** Signals in flight at once per activity. */
export const SIGNAL_CONCURRENCY = 16;
/** Ids per memo lookup (one visibility query). */
export const MEMO_LOOKUP_SIZE = 100;
/** Memo lookups (with their signals) in flight at once per `signalEntities` call. */
export const MEMO_LOOKUPS_IN_FLIGHT = 4;
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

/** One page of the sync state: the ids of each kind, and the token of the next page. */
export interface SyncedPage {
  ids: Record<EntityKind, string[]>;
  nextPageToken?: string;
}

/** Entity workflow ids, with the product uuid or the product-model code as the first group. */
const ID_PATTERN: Record<EntityKind, RegExp> = { product: /^product-([0-9a-f-]{36})$/, 'product-model': /^product-model-(.+)$/ };

/** One entity as the PIM lists it; `digest` is absent in inputs recorded before digests. */
export type ReconcileItem = { id: string; updated: string; digest?: string };

/** Input of `signalEntities`. */
export interface SignalEntitiesInput {
  kind: EntityKind;
  items: ReconcileItem[];
  /**
   * Who observed the items, unique per run or per model sync (e.g. `reconcile-<run start>`): the event ids are
   * `<observedBy>-<id>`, so a retried activity signals once, and the next run signals again an entity still
   * failing. Absent in inputs recorded before: the id is then `reconcile-<id>-<updated>`.
   */
  observedBy?: string;
  /** `reconcile` (default) or `cascade` (a product model's change passed on to its descendants). */
  source?: Extract<EventSource, 'reconcile' | 'cascade'>;
}

/**
 * Whether the third party already holds what the PIM listed: the same content digest, or, for memos written
 * before digests, a last written `updated` not older than the listed one. A failed entity is never unchanged.
 */
export function isUnchanged(item: ReconcileItem, memo: SyncMemo | undefined): boolean {
  if (memo?.status !== 'synced') return false;
  if (item.digest && memo.lastWrittenDigest) return item.digest === memo.lastWrittenDigest;
  const written = memo.lastWrittenVersion;
  return !!written && Date.parse(written) >= Date.parse(item.updated);
}

const zeroCounts = (): SignalCounts => ({ signalled: 0, new: 0, changed: 0, unchanged: 0, failed: 0 });

function addCounts(a: SignalCounts, b: SignalCounts): SignalCounts {
  return { signalled: a.signalled + b.signalled, new: a.new + b.new, changed: a.changed + b.changed, unchanged: a.unchanged + b.unchanged, failed: a.failed + b.failed };
}

type Limit = ReturnType<typeof limitConcurrency>;

type Outcome = 'new' | 'changed' | 'pending' | 'unchanged' | 'failed';

/** Creates the Temporal-facing reconcile activities. */
export function createReconcileSignalActivities(deps: ReconcileSignalDeps) {
  const { client, taskQueue } = deps;

  const running = runningEntityWorkflows(taskQueue);

  /** Memos of the running entity workflows among `refs`, in one visibility query (≤ 100 ids). */
  async function memosOf(refs: EntityRef[]): Promise<Map<string, SyncMemo>> {
    const res = await client.workflowService.listWorkflowExecutions({
      namespace: client.options.namespace,
      query: `${running} AND ${isIn('WorkflowId', refs.map(entityWorkflowId))}`,
      pageSize: refs.length,
    });
    const memos = new Map<string, SyncMemo>();
    for (const e of res.executions) {
      const fields = e.memo?.fields ?? {};
      const read = (k: string): unknown => (fields[k] ? defaultPayloadConverter.fromPayload(fields[k]) : undefined);
      memos.set(e.execution?.workflowId ?? '', {
        status: read('status') as SyncMemo['status'],
        lastWrittenVersion: (read('lastWrittenVersion') as string | null) ?? null,
        lastWrittenDigest: (read('lastWrittenDigest') as string | null | undefined) ?? null,
      });
    }
    return memos;
  }

  const signal = (event: EntityEvent): Promise<void> => signalEntity(client, taskQueue, event);

  /** One visibility page of running entity workflows (`filter`: only those), as the ids of each kind that are not deleted. */
  async function syncedPage(pageToken: string | undefined, filter?: string): Promise<SyncedPage> {
    const res = await client.workflowService.listWorkflowExecutions({
      namespace: client.options.namespace,
      // Only this deployment's entities: other deployments may share the namespace.
      query: filter ? `${running} AND ${filter}` : running,
      pageSize: LIST_PAGE_SIZE,
      nextPageToken: pageToken ? Buffer.from(pageToken, 'base64') : undefined,
    });
    const ids: SyncedPage['ids'] = { product: [], 'product-model': [] };
    for (const e of res.executions) {
      const status = e.memo?.fields?.status;
      if (status && defaultPayloadConverter.fromPayload(status) === 'deleted') continue;
      const workflowId = e.execution?.workflowId ?? '';
      for (const kind of ['product', 'product-model'] as const) {
        const match = ID_PATTERN[kind].exec(workflowId);
        if (!match) continue;
        // A workflow started before ids were checked: never checked against the PIM, so never deleted.
        const problem = entityIdProblem(kind, match[1]);
        if (problem) Context.current().log.warn(`skipping workflow ${shownId(workflowId)}: its id ${problem}`);
        else ids[kind].push(match[1]);
      }
    }
    const token = res.nextPageToken?.length ? Buffer.from(res.nextPageToken).toString('base64') : undefined;
    return { ids, ...(token && { nextPageToken: token }) };
  }

  async function reconcileOne(input: SignalEntitiesInput, item: ReconcileItem, memo: SyncMemo | undefined, limit: Limit): Promise<Outcome> {
    const ref: EntityRef = { kind: input.kind, id: item.id };
    if (isUnchanged(item, memo)) return 'unchanged';
    const eventDate = new Date(item.updated).toISOString();
    const eventId = input.observedBy ? `${input.observedBy}-${item.id}` : `reconcile-${item.id}-${eventDate}`;
    const source = input.source ?? 'reconcile';
    try {
      await limit(() => signal({ ref, eventId, action: 'updated', eventDate, source, version: item.updated, ...(item.digest && { digest: item.digest }) }));
      return memo === undefined ? 'new' : memo.lastWrittenVersion ? 'changed' : 'pending';
    } catch (err) {
      // The run's watermark stays put (see the workflow): the next run lists this entity again.
      Context.current().log.warn(`could not signal ${entityWorkflowId(ref)}: ${err instanceof Error ? err.message : String(err)}`);
      return 'failed';
    }
  }

  /** Looks up the memos of one chunk (≤ 100) and signals the entities among it whose content is not written. */
  async function signalChunk(input: SignalEntitiesInput, items: ReconcileItem[], limit: Limit, onEach: () => void): Promise<SignalCounts> {
    const { kind } = input;
    const counts = zeroCounts();
    const memos = await memosOf(items.map((i) => ({ kind, id: i.id })));
    await mapBounded(items, SIGNAL_CONCURRENCY, async (item) => {
      const outcome = await reconcileOne(input, item, memos.get(entityWorkflowId({ kind, id: item.id })), limit);
      if (outcome === 'unchanged' || outcome === 'failed') counts[outcome] += 1;
      else {
        counts.signalled += 1;
        if (outcome !== 'pending') counts[outcome] += 1;
      }
      onEach();
    });
    return counts;
  }

  return {
    /**
     * Signals each entity whose PIM version is not yet written. Looks the memos up 100 at a time, up to
     * {@link MEMO_LOOKUPS_IN_FLIGHT} lookups at once; heartbeats the finished prefix and resumes from it.
     */
    signalEntities: async (input: SignalEntitiesInput): Promise<SignalCounts> => {
      const ctx = Context.current();
      // `done` counts items from the start, all finished: the same shape the one-page version heartbeated.
      const resume = ctx.info.heartbeatDetails as { done: number; counts: SignalCounts } | undefined;
      const skipped = resume?.done ?? 0;
      const before = resume?.counts ?? zeroCounts();
      const chunks: ReconcileItem[][] = [];
      for (let i = skipped; i < input.items.length; i += MEMO_LOOKUP_SIZE) chunks.push(input.items.slice(i, i + MEMO_LOOKUP_SIZE));
      const sum = (parts: readonly SignalCounts[]): SignalCounts => parts.reduce(addCounts, { ...before });
      let progress = { done: skipped, counts: before };
      // Every signal heartbeats (liveness); the details only move on when a whole prefix of chunks is done.
      const beat = (): void => ctx.heartbeat(progress);
      const limit = limitConcurrency(SIGNAL_CONCURRENCY);
      const results = await mapBoundedInOrder(chunks, MEMO_LOOKUPS_IN_FLIGHT, (chunk) => signalChunk(input, chunk, limit, beat), (done, finished) => {
        progress = { done: Math.min(skipped + done * MEMO_LOOKUP_SIZE, input.items.length), counts: sum(finished) };
        beat();
      });
      return sum(results);
    },

    /** One page of the entities the sync state knows and has not deleted: running entity workflows. */
    listSyncedIds: async (input: { kind: EntityKind; pageToken?: string }): Promise<{ ids: string[]; nextPageToken?: string }> => {
      const { ids, nextPageToken } = await syncedPage(input.pageToken);
      return { ids: ids[input.kind], ...(nextPageToken && { nextPageToken }) };
    },

    /** Like `listSyncedIds`, for both kinds at once: one scan of the sync state instead of one per kind. */
    listSyncedEntities: (input: { pageToken?: string }): Promise<SyncedPage> => syncedPage(input.pageToken),

    /**
     * One page (≤ 1,000) of the entities whose last sync failed (`SyncStatus = 'failed'`), by kind: a reconcile run
     * signals them again whether or not its listing found them changed.
     */
    listFailedEntities: (input: { pageToken?: string }): Promise<SyncedPage> => syncedPage(input.pageToken, `${SearchAttr.SYNC_STATUS.name} = 'failed'`),

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
