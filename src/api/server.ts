/** Starts the API over HTTP with its Temporal client: used by `npm run api`, the demo and the tests. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type pino from 'pino';
import type { ApiConfig } from '../config';
import type { ProductSyncOptions } from '../workflows/product-sync';
import { createApp } from './app';
import { TemporalHistoryReader, temporalReadiness } from './temporal-history';
import { API_GRPC_MAX_RETRY_DELAY_MS, apiGrpcInterceptors, TemporalIntake } from './temporal-intake';

/** Options of {@link startApiServer}. */
export interface ApiServerOptions {
  config: ApiConfig;
  logger: pino.Logger;
  /** Options for entity workflows the API starts (tests). */
  workflowOptions?: ProductSyncOptions;
}

/** A listening API. */
export interface ApiServer {
  url: string;
  port: number;
  client: Client;
  /** Stops accepting, finishes in-flight requests, then closes the Temporal connection. */
  close(): Promise<void>;
}

/** Connects (lazily) to Temporal and listens on `config.host:config.port`. */
export async function startApiServer(o: ApiServerOptions): Promise<ApiServer> {
  const { config, logger } = o;
  // Lazy: the API starts (and /readyz answers 503) even while Temporal is not up yet.
  const connection = Connection.lazy({ address: config.temporal.address, interceptors: apiGrpcInterceptors() });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const app = createApp({
    config,
    intake: new TemporalIntake(client, { taskQueue: config.temporal.taskQueue, workflowOptions: o.workflowOptions }),
    history: new TemporalHistoryReader(client),
    readiness: temporalReadiness(client),
    logger,
  });
  const handle = app.callback();
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const close = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    // A gRPC retry still in back-off would throw on a closed channel: let it fire first.
    await new Promise((r) => setTimeout(r, 2 * API_GRPC_MAX_RETRY_DELAY_MS));
    await connection.close();
  };
  return { url: `http://${host}:${port}`, port, client, close };
}
