/** Entry point of the webhook API (`npm run api`): config, Temporal client, Koa app, graceful shutdown. */
import { loadApiConfig, loadOrExit } from '../config';
import { createLogger } from '../logger';
import { startApiServer } from './server';

/** Longest a shutdown waits for in-flight requests before exiting anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Starts the API and resolves once it listens; SIGTERM/SIGINT close it gracefully. */
export async function main(): Promise<void> {
  const config = loadOrExit(() => loadApiConfig());
  const logger = createLogger(config.logLevel, 'akeneo-sync-api');
  const api = await startApiServer({ config, logger });
  logger.info({ url: api.url, temporal: config.temporal.address, namespace: config.temporal.namespace }, 'API listening');

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    api
      .close()
      .catch((err: unknown) => logger.warn({ err }, 'shutdown was not clean'))
      .finally(() => logger.info('stopped'));
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
