/**
 * A simulated third-party system over real HTTP: `PUT`/`DELETE` of `/products/{uuid}` and
 * `/product-models/{code}`, of the catalogue structure (`/structure/...`, see `third-party-structure.ts`), `PUT`
 * and `HEAD` of media files (`/media/{code}`, streamed, see `third-party-media.ts`), inspection `GET`s, optional
 * bearer auth, fault injection on writes, and optionally the stale-write contract (412 to a `PUT` older than
 * what it stores).
 */
import { STATUS_CODES } from 'node:http';
import { FaultPlan, retryAfterHeader } from './faults';
import { SimHttpServer, type SimListenOptions, type SimRequest, type SimResponse } from './http-server';
import { DestinationMedia, mediaTarget } from './third-party-media';
import { DestinationStructure, destinationError, structureTarget } from './third-party-structure';

/** Options of {@link ThirdPartySimulator}. */
export interface ThirdPartySimulatorOptions extends SimListenOptions {
  /** When set, every request must carry `Authorization: Bearer <token>` (else 401). */
  token?: string;
  /** Random source of {@link ThirdPartySimulator.failRate} (default `Math.random`). */
  random?: () => number;
  /** Answer 412 to a `PUT` whose `X-Akeneo-Updated` is older than the stored one's (an equal one is accepted). Off by default. */
  refuseStale?: boolean;
}

/** The version headers of the write that stored an entity, as received (absent when not sent). */
export interface StoredVersionHeaders {
  'x-akeneo-updated'?: string;
  'x-akeneo-content-digest'?: string;
}

/** One stored entity. */
export interface StoredEntity {
  id: string;
  body: unknown;
  /** `Idempotency-Key` of the write that stored it, when sent. */
  idempotencyKey?: string;
  /** `X-Akeneo-Updated` and `X-Akeneo-Content-Digest` of the write that stored it. */
  headers: StoredVersionHeaders;
}

type Collection = 'products' | 'product-models';

/** The third party the sync writes to; stores what it is sent, in memory. */
export class ThirdPartySimulator extends SimHttpServer {
  /** Successful `PUT`s. */
  writes = 0;
  /** Successful `DELETE`s (204). */
  deletes = 0;
  /** Successful `PUT`s whose `Idempotency-Key` equals the one already stored for that entity. */
  replays = 0;
  /** `PUT`s answered 412 because a newer version is stored (with `refuseStale`). */
  staleRefused = 0;
  /** The catalogue structure received: `structure.get(kind, code, parent?)`, `structure.writesOf(...)`, `puts`, `deletes`. */
  readonly structure = new DestinationStructure();
  /** The media files received: `media.get(code)` (size, sha256, content type), `media.putsOf(code)`, `puts`, `heads`. */
  readonly media = new DestinationMedia();
  private readonly stores: Record<Collection, Map<string, StoredEntity>> = { products: new Map(), 'product-models': new Map() };
  private readonly faults: FaultPlan;

  constructor(private readonly options: ThirdPartySimulatorOptions = {}) {
    super(options);
    this.faults = new FaultPlan(options.random);
  }

  /** Stored products' bodies by uuid (a copy). */
  products(): Map<string, unknown> {
    return bodies(this.stores.products);
  }

  /** Stored product models' bodies by code (a copy). */
  productModels(): Map<string, unknown> {
    return bodies(this.stores['product-models']);
  }

  /** One stored product with its idempotency key and version headers, or `undefined`. */
  storedProduct(uuid: string): StoredEntity | undefined {
    return this.stores.products.get(uuid);
  }

  /** Answers the next `n` writes (`PUT`/`DELETE`) with `status`. */
  failNext(n: number, status = 500): void {
    this.faults.add(n, { status });
  }

  /** Answers the next `n` writes with 429 and `Retry-After: <retryAfterSeconds>`. */
  rateLimitNext(n: number, retryAfterSeconds = 1): void {
    this.faults.add(n, { status: 429, retryAfterSeconds });
  }

  /** Fails each write with probability `fraction`, with a status drawn from `statuses`; 0 turns it off. */
  failRate(fraction: number, statuses: readonly number[] = [500, 503]): void {
    this.faults.setRate(fraction, statuses);
  }

  /** Forgets every scripted failure. */
  clearFaults(): void {
    this.faults.clear();
  }

  protected override streamsRequestBody(method: string, url: URL): boolean {
    return method === 'PUT' && mediaTarget(url.pathname) !== undefined;
  }

  protected override handle(req: SimRequest): Promise<SimResponse> {
    return this.track(async () => {
      await this.hold(this.latencyMs);
      if (this.options.token !== undefined && req.headers.authorization !== `Bearer ${this.options.token}`) {
        return destinationError(401, 'unauthorized', 'missing or wrong bearer token');
      }
      const isWrite = req.method === 'PUT' || req.method === 'DELETE';
      const structure = structureTarget(req.url.pathname);
      const media = structure ? undefined : mediaTarget(req.url.pathname);
      if (structure || media !== undefined) {
        const fault = isWrite && (structure?.code !== undefined || media !== undefined) ? this.faults.take() : undefined;
        if (fault) return destinationError(fault.status, 'injected', STATUS_CODES[fault.status] ?? 'Error', retryAfterHeader(fault));
        return structure ? this.structure.answer(req, structure) : this.media.answer(req, media!);
      }
      const match = /^\/(products|product-models)(?:\/([^/]+))?\/?$/.exec(req.url.pathname);
      if (!match) return destinationError(404, 'not_found', `no route for ${req.method} ${req.url.pathname}`);
      const collection = match[1] as Collection;
      const store = this.stores[collection];
      const id = match[2] === undefined ? undefined : safeDecode(match[2]);
      if (req.method === 'GET') {
        if (id === undefined) return { status: 200, body: [...store.values()] };
        const found = store.get(id);
        return found ? { status: 200, body: found.body } : destinationError(404, 'not_found', `${collection}/${id} is not stored`);
      }
      if (id === undefined || (req.method !== 'PUT' && req.method !== 'DELETE')) {
        return destinationError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.url.pathname}`);
      }
      const fault = this.faults.take();
      if (fault) return destinationError(fault.status, 'injected', STATUS_CODES[fault.status] ?? 'Error', retryAfterHeader(fault));
      return req.method === 'PUT' ? this.put(store, id, req) : this.remove(store, id);
    });
  }

  private put(store: Map<string, StoredEntity>, id: string, req: SimRequest): SimResponse {
    let body: unknown;
    try {
      body = JSON.parse(req.body.toString('utf8'));
    } catch {
      return destinationError(400, 'bad_json', 'the body is not JSON');
    }
    const idempotencyKey = header(req, 'idempotency-key');
    const headers = versionHeaders(req);
    const previous = store.get(id);
    if (this.options.refuseStale && previous && isOlder(headers['x-akeneo-updated'], previous.headers['x-akeneo-updated'])) {
      this.staleRefused++;
      return destinationError(412, 'stale', `a newer version of ${id} is stored (${previous.headers['x-akeneo-updated']})`);
    }
    if (previous && idempotencyKey !== undefined && previous.idempotencyKey === idempotencyKey) this.replays++;
    store.set(id, { id, body, ...(idempotencyKey !== undefined ? { idempotencyKey } : {}), headers });
    this.writes++;
    return previous ? { status: 204 } : { status: 200, body: { id, created: true } };
  }

  private remove(store: Map<string, StoredEntity>, id: string): SimResponse {
    if (!store.delete(id)) return destinationError(404, 'not_found', `${id} is not stored`);
    this.deletes++;
    return { status: 204 };
  }
}

function header(req: SimRequest, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function versionHeaders(req: SimRequest): StoredVersionHeaders {
  const updated = header(req, 'x-akeneo-updated');
  const digest = header(req, 'x-akeneo-content-digest');
  return { ...(updated !== undefined && { 'x-akeneo-updated': updated }), ...(digest !== undefined && { 'x-akeneo-content-digest': digest }) };
}

/** Whether `updated` is a time before `stored`; a missing or unparsable value never counts as older. */
function isOlder(updated: string | undefined, stored: string | undefined): boolean {
  const [a, b] = [Date.parse(updated ?? ''), Date.parse(stored ?? '')];
  return !Number.isNaN(a) && !Number.isNaN(b) && a < b;
}

function bodies(store: Map<string, StoredEntity>): Map<string, unknown> {
  return new Map([...store].map(([id, entity]) => [id, structuredClone(entity.body)]));
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
