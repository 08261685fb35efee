/** One local stack per test: simulators, worker pair and API on a unique task queue. */
import { startLocalStack, LOCAL_SECRETS, type LocalStack, type LocalStackOptions } from '../../src/dev/local-stack';
import type { DevServer } from '../../src/dev/temporal-dev-server';
import { EventSender, type EventSenderOptions } from '../../src/sim/event-sender';
import type { ProductSyncOptions } from '../../src/workflows/product-sync';
import { syncHistoryQuery, type EntityEvent, type EntityRef, type SyncHistory } from '../../src/workflows/definitions';
import { entityWorkflowId } from '../../src/workflows/ids';
import { uniqueTaskQueue, workflowBundle } from './temporal';

/** The ref of product `id`. */
export const product = (id: string): EntityRef => ({ kind: 'product', id });

let events = 0;
/** An `updated` event of product `id` from the legacy Events API, dated now, with an id unique in the process. */
export const updatedEvent = (id: string, prefix: string): EntityEvent => ({
  ref: product(id),
  eventId: `${prefix}-${id}-${++events}`,
  action: 'updated',
  eventDate: new Date().toISOString(),
  source: 'events-api',
});

/** A stack plus helpers bound to it. */
export interface TestStack extends LocalStack {
  sender: EventSender;
  taskQueue: string;
  history(ref: EntityRef): Promise<SyncHistory>;
}

/** Starts a stack on `server`. */
export async function startTestStack(
  server: DevServer,
  options: {
    workflowOptions?: ProductSyncOptions;
    sender?: Partial<EventSenderOptions>;
    pimMaxRps?: number;
    /** Where the API reaches Temporal (e.g. through a slow link); the workers always use `server`. */
    apiTemporalAddress?: string;
  } & Pick<LocalStackOptions, 'catalogNow' | 'thirdParty' | 'apiMaxEventsInFlight'> = {},
): Promise<TestStack> {
  const taskQueue = uniqueTaskQueue('e2e');
  const stack = await startLocalStack({
    temporalAddress: options.apiTemporalAddress ?? server.address,
    connection: server.env.nativeConnection,
    client: server.env.client,
    pimMaxRps: options.pimMaxRps,
    taskQueue,
    workflows: { workflowBundle: await workflowBundle() },
    workflowOptions: options.workflowOptions ?? { coalesceMs: 50 },
    modelCodePrefix: `model_${taskQueue.replace(/[^a-z0-9]/gi, '_')}`,
    catalogNow: options.catalogNow,
    thirdParty: options.thirdParty,
    apiMaxEventsInFlight: options.apiMaxEventsInFlight,
  });
  const sender = new EventSender({
    catalog: stack.catalog,
    eventsApi: { url: `${stack.api.url}/akeneo/events`, secret: LOCAL_SECRETS.events },
    eventPlatform: { url: `${stack.api.url}/akeneo/event-platform`, primary: LOCAL_SECRETS.platform },
    concurrency: 5,
    ...options.sender,
  });
  const history = (ref: EntityRef) => server.env.client.workflow.getHandle(entityWorkflowId(ref)).query(syncHistoryQuery);
  return { ...stack, sender, taskQueue, history };
}
