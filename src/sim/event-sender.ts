/**
 * Turns catalog changes into signed webhooks and POSTs them, like the PIM: legacy bulks of ≤ 10, 5 requests at
 * once, 0.5 s timeout; or one Event Platform CloudEvent per request with a 5 s timeout; no retries, no redirects.
 */
import { randomUUID } from 'node:crypto';
import type { Catalog } from './catalog';
import type { CatalogChange } from './catalog-types';
import { applyChaos, type ChaosOptions } from './chaos';
import {
  batchEventsApi,
  buildEventsApiRequest,
  buildEventsApiTestRequest,
  eventsApiEventFromChange,
  type EventsApiEventObject,
  type EventsApiEventOptions,
  type SignedRequest,
} from './events-api-request';
import {
  buildEventPlatformRequest,
  eventPlatformEventFromChange,
  type EventPlatformEventOptions,
  type EventPlatformSecrets,
} from './event-platform-request';

/** The two webhook formats. */
export const SendChannel = { EVENTS_API: 'events-api', EVENT_PLATFORM: 'event-platform' } as const;
export type SendChannel = (typeof SendChannel)[keyof typeof SendChannel];

/**
 * Akeneo's timeouts per format, in milliseconds; legacy: `webhook_timeout: 0.5` in akeneo/pim-community-dev
 * config/services/pim_parameters.yml, given to Guzzle as the `timeout` option by GuzzleWebhookClient.
 */
export const SEND_TIMEOUT_MS = { 'events-api': 500, 'event-platform': 5000 } as const;

/**
 * Legacy requests in flight at once: Akeneo's GuzzleWebhookClient::bulkSend sends its requests through a Guzzle
 * `Pool` with `concurrency` = `webhook_concurrency` (5 in config/services/pim_parameters.yml), with no retry:
 * akeneo/pim-community-dev src/Akeneo/Connectivity/Connection/back/Infrastructure/Webhook/Client/GuzzleWebhookClient.php.
 */
export const EVENTS_API_CONCURRENCY = 5;

/** The outcome of one POST. */
export interface SendRecord {
  channel: SendChannel;
  /** HTTP status, or 0 when no answer came (timeout or connection failure). */
  status: number;
  /** Event ids in the request (empty for the Test ping). */
  eventIds: string[];
  /** Time until the answer, in milliseconds. */
  ms: number;
  error?: 'timeout' | 'network';
}

/** An event that was never sent. */
export interface DroppedEvent {
  eventId: string;
  change: CatalogChange;
  /** `chaos`: dropped on purpose; `gone`: the entity no longer existed at send time (legacy only, as Akeneo). */
  reason: 'chaos' | 'gone';
}

/** Options of {@link EventSender}. */
export interface EventSenderOptions {
  catalog: Catalog;
  /** Legacy Events API target. */
  eventsApi?: EventsApiEventOptions & { url: string; secret: string; timeoutMs?: number; userAgent?: string };
  /** Event Platform target. */
  eventPlatform?: EventPlatformEventOptions & EventPlatformSecrets & { url: string; timeoutMs?: number };
  chaos?: ChaosOptions;
  /** Random source of the chaos (default `Math.random`; see `seededRandom`). */
  random?: () => number;
  /** Clock for `X-Akeneo-Request-Timestamp`, epoch milliseconds (default `Date.now`). */
  now?: () => number;
  /**
   * Requests in flight at once (default: {@link EVENTS_API_CONCURRENCY} for the legacy API, 1 for the Event Platform,
   * whose sender is not public).
   */
  concurrency?: number;
  /** Most events per legacy request (default {@link EVENTS_API_MAX_BULK}, `webhook_max_bulk_size`). */
  maxBulkSize?: number;
  fetch?: typeof fetch;
}

/** Sends the catalog's changes as webhooks and records every request. */
export class EventSender {
  /** Every request sent, in completion order. */
  readonly records: SendRecord[] = [];
  /** Every event not sent. */
  readonly dropped: DroppedEvent[] = [];
  /** The entity of every event id this sender made, sent or not (to tell which entities a lost event concerned). */
  readonly eventEntities = new Map<string, { kind: CatalogChange['kind']; id: string }>();
  private cursor = 0;
  private readonly fetchFn: typeof fetch;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly options: EventSenderOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** Changes logged since the last {@link EventSender.flush}. */
  pending(): CatalogChange[] {
    return this.options.catalog.changes(this.cursor);
  }

  /** Sends the pending changes through `channel` (default: the legacy API when configured). */
  flush(channel?: SendChannel): Promise<SendRecord[]> {
    const changes = this.pending();
    this.cursor = this.options.catalog.lastSeq;
    const via = channel ?? (this.options.eventsApi ? SendChannel.EVENTS_API : SendChannel.EVENT_PLATFORM);
    return via === SendChannel.EVENTS_API ? this.sendEventsApi(changes) : this.sendEventPlatform(changes);
  }

  /** Sends `changes` as legacy bulks (homogeneous, ≤ 10 events each). */
  async sendEventsApi(changes: readonly CatalogChange[]): Promise<SendRecord[]> {
    const target = this.options.eventsApi;
    if (!target) throw new Error('EventSender: eventsApi is not configured');
    const events: EventsApiEventObject[] = [];
    for (const { change, eventId } of this.chaos(changes)) {
      const event = eventsApiEventFromChange(change, this.options.catalog, target, eventId);
      if (event) events.push(event);
      else this.dropped.push({ eventId, change, reason: 'gone' });
    }
    return this.pool(batchEventsApi(events, this.options.maxBulkSize), this.options.concurrency ?? EVENTS_API_CONCURRENCY, (batch) => {
      const timestamp = Math.floor(this.now() / 1000);
      const request = buildEventsApiRequest(batch, target.secret, timestamp, target.userAgent);
      const ids = batch.map((e) => e.event_id);
      return this.post(SendChannel.EVENTS_API, target.url, request, ids, target.timeoutMs);
    });
  }

  /** Sends `changes` to the Event Platform target, one CloudEvent per request. */
  async sendEventPlatform(changes: readonly CatalogChange[]): Promise<SendRecord[]> {
    const target = this.options.eventPlatform;
    if (!target) throw new Error('EventSender: eventPlatform is not configured');
    const events = this.chaos(changes).map(({ change, eventId }) => eventPlatformEventFromChange(change, target, eventId));
    return this.pool(events, this.options.concurrency ?? 1, (event) =>
      this.post(SendChannel.EVENT_PLATFORM, target.url, buildEventPlatformRequest(event, target), [event.id], target.timeoutMs),
    );
  }

  /** Sends the connection's "Test" request to the legacy target. */
  ping(): Promise<SendRecord> {
    const target = this.options.eventsApi;
    if (!target) throw new Error('EventSender: eventsApi is not configured');
    const request = buildEventsApiTestRequest(target.secret, Math.floor(this.now() / 1000), target.userAgent);
    return this.post(SendChannel.EVENTS_API, target.url, request, [], target.timeoutMs);
  }

  /** One event id per change, then drops, duplicates and shuffles as configured. */
  private chaos(changes: readonly CatalogChange[]): Array<{ change: CatalogChange; eventId: string }> {
    const items = changes.map((change) => ({ change, eventId: randomUUID() }));
    for (const { change, eventId } of items) this.eventEntities.set(eventId, { kind: change.kind, id: change.id });
    const { items: out, dropped } = applyChaos(items, this.options.chaos ?? {}, this.random);
    for (const d of dropped) this.dropped.push({ ...d, reason: 'chaos' });
    return out;
  }

  private async post(channel: SendChannel, url: string, request: SignedRequest, eventIds: string[], timeoutMs?: number): Promise<SendRecord> {
    const started = performance.now();
    const signal = AbortSignal.timeout(timeoutMs ?? SEND_TIMEOUT_MS[channel]);
    let record: SendRecord;
    try {
      const res = await this.fetchFn(url, { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual', signal });
      await res.arrayBuffer(); // the PIM ignores the body; drain it so the socket is reused
      record = { channel, status: res.status, eventIds, ms: performance.now() - started };
    } catch {
      record = { channel, status: 0, eventIds, ms: performance.now() - started, error: signal.aborted ? 'timeout' : 'network' };
    }
    this.records.push(record);
    return record;
  }

  /** Runs `task` over `items` with at most `concurrency` at once; results in item order. */
  private async pool<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<SendRecord>): Promise<SendRecord[]> {
    const results: SendRecord[] = new Array<SendRecord>(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i]);
      }
    };
    const width = Math.max(1, Math.min(concurrency, items.length));
    await Promise.all(Array.from({ length: width }, worker));
    return results;
  }
}

/** Ids of the events in requests answered 2xx: what the receiver accepted. */
export function acceptedEventIds(records: readonly SendRecord[]): Set<string> {
  return new Set(records.filter((r) => r.status >= 200 && r.status <= 299).flatMap((r) => r.eventIds));
}
