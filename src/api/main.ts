/** Entry point of the webhook API (`npm run api`): config, Temporal client, Koa app, graceful shutdown. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { loadApiConfig, loadOrExit } from '../config';
import { createLogger } from '../logger';
import { createApp } from './app';
import { TemporalHistoryReader, temporalReadiness } from './temporal-history';
import { API_GRPC_MAX_RETRY_DELAY_MS, apiGrpcInterceptors, TemporalIntake } from './temporal-intake';

/** Longest a shutdown waits for in-flight requests before exiting anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Starts the API and resolves once it listens; SIGTERM/SIGINT close it gracefully. */
export async function main(): Promise<void> {
  const config = loadOrExit(() => loadApiConfig());
  const logger = createLogger(config.logLevel, 'akeneo-sync-api');
  // Lazy: the API starts (and /readyz answers 503) even while Temporal is not up yet.
  const connection = Connection.lazy({ address: config.temporal.address, interceptors: apiGrpcInterceptors() });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const app = createApp({
    config,
    intake: new TemporalIntake(client, { taskQueue: config.temporal.taskQueue }),
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
  const { address, port } = server.address() as AddressInfo;
  logger.info({ address, port, temporal: config.temporal.address, namespace: config.temporal.namespace }, 'API listening');

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    server.close(() => {
      // A gRPC retry still in back-off would throw on a closed channel: let it fire first.
      setTimeout(() => {
        connection
          .close()
          .catch((err: unknown) => logger.warn({ err }, 'closing the Temporal connection failed'))
          .finally(() => logger.info('stopped'));
      }, 2 * API_GRPC_MAX_RETRY_DELAY_MS);
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`API failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
