/**
 * From catalog changes to queued deliveries: each new event goes to every HTTPS subscription of its PIM that lists
 * its type and whose filter passes it; a suspended subscription loses it ("Events are not saved and are lost until
 * the subscription is resumed", concepts.html); chaos may duplicate, reorder or drop.
 */
import type { Catalog } from '../catalog';
import { applyChaos, type ChaosOptions } from '../chaos';
import type { EventPlatformAuthor } from '../event-platform-request';
import type { StructureCatalog } from '../structure/catalogue';
import { CatalogFeed } from './catalog-feed';
import type { DeliveryEngine } from './delivery';
import { filterMatches, parseFilter, type FilterNode } from './filter';
import { uuidv7 } from './ids';
import { eventFor, filterSubjectOf, type EventTemplate } from './platform-events';
import type { EventPlatformRegistry } from './registry';
import { StructureFeed } from './structure-feed';
import { DestinationType, SubscriptionStatus, type StoredSubscription } from './types';

/** One PIM's source of events: its product catalog and its catalogue structure. */
export interface FanoutSource {
  /** The PIM URL, normalized. */
  pimUrl: string;
  catalog?: Catalog;
  structure?: StructureCatalog;
  author?: EventPlatformAuthor;
  /** Catalog changes up to this `seq` give no events (default: those logged when the simulator is made). */
  fromSeq?: number;
  /** Structure changes up to this `seq` give no events (default: those logged when the simulator is made). */
  structureFromSeq?: number;
}

/** Options of {@link EventFanout}. */
export interface FanoutOptions {
  /** `source` of the events. */
  source?: string;
  chaos?: ChaosOptions;
  random: () => number;
  now: () => number;
}

/** Turns catalog changes into queued deliveries. */
export class EventFanout {
  private readonly feeds: Array<{ source: FanoutSource; feed: { pull(): EventTemplate[] } }>;
  private readonly filters = new Map<string, FilterNode>();

  constructor(
    sources: readonly FanoutSource[],
    private readonly registry: EventPlatformRegistry,
    private readonly engine: DeliveryEngine,
    private readonly options: FanoutOptions,
  ) {
    this.feeds = sources.flatMap((source) => [
      ...(source.catalog ? [{ source, feed: new CatalogFeed(source.catalog, source.fromSeq) }] : []),
      ...(source.structure ? [{ source, feed: new StructureFeed(source.structure, source.structureFromSeq) }] : []),
    ]);
  }

  /** Queues the events of the changes logged since the last call; returns how many deliveries were queued. */
  flush(): number {
    let queued = 0;
    for (const { source, feed } of this.feeds) {
      const templates = feed.pull();
      if (templates.length === 0) continue;
      for (const sub of this.registry.subscriptionsOfPim(source.pimUrl)) queued += this.route(sub, templates, source.author);
    }
    return queued;
  }

  private route(sub: StoredSubscription, templates: readonly EventTemplate[], author: EventPlatformAuthor | undefined): number {
    // Only HTTPS destinations are simulated; Pub/Sub and Kafka subscriptions receive nothing.
    if (sub.type !== DestinationType.HTTPS) return 0;
    const listed = templates.filter((t) => sub.events.includes(t.type));
    if (listed.length === 0) return 0;
    const counters = this.engine.counters;
    if (sub.status === SubscriptionStatus.SUSPENDED) {
      counters.lostWhileSuspended += listed.length;
      return 0;
    }
    if (sub.status !== SubscriptionStatus.ACTIVE) return 0;
    const filter = this.filterOf(sub.filter);
    const passed = filter ? listed.filter((t) => filterMatches(filter, filterSubjectOf(t, author))) : listed;
    counters.filteredOut += listed.length - passed.length;
    const identity = { ...(author ? { author } : {}), ...(this.options.source ? { source: this.options.source } : {}) };
    const events = passed.map((t) => eventFor(t, sub, identity, uuidv7(this.options.now())));
    const { items, dropped } = applyChaos(events, this.options.chaos ?? {}, this.options.random);
    counters.droppedByChaos += dropped.length;
    counters.duplicates += items.length - (events.length - dropped.length);
    if (items.length > 0) this.engine.enqueue(sub.id, items);
    return items.length;
  }

  private filterOf(text: string | undefined): FilterNode | undefined {
    if (text === undefined) return undefined;
    let node = this.filters.get(text);
    if (!node) this.filters.set(text, (node = parseFilter(text).node));
    return node;
  }
}
