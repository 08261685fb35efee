/**
 * A simulated Akeneo Event Platform: the management API over real HTTP (`/api/v1`, authenticated by `X-PIM-URL`,
 * `X-PIM-TOKEN`, `X-PIM-CLIENT-ID` against PIM simulators), HTTPS delivery of the catalogs' changes, and
 * notification webhooks. Platform time can be compressed with `timeScale`.
 *
 * ```ts
 * const ep = new EventPlatformSimulator({ pims: [eventPlatformPimOf(pim, { catalog })], timeScale: 1e-3 });
 * await ep.start(); // then create a subscriber and a subscription through `${ep.url}/api/v1`
 * catalog.createProduct();
 * await ep.deliver(); // flush the catalog's changes, wait until nothing is queued, in flight or waiting to retry
 * ep.records; ep.counters; ep.notifier.attempts;
 * ```
 */
import { seededRandom } from '../faults';
import { SimHttpServer, type SimRequest, type SimResponse } from '../http-server';
import { ScaledClock, TimerSet } from './clock';
import { DeliveryEngine } from './delivery';
import type { DeliveryCounters, DeliveryRecord } from './delivery-types';
import { EventFanout } from './fanout';
import { EVENT_PLATFORM_API_PREFIX, routeManagement } from './management-routes';
import { Notifier } from './notifier';
import { EventPlatformRegistry } from './registry';
import { ApiError, type Caller } from './registry-types';
import { type EventPlatformPim, type EventPlatformSimulatorOptions } from './server-options';
import { DEFAULT_INSECURE_HOSTS, normalizePimUrl, ValidationError } from './validation';
import { WorkTracker } from './work-tracker';

/** The Event Platform, for tests and the demo. */
export class EventPlatformSimulator extends SimHttpServer {
  /** Management calls received, whatever their answer. */
  apiCalls = 0;
  /** POST, PATCH and DELETE calls answered 2xx (a setup run twice should add none the second time, or only reads). */
  mutatingCalls = 0;
  /** The subscribers and subscriptions. */
  readonly registry: EventPlatformRegistry;
  /** The HTTPS delivery engine: `records`, `counters`, `rateOf()`. */
  readonly delivery: DeliveryEngine;
  /** Notification webhooks and emails: `attempts`, `emails`. */
  readonly notifier: Notifier;
  /** Platform time (virtual): `time.clock.now()`. */
  readonly time: TimerSet;
  private readonly pims: EventPlatformPim[];
  private readonly revoked = new Set<string>();
  private readonly work = new WorkTracker();
  private readonly fanout: EventFanout;
  private readonly strictShape: boolean;
  private poll: NodeJS.Timeout | undefined;

  constructor(private readonly options: EventPlatformSimulatorOptions) {
    super(options);
    this.pims = options.pims.map((p) => ({ ...p, url: normalizePimUrl(p.url) }));
    const clock = options.clock ?? new ScaledClock(options.timeScale ?? 1);
    this.time = new TimerSet(clock);
    this.strictShape = options.strictSubscriberShape ?? false;
    const fetchFn = options.fetch ?? fetch;
    this.registry = new EventPlatformRegistry({
      now: () => clock.now(),
      onStatus: (subscription) => this.delivery.statusChanged(subscription),
      onStatusChange: (change) => this.notifier.notify(change),
      strictShape: this.strictShape,
      insecureHosts: options.insecureHosts ?? DEFAULT_INSECURE_HOSTS,
      ...(options.limits ? { limits: options.limits } : {}),
    });
    this.delivery = new DeliveryEngine(this.registry, this.time, this.work, fetchFn, options.delivery);
    this.notifier = new Notifier(this.time, this.work, fetchFn, options.notifications);
    const sources = this.pims.map((p) => ({
      pimUrl: p.url,
      catalog: p.catalog,
      structure: p.structure,
      author: p.author,
      fromSeq: p.fromSeq,
      structureFromSeq: p.structureFromSeq,
    }));
    const random = options.random ?? seededRandom(1);
    this.fanout = new EventFanout(sources, this.registry, this.delivery, { source: options.source, chaos: options.chaos, random, now: () => clock.now() });
  }

  /** Delivery records (every POST of an event). */
  get records(): readonly DeliveryRecord[] {
    return this.delivery.records;
  }

  /** Delivery counters. */
  get counters(): Readonly<DeliveryCounters> {
    return this.delivery.counters;
  }

  /** Calls that changed stored subscribers or subscriptions. */
  get stateChanges(): number {
    return this.registry.stateChanges;
  }

  /** Starts listening and, with `pollIntervalMs`, flushing the catalogs on a timer. */
  override async start(): Promise<{ url: string }> {
    const started = await super.start();
    if (this.options.pollIntervalMs) this.poll = setInterval(() => this.flush(), this.options.pollIntervalMs);
    return started;
  }

  /** Stops listening, sending and notifying; pending work is abandoned. */
  override async close(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    this.time.cancelAll();
    this.delivery.close();
    this.notifier.close();
    this.work.reset();
    await super.close();
  }

  /** Queues the events of the catalogs' new changes; returns how many deliveries were queued. */
  flush(): number {
    return this.fanout.flush();
  }

  /** Resolves when nothing is queued, in flight, waiting for a retry, or being notified. */
  idle(): Promise<void> {
    return this.work.idle();
  }

  /** {@link EventPlatformSimulator.flush}, then {@link EventPlatformSimulator.idle}. */
  async deliver(): Promise<void> {
    this.flush();
    await this.idle();
  }

  /**
   * Simulates the removal of a connection from the PIM: its subscribers and subscriptions are revoked (notified), and
   * its calls are refused with 401 from now on. Returns how many subscriptions were revoked.
   */
  revokeConnection(clientId: string, pimUrl: string = this.pims[0]?.url ?? ''): number {
    const pim = normalizePimUrl(pimUrl);
    this.revoked.add(`${pim} ${clientId}`);
    return this.registry.revokeConnection(pim, clientId, 'The connection was removed from the PIM');
  }

  protected override handle(req: SimRequest): Promise<SimResponse> {
    this.apiCalls++;
    const answer = this.answer(req);
    if (answer.status < 300 && ['POST', 'PATCH', 'DELETE'].includes(req.method)) this.mutatingCalls++;
    return Promise.resolve(answer);
  }

  private answer(req: SimRequest): SimResponse {
    const path = req.url.pathname.replace(/\/+$/, '');
    if (!path.startsWith(`${EVENT_PLATFORM_API_PREFIX}/`)) return errors(404, ['route not found']);
    try {
      const caller = this.authenticate(req);
      const segments = path.slice(EVENT_PLATFORM_API_PREFIX.length + 1).split('/').map(decodeSegment);
      return routeManagement(this.registry, caller, req.method, segments, readJson(req), this.strictShape);
    } catch (err) {
      if (err instanceof ApiError) return errors(err.status, err.messages);
      if (err instanceof ValidationError) return errors(400, err.messages);
      throw err;
    }
  }

  /**
   * The three headers of getting-started.html; the 2024 OpenAPI's 401 is "tenant context not found or invalid
   * credentials". The token must be a valid access token of that PIM, issued to the connection of `X-PIM-CLIENT-ID`.
   */
  private authenticate(req: SimRequest): Caller {
    const header = (name: string): string => {
      const value = req.headers[name];
      return typeof value === 'string' ? value.trim() : '';
    };
    const [url, token, clientId] = [header('x-pim-url'), header('x-pim-token'), header('x-pim-client-id')];
    if (!url || !token || !clientId) throw new ApiError(401, ['X-PIM-URL, X-PIM-TOKEN and X-PIM-CLIENT-ID are required']);
    const pim = this.pims.find((p) => p.url === normalizePimUrl(url));
    if (!pim) throw new ApiError(401, ['tenant context not found or invalid credentials']);
    if (pim.connectionOf(token) !== clientId || this.revoked.has(`${pim.url} ${clientId}`)) {
      throw new ApiError(401, ['tenant context not found or invalid credentials']);
    }
    return { pimUrl: pim.url, clientId };
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(404, ['route not found']);
  }
}

function readJson(req: SimRequest): unknown {
  const text = req.body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError(['the request body is not valid JSON']);
  }
}

function errors(status: number, messages: readonly string[]): SimResponse {
  return { status, body: { errors: messages.map((message) => ({ message })) } };
}
