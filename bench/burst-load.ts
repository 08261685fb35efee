/**
 * The load generator of the mass-edit and event-platform benchmarks, run as a child process (`fork`, driven by
 * bench/ingest-driver.ts) so its CPU is not the API's: a PIM mass edit sent as Akeneo's legacy sender sends it
 * (src/sim/event-sender.ts: a pool of `concurrency`, 0.5 s timeout, no retry), the same load signalled raw to Temporal
 * (bench/raw-burst.ts), or Event Platform deliveries (bench/platform-sender.ts). The changes come from the benchmark's
 * catalog (the simulated PIM's) with their snapshots, so the events carry the products the PIM serves.
 */
import { Client, Connection } from '@temporalio/client';
import { LOCAL_SECRETS } from '../src/dev/local-stack';
import { signalEntity } from '../src/signal-entity';
import { Catalog } from '../src/sim/catalog';
import type { CatalogChange } from '../src/sim/catalog-types';
import { buildEventPlatformRequest, eventPlatformEventFromChange } from '../src/sim/event-platform-request';
import { EventSender, SEND_TIMEOUT_MS } from '../src/sim/event-sender';
import { AT_CHANGE_TIME, legacyEntityBatches } from './legacy-batches';
import { sendLikeThePlatform, type PlatformSendResult } from './platform-sender';
import { rawBurst, type RawBurstResult } from './raw-burst';

/** One legacy request's outcome, as the sender saw it. */
export interface LegacyAnswer {
  /** HTTP status; 0: no answer (timeout or connection failure). */
  status: number;
  ms: number;
  timeout: boolean;
  events: number;
}

/** What the parent asks. */
export type BurstCommand =
  | { type: 'legacy'; changes: CatalogChange[]; url: string; concurrency: number }
  | { type: 'raw'; changes: CatalogChange[]; taskQueue: string; concurrency: number; settleTimeoutMs: number }
  | { type: 'platform'; changes: CatalogChange[]; url: string; senders: number; deadlineMs: number }
  | { type: 'exit' };

/** What the child answers (besides `ready` and `error`). */
export type BurstReply =
  | { type: 'legacy'; answers: LegacyAnswer[]; elapsedMs: number }
  | { type: 'raw'; result: RawBurstResult }
  | { type: 'platform'; result: PlatformSendResult };

const temporalAddress = process.argv[2] ?? '127.0.0.1:7233';
let client: Client | undefined;

async function temporal(): Promise<Client> {
  client ??= new Client({ connection: await Connection.connect({ address: temporalAddress }), namespace: 'default' });
  return client;
}

async function legacy(cmd: Extract<BurstCommand, { type: 'legacy' }>): Promise<BurstReply> {
  const eventsApi = { url: cmd.url, secret: LOCAL_SECRETS.events, ...AT_CHANGE_TIME };
  const sender = new EventSender({ catalog: new Catalog(), eventsApi, concurrency: cmd.concurrency });
  const t = performance.now();
  const records = await sender.sendEventsApi(cmd.changes);
  const answers = records.map((r) => ({ status: r.status, ms: r.ms, timeout: r.error === 'timeout', events: r.eventIds.length }));
  return { type: 'legacy', answers, elapsedMs: performance.now() - t };
}

async function raw(cmd: Extract<BurstCommand, { type: 'raw' }>): Promise<BurstReply> {
  const c = await temporal();
  const batches = legacyEntityBatches(cmd.changes, LOCAL_SECRETS.events, Date.now());
  const o = { concurrency: cmd.concurrency, timeoutMs: SEND_TIMEOUT_MS['events-api'], settleTimeoutMs: cmd.settleTimeoutMs };
  return { type: 'raw', result: await rawBurst(batches, o, (event) => signalEntity(c, cmd.taskQueue, event)) };
}

async function platform(cmd: Extract<BurstCommand, { type: 'platform' }>): Promise<BurstReply> {
  const secrets = { primary: LOCAL_SECRETS.platform, secondary: LOCAL_SECRETS.platformSecondary };
  const requests = cmd.changes.map((change) => buildEventPlatformRequest(eventPlatformEventFromChange(change), secrets));
  return { type: 'platform', result: await sendLikeThePlatform(requests, { url: cmd.url, senders: cmd.senders, deadlineMs: cmd.deadlineMs }) };
}

async function handle(cmd: BurstCommand): Promise<BurstReply | undefined> {
  if (cmd.type === 'legacy') return legacy(cmd);
  if (cmd.type === 'raw') return raw(cmd);
  if (cmd.type === 'platform') return platform(cmd);
  await client?.connection.close();
  process.disconnect?.();
  return undefined;
}

process.on('message', (cmd: BurstCommand) => {
  handle(cmd).then(
    (reply) => reply && process.send?.(reply),
    (err: unknown) => process.send?.({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
});
// The parent is gone (it finished, or was aborted): nothing left to do.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
