/**
 * The worker process (`npm run worker`): creates or updates the reconcile schedules, then runs the
 * workflows and activities until SIGTERM/SIGINT (in-flight activities get a grace period). Its PIM
 * activities run only while it holds the PIM lease: one PIM caller per deployment, however many replicas.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { AkeneoRestClient } from './akeneo/rest-client';
import { loadOrExit, loadWorkerConfig } from './config';
import { createDestination } from './destination/create';
import { createLogger } from './logger';
import { ensureReconcileSchedules } from './schedules';
import { MetricName } from './metrics/names';
import { countPimRequests } from './metrics/pim-requests';
import { installWorkerRuntime } from './metrics/worker-runtime';
import { createLeasedWorkers } from './pim-lease/leased-workers';
import { ensureSearchAttributes } from './search-attributes-setup';
import { temporalConnectionOptions } from './temporal-connection';
import { WORKFLOWS_PATH } from './workers';

/** The bundle `npm run build` prebuilds next to dist/worker.js; absent under ts-node, which bundles at start. */
const PREBUILT_BUNDLE = path.join(__dirname, 'workflow-bundle.js');

async function main(): Promise<void> {
  const config = loadOrExit(() => loadWorkerConfig());
  const logger = createLogger(config.logLevel, 'akeneo-sync-worker');
  // Before any connection: the Runtime carries the Prometheus endpoint and the SDK's logger. It does not
  // stop the workers on SIGTERM itself: the PIM worker must drain and release its lease first (below).
  installWorkerRuntime({ metricsPort: config.metricsPort, logger, shutdownSignals: [] });
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
  if (config.reconcile.enabled || config.reconcile.structure?.enabled) {
    const result = await ensureReconcileSchedules(client, { taskQueue, reconcile: config.reconcile, skipReconcile: !config.reconcile.enabled });
    logger.info(result, 'reconcile schedules ready');
  }
  const destination = await createDestination(config.destination, logger);
  const leaseHeld = Runtime.instance().metricMeter.createGauge(MetricName.PIM_LEASE_HELD, 'int', undefined, 'Whether this worker holds the PIM lease (1) or not (0)');
  leaseHeld.set(0);
  const holderId = `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  const workers = await createLeasedWorkers({
    connection,
    namespace,
    taskQueue,
    pimMaxRps: config.pimMaxRps,
    // After SIGTERM/SIGINT in-flight activities get this long (the PIM worker's, then the main worker's).
    shutdownGraceTime: config.shutdownGraceMs,
    maxCachedWorkflows: config.maxCachedWorkflows,
    mediaMaxBytes: config.mediaMaxBytes,
    mediaKnownTtlMs: config.mediaKnownTtlMs,
    structureWriteConcurrency: config.reconcile.structure?.writeConcurrency,
    structureDeletePolicy: config.reconcile.deletePolicy,
    deps: {
      client,
      pim: new AkeneoRestClient({
        ...config.akeneo,
        maxConcurrency: config.pimMaxConcurrency,
        maxRequestsPerSecond: config.pimMaxRps,
        logger,
        onRequest: countPimRequests(),
      }),
      destination: destination.destination,
    },
    workflows: existsSync(PREBUILT_BUNDLE) ? { workflowBundle: { codePath: PREBUILT_BUNDLE } } : { workflowsPath: WORKFLOWS_PATH },
    holderId,
    logger,
    onHoldingChange: (holding) => leaseHeld.set(holding ? 1 : 0),
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      logger.info({ signal }, 'shutting down');
      workers.shutdown();
    });
  }
  logger.info({ taskQueue, address, namespace, holderId, prebuiltBundle: existsSync(PREBUILT_BUNDLE) }, 'worker started');
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
