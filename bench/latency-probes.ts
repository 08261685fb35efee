/** Probes the coalescing and freshness benchmarks share: sending one product's changes, and watching it settle. */
import { LOCAL_SECRETS } from '../src/dev/local-stack';
import { EventSender, type SendRecord } from '../src/sim/event-sender';
import { syncHistoryQuery } from '../src/workflows/definitions';
import { entityWorkflowId } from '../src/workflows/ids';
import type { BenchStack } from './stack';
import { until } from './util';

/**
 * Sends the catalog changes logged after `afterSeq` to the stack's API as the PIM does (legacy format,
 * bulks of ≤ 10), `concurrency` requests at a time.
 */
export function sendChanges(b: BenchStack, afterSeq: number, concurrency = 1): Promise<SendRecord[]> {
  const sender = new EventSender({
    catalog: b.stack.catalog,
    eventsApi: { url: `${b.stack.api.url}/akeneo/events`, secret: LOCAL_SECRETS.events },
    concurrency,
  });
  return sender.sendEventsApi(b.stack.catalog.changes(afterSeq));
}

/** Third-party `PUT`s of one product received so far, with their arrival times. */
export function writesOf(b: BenchStack, uuid: string): number[] {
  const path = `/products/${uuid}`;
  return b.stack.thirdParty.requests.filter((r) => r.method === 'PUT' && r.path === path && r.status < 300).map((r) => r.at);
}

/** True when the third party holds the product exactly as the PIM's current `updated`. */
export function holdsCurrent(b: BenchStack, uuid: string): boolean {
  const stored = b.stack.thirdParty.storedProduct(uuid)?.body as { updated?: string } | undefined;
  return stored?.updated !== undefined && stored.updated === b.stack.catalog.get(uuid)?.updated;
}

/** Waits until the product's workflow reports `synced` (nothing pending, nothing in flight) and the PIM saw no fetch of it for `quietMs`. */
export async function settled(b: BenchStack, uuid: string, timeoutMs = 60_000, quietMs = 1_000): Promise<void> {
  const handle = b.server.env.client.workflow.getHandle(entityWorkflowId({ kind: 'product', id: uuid }));
  await until(async () => (await handle.query(syncHistoryQuery)).status === 'synced' && holdsCurrent(b, uuid), timeoutMs, `product ${uuid} synced`);
  let last = -1;
  await until(
    () => {
      const now = b.stack.pim.fetchCount(uuid);
      const quiet = now === last;
      last = now;
      return quiet;
    },
    timeoutMs,
    `no more fetches of ${uuid}`,
    quietMs,
  );
}

/** Creates `n` products in the PIM, sends their `created` events through the API and waits until each is synced. */
export async function syncedProducts(b: BenchStack, n: number, timeoutMs = 120_000): Promise<string[]> {
  const seq = b.stack.catalog.lastSeq;
  const uuids = Array.from({ length: n }, () => b.stack.catalog.createProduct().uuid);
  const records = await sendChanges(b, seq, 4);
  const failed = records.filter((r) => r.status !== 200);
  if (failed.length) throw new Error(`${failed.length} create request(s) not answered 200 (${failed[0].status})`);
  for (const uuid of uuids) await settled(b, uuid, timeoutMs, 300);
  return uuids;
}

/** Requests not answered 200. */
export function non200(records: readonly SendRecord[]): number {
  return records.filter((r) => r.status !== 200).length;
}
