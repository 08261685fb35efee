/**
 * The worker process (`npm run worker`): creates or updates the reconcile schedules, then runs the
 * workflows and activities until SIGTERM/SIGINT (in-flight activities get a grace period).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { AkeneoRestClient } from './akeneo/rest-client';
import { loadOrExit, loadWorkerConfig } from './config';
import { createDestination } from './destination/create';
import { createLogger } from './logger';
import { ensureReconcileSchedules } from './schedules';
import { installWorkerRuntime } from './metrics/worker-runtime';
import { ensureSearchAttributes } from './search-attributes-setup';
import { temporalConnectionOptions } from './temporal-connection';
import { createWorkers, WORKFLOWS_PATH } from './workers';

/** The bundle `npm run build` prebuilds next to dist/worker.js; absent under ts-node, which bundles at start. */
const PREBUILT_BUNDLE = path.join(__dirname, 'workflow-bundle.js');

async function main(): Promise<void> {
  const config = loadOrExit(() => loadWorkerConfig());
  const logger = createLogger(config.logLevel, 'akeneo-sync-worker');
  // Before any connection: the Runtime carries the Prometheus endpoint and the SDK's logger.
  installWorkerRuntime({ metricsPort: config.metricsPort, logger });
  const { address, namespace, taskQueue } = config.temporal;
  const connectionOptions = temporalConnectionOptions(config.temporal);
  const connection = await NativeConnection.connect(connectionOptions);
  const clientConnection = await Connection.connect(connectionOptions);
  const client = new Client({ connection: clientConnection, namespace });
  // Without its search attributes every entity workflow task would fail: register them, or stop saying how.
  const attributes = await ensureSearchAttributes(clientConnection, { namespace, address });
  if (attributes.registered.length > 0) {
    const level = attributes.listed ? 'info' : 'warn';
    logger[level]({ namespace, registered: attributes.registered, listed: attributes.listed }, 'search attributes registered');
  }
  if (config.reconcile.enabled) {
    const result = await ensureReconcileSchedules(client, { taskQueue, reconcile: config.reconcile });
    logger.info(result, 'reconcile schedules ready');
  }
  const destination = await createDestination(config.destination, logger);
  const workers = await createWorkers({
    connection,
    namespace,
    taskQueue,
    pimMaxRps: config.pimMaxRps,
    // SIGTERM/SIGINT (the Runtime's default shutdown signals) stop polling; in-flight activities get this long.
    shutdownGraceTime: config.shutdownGraceMs,
    maxCachedWorkflows: config.maxCachedWorkflows,
    deps: {
      client,
      pim: new AkeneoRestClient({ ...config.akeneo, logger }),
      destination: destination.destination,
    },
    workflows: existsSync(PREBUILT_BUNDLE) ? { workflowBundle: { codePath: PREBUILT_BUNDLE } } : { workflowsPath: WORKFLOWS_PATH },
  });
  logger.info({ taskQueue, address, namespace, prebuiltBundle: existsSync(PREBUILT_BUNDLE) }, 'worker started');
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
