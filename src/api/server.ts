/** Starts the API over HTTP or HTTPS with its Temporal client: used by `npm run api`, the demo and the tests. */
import type http from 'node:http';
import type https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSecureContext } from 'node:tls';
import { Client, Connection } from '@temporalio/client';
import type pino from 'pino';
import { ConfigError, type ApiConfig } from '../config';
import { readPemFile } from '../pem-file';
import { temporalConnectionOptions } from '../temporal-connection';
import type { SubscriptionWorkflowOptions } from '../workflows/event-platform-subscription-definitions';
import type { ProductSyncOptions } from '../workflows/product-sync';
import { createApp } from './app';
import { BodyBudget } from './body-budget';
import { createHttpServer, type HttpTimeouts } from './http-server';
import { TemporalHistoryReader, temporalReadiness } from './temporal-history';
import { API_GRPC_MAX_RETRY_DELAY_MS, apiGrpcInterceptors, TemporalIntake } from './temporal-intake';
import { TemporalNotificationIntake } from './temporal-notifications';
import { TemporalStructureIntake } from './temporal-structure-intake';

/** Options of {@link startApiServer}. */
export interface ApiServerOptions {
  config: ApiConfig;
  logger: pino.Logger;
  /** Options for entity workflows the API starts (tests). */
  workflowOptions?: ProductSyncOptions;
  /** Options for Event Platform subscription workflows the API starts (tests). */
  subscriptionWorkflowOptions?: SubscriptionWorkflowOptions;
  /** Slow-client timeouts (default: 10 s for headers, 60 s per request; tests lower them). */
  timeouts?: HttpTimeouts;
}

/** A listening API. */
export interface ApiServer {
  /** `https://…` when `config.tls` is set, else `http://…`. */
  url: string;
  port: number;
  client: Client;
  /** Stops accepting, finishes in-flight requests and hand-overs (late ones too), then closes the Temporal connection. */
  close(): Promise<void>;
}

/** The env keys behind {@link ApiConfig.tls}, named in errors. */
export const ApiTlsEnv = { CERT: 'TLS_CERT_FILE', KEY: 'TLS_KEY_FILE' } as const;

/**
 * Connects (lazily) to Temporal and listens on `config.host:config.port`, over HTTPS when `config.tls` is set.
 * Throws a {@link ConfigError} naming `TLS_*` or `TEMPORAL_TLS_*` when a PEM file cannot be read or used.
 */
export async function startApiServer(o: ApiServerOptions): Promise<ApiServer> {
  const { config, logger } = o;
  // Both read their PEM files first, so a bad file fails before anything is opened.
  const server = createHttpServer(config.tls && httpsOptions(config.tls), o.timeouts);
  const temporalOptions = temporalConnectionOptions(config.temporal);
  // Lazy: the API starts (and /readyz answers 503) even while Temporal is not up yet.
  const connection = Connection.lazy({ ...temporalOptions, interceptors: apiGrpcInterceptors() });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const intake = new TemporalIntake(client, { taskQueue: config.temporal.taskQueue, workflowOptions: o.workflowOptions });
  const structure = new TemporalStructureIntake(client, { taskQueue: config.temporal.taskQueue });
  const app = createApp({
    config,
    intake,
    structure,
    notifications: new TemporalNotificationIntake(client, { taskQueue: config.temporal.taskQueue, workflowOptions: o.subscriptionWorkflowOptions }),
    history: new TemporalHistoryReader(client),
    readiness: temporalReadiness(client),
    logger,
    maxInFlight: config.maxEventsInFlight,
    bodies: new BodyBudget(config.maxBodyBytesInFlight),
  });
  const handle = app.callback();
  let stop: () => Promise<void>;
  try {
    stop = await listen(server, (req, res) => void handle(req, res), config.port, config.host);
  } catch (err) {
    await connection.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const close = async (): Promise<void> => {
    await stop();
    // Hand-overs that outlived their answer still carry events Temporal may take: let them finish first.
    await Promise.all([intake.settled(), structure.settled()]);
    // A gRPC retry still in back-off would throw on a closed channel: let it fire first.
    await new Promise((r) => setTimeout(r, 2 * API_GRPC_MAX_RETRY_DELAY_MS));
    await connection.close();
  };
  return { url: `${config.tls ? 'https' : 'http'}://${host}:${port}`, port, client, close };
}

/**
 * Listens, and returns the graceful stop: stop accepting, let in-flight requests finish, and close each
 * keep-alive connection as soon as it is idle (not after the keep-alive timeout).
 */
async function listen(server: http.Server, handle: http.RequestListener, port: number, host: string): Promise<() => Promise<void>> {
  let stopping = false;
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.once('finish', () => stopping && setImmediate(() => server.closeIdleConnections()));
    handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return async () => {
    stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
  };
}

/** Reads the API's certificate and key, and checks now that they make a usable pair (not on the first handshake). */
function httpsOptions(tls: NonNullable<ApiConfig['tls']>): https.ServerOptions {
  const options = { cert: readPemFile(ApiTlsEnv.CERT, tls.certFile), key: readPemFile(ApiTlsEnv.KEY, tls.keyFile) };
  try {
    createSecureContext(options);
  } catch (err) {
    const reason = err instanceof Error ? err.message : 'unusable';
    throw new ConfigError([ApiTlsEnv.CERT, ApiTlsEnv.KEY], `${ApiTlsEnv.CERT}/${ApiTlsEnv.KEY}: not a usable certificate and key pair (${reason})`);
  }
  return options;
}
