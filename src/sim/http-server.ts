/** The HTTP plumbing the simulators share: listen on a port, read bodies, record requests, hold, close. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline, type Readable } from 'node:stream';

/** Where a simulator listens; port 0 picks a free port. */
export interface SimListenOptions {
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** Port to bind (default 0: any free port). */
  port?: number;
  /** Holds every response this long, with a timer (default 0). */
  latencyMs?: number;
}

/** A request as the simulators' handlers see it, body fully read. */
export interface SimRequest {
  method: string;
  /** Absolute URL, built from the `Host` header the client sent. */
  url: URL;
  headers: http.IncomingHttpHeaders;
  /** The body, fully read; empty when {@link SimRequest.stream} is set. */
  body: Buffer;
  /** The unread body, for the requests a simulator streams (see `SimHttpServer.streamsRequestBody`). */
  stream?: Readable;
}

/** What a handler answers; `body`, when present, is sent as JSON; `stream`, when present, is piped as the body instead. */
export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  stream?: Readable;
}

/** One request as recorded for tests. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string including `?`, or empty. */
  query: string;
  status: number;
  /** When the request arrived, epoch milliseconds. */
  at: number;
  /** The `Idempotency-Key` header, when sent. */
  idempotencyKey?: string;
}

/** Largest request body accepted (bigger bodies get 413). */
export const SIM_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Base class of the simulators: a node:http server that routes through {@link SimHttpServer.handle}. */
export abstract class SimHttpServer {
  /** Every request received, in the order they were answered. */
  readonly requests: RecordedRequest[] = [];
  /** Holds every response this long (milliseconds); may be changed while running. */
  latencyMs: number;
  private server: http.Server | undefined;
  private baseUrl: string | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private peak = 0;

  protected constructor(private readonly listenOptions: SimListenOptions = {}) {
    this.latencyMs = listenOptions.latencyMs ?? 0;
  }

  /** Base URL without a trailing slash; throws before {@link SimHttpServer.start}. */
  get url(): string {
    if (!this.baseUrl) throw new Error('simulator not started');
    return this.baseUrl;
  }

  /** Tracked requests in flight now. */
  get inFlightRequests(): number {
    return this.inFlight;
  }

  /** Most requests ever in flight at once. */
  get peakConcurrency(): number {
    return this.peak;
  }

  /** Starts listening; resolves with the base URL. */
  async start(): Promise<{ url: string }> {
    const server = http.createServer((req, res) => void this.onRequest(req, res));
    this.server = server;
    const host = this.listenOptions.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenOptions.port ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    return { url: this.baseUrl };
  }

  /** Stops listening, destroys open (keep-alive) sockets and drops held responses. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Answers one request. */
  protected abstract handle(req: SimRequest): Promise<SimResponse>;

  /** Whether this request's body is handed over unread as `SimRequest.stream`, with no size limit (default: never). */
  protected streamsRequestBody(_method: string, _url: URL): boolean {
    return false;
  }

  /** Runs `task` counted as one in-flight request, for {@link SimHttpServer.peakConcurrency}. */
  protected async track<T>(task: () => Promise<T>): Promise<T> {
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
    try {
      return await task();
    } finally {
      this.inFlight--;
    }
  }

  /** Waits `ms` milliseconds on a timer that {@link SimHttpServer.close} cancels. */
  protected hold(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    let answer: SimResponse;
    try {
      const method = req.method ?? 'GET';
      const streamed = this.streamsRequestBody(method, url);
      const body = streamed ? Buffer.alloc(0) : await readBody(req);
      answer = body
        ? await this.handle({ method, url, headers: req.headers, body, ...(streamed ? { stream: req } : {}) })
        : { status: 413, body: { code: 413, message: 'Request Entity Too Large' } };
    } catch (err) {
      answer = { status: 500, body: { code: 500, message: err instanceof Error ? err.message : String(err) } };
    }
    const key = req.headers['idempotency-key'];
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.search,
      status: answer.status,
      at,
      ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
    });
    writeAnswer(res, answer);
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= SIM_MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= SIM_MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

function writeAnswer(res: http.ServerResponse, answer: SimResponse): void {
  if (res.destroyed) {
    answer.stream?.destroy();
    return;
  }
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.stream) {
    res.writeHead(answer.status, headers);
    // A client that goes away ends the pipe with an error; the stream is destroyed either way.
    pipeline(answer.stream, res, () => undefined);
    return;
  }
  if (answer.body === undefined || answer.status === 204) {
    res.writeHead(answer.status, headers).end();
    return;
  }
  res.writeHead(answer.status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(answer.body));
}

/** An Akeneo-style error answer `{code, message}`. */
export function akeneoError(status: number, message: string, headers?: Record<string, string>): SimResponse {
  return { status, body: { code: status, message }, ...(headers ? { headers } : {}) };
}
