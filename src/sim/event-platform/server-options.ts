/** Options of the Event Platform simulator, and how to plug a PIM simulator into it. */
import type { Catalog } from '../catalog';
import type { ChaosOptions } from '../chaos';
import type { EventPlatformAuthor } from '../event-platform-request';
import type { SimListenOptions } from '../http-server';
import type { PimSimulator } from '../pim-server';
import type { StructureCatalog } from '../structure/catalogue';
import type { SimClock } from './clock';
import type { DeliveryOptions } from './delivery-types';
import type { NotifierOptions } from './notifier';

/** A PIM the platform serves: how it authenticates callers and where its events come from. */
export interface EventPlatformPim {
  /** The PIM URL callers send as `X-PIM-URL` (a trailing slash is ignored). */
  url: string;
  /** The connection (OAuth client id) whose valid access token `token` is, else `undefined`. */
  connectionOf(token: string): string | undefined;
  /** Its catalog: logged changes become events. Without one (nor a structure), the PIM only has the management API. */
  catalog?: Catalog;
  /** Its catalogue structure: logged changes of categories, attributes, options, attribute groups and families become events. */
  structure?: StructureCatalog;
  /** Structure changes up to this `seq` give no events (default: every change logged when the simulator is made). */
  structureFromSeq?: number;
  /** `data.author` of its events (default: the builder's example user). */
  author?: EventPlatformAuthor;
  /** Changes up to this `seq` give no events (default: every change logged when the simulator is made). */
  fromSeq?: number;
}

/** Options of `EventPlatformSimulator`. */
export interface EventPlatformSimulatorOptions extends SimListenOptions {
  pims: readonly EventPlatformPim[];
  /** Real milliseconds per platform millisecond (default 1): 0.001 runs a 5-minute retry in 300 ms. */
  timeScale?: number;
  /** Platform clock; overrides `timeScale`. */
  clock?: SimClock;
  /** Delivery tuning: timeout (real ms), retry delays, threshold minimum, in-flight cap, rate. */
  delivery?: DeliveryOptions;
  /** Notification tuning: timeout (real ms) and retry delays (platform ms). */
  notifications?: NotifierOptions;
  /** `source` of events (default `akeneo-event-platform`). */
  source?: string;
  /** Duplicates, reordering (and drops) of deliveries: "at least once" (key-platform-behaviors.html). */
  chaos?: ChaosOptions;
  /** Random source of the chaos (default `seededRandom(1)`). */
  random?: () => number;
  /** Read and write subscribers only in the documented `contact` form (default false: both forms). */
  strictSubscriberShape?: boolean;
  /** Hosts to which `http://` destination and notification URLs are accepted (default loopback names). */
  insecureHosts?: readonly string[];
  /** Limits (default 20 subscribers per PIM, 20 subscriptions per subscriber). */
  limits?: { subscribersPerPim: number; subscriptionsPerSubscriber: number };
  /** Flushes the catalogs every this many real milliseconds once started (default: only on `flush()`). */
  pollIntervalMs?: number;
  fetch?: typeof fetch;
}

/**
 * The {@link EventPlatformPim} of a PIM simulator: its tokens authenticate; `url` defaults to the simulator's,
 * `structure` to the simulator's structure catalogue.
 */
export function eventPlatformPimOf(pim: PimSimulator, more: Omit<EventPlatformPim, 'connectionOf' | 'url'> & { url?: string } = {}): EventPlatformPim {
  return { structure: pim.structure, ...more, url: more.url ?? pim.url, connectionOf: (token) => pim.connectionOfToken(token) };
}
