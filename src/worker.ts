/** The worker process (`npm run worker`): runs workflows and activities until SIGTERM/SIGINT. */
import { NativeConnection } from '@temporalio/worker';
import { AkeneoRestClient } from './akeneo/rest-client';
import { loadOrExit, loadWorkerConfig } from './config';
import { HttpDestination } from './destination/http-destination';
import { createLogger } from './logger';
import { createWorkers, WORKFLOWS_PATH } from './workers';

async function main(): Promise<void> {
  const config = loadOrExit(() => loadWorkerConfig());
  const logger = createLogger(config.logLevel, 'akeneo-sync-worker');
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const workers = await createWorkers({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: {
      pim: new AkeneoRestClient({ ...config.akeneo, logger }),
      destination: new HttpDestination({ baseUrl: config.destination.url, token: config.destination.token }),
    },
    workflows: { workflowsPath: WORKFLOWS_PATH },
  });
  logger.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker started');
  try {
    await workers.run();
  } finally {
    await connection.close();
    logger.info('worker stopped');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
