/**
 * The worker process (`npm run worker`): creates or updates the reconcile schedules, then runs the
 * workflows and activities until SIGTERM/SIGINT (in-flight activities get a grace period).
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { AkeneoRestClient } from './akeneo/rest-client';
import { loadOrExit, loadWorkerConfig } from './config';
import { createDestination } from './destination/create';
import { createLogger } from './logger';
import { ensureReconcileSchedules } from './schedules';
import { createWorkers, WORKFLOWS_PATH } from './workers';

async function main(): Promise<void> {
  const config = loadOrExit(() => loadWorkerConfig());
  const logger = createLogger(config.logLevel, 'akeneo-sync-worker');
  const { address, namespace, taskQueue } = config.temporal;
  const connection = await NativeConnection.connect({ address });
  const clientConnection = await Connection.connect({ address });
  const client = new Client({ connection: clientConnection, namespace });
  if (config.reconcile.enabled) {
    const result = await ensureReconcileSchedules(client, { taskQueue, reconcile: config.reconcile });
    logger.info(result, 'reconcile schedules ready');
  }
  const destination = await createDestination(config.destination);
  const workers = await createWorkers({
    connection,
    namespace,
    taskQueue,
    pimMaxRps: config.pimMaxRps,
    // SIGTERM/SIGINT (the Runtime's default shutdown signals) stop polling; in-flight activities get this long.
    shutdownGraceTime: config.shutdownGraceMs,
    deps: {
      client,
      pim: new AkeneoRestClient({ ...config.akeneo, logger }),
      destination: destination.destination,
    },
    workflows: { workflowsPath: WORKFLOWS_PATH },
  });
  logger.info({ taskQueue, address, namespace }, 'worker started');
  try {
    await workers.run();
  } finally {
    await destination.close();
    await connection.close();
    await clientConnection.close();
    logger.info('worker stopped');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
