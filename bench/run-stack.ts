/**
 * What one benchmark run syncs through, apart from Temporal: a fresh simulated PIM (capped at 100 requests/s) and
 * third party, the worker as its own process (compiled, scheduled reconciliation off) and, when asked, the API as its
 * own process, all on the run's own task queue, so no run sees another's products.
 */
import { SIM_CREDENTIALS } from '../src/dev/local-stack';
import type { DevServer } from '../src/dev/temporal-dev-server';
import { Catalog } from '../src/sim/catalog';
import { PimSimulator } from '../src/sim/pim-server';
import { ThirdPartySimulator } from '../src/sim/third-party-server';
import { startApiChild, type ApiChild } from './api-child';
import { buildCompiledWorker } from './build-worker';
import { startWorkerChild, type WorkerChild } from './memory';
import type { WorkerSetup } from './options';
import { PIM_CAP_RPS } from './stack';
import { onAbort } from './util';

/** The worker's config for a run: the simulators, the PIM ceiling of every benchmark, no schedules, no metrics port. */
export function benchWorkerEnv(o: { temporalAddress: string; taskQueue: string; pimUrl: string; thirdPartyUrl: string; nodeOptions?: string }): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: o.temporalAddress,
    TEMPORAL_TASK_QUEUE: o.taskQueue,
    AKENEO_BASE_URL: o.pimUrl,
    AKENEO_CLIENT_ID: SIM_CREDENTIALS.clientId,
    AKENEO_CLIENT_SECRET: SIM_CREDENTIALS.clientSecret,
    AKENEO_USERNAME: SIM_CREDENTIALS.username,
    AKENEO_PASSWORD: SIM_CREDENTIALS.password,
    DESTINATION: 'http',
    DESTINATION_URL: o.thirdPartyUrl,
    AKENEO_MAX_RPS: String(PIM_CAP_RPS),
    METRICS_PORT: '0',
    RECONCILE_ENABLED: 'false',
    SHUTDOWN_GRACE_TIME: '2s',
    ...(o.nodeOptions && { NODE_OPTIONS: o.nodeOptions }),
  };
}

/** The simulators and processes of one run. */
export interface RunStack {
  taskQueue: string;
  catalog: Catalog;
  pim: PimSimulator;
  thirdParty: ThirdPartySimulator;
  worker: WorkerChild;
  /** Present when started with `api: true`. */
  api?: ApiChild;
  /** Stops the API, the worker, then the simulators. */
  close(): Promise<void>;
}

/** Starts a run's stack on `server`; with `api`, the API process too. */
export async function startRunStack(server: DevServer, o: { taskQueue: string; api: boolean; setup: WorkerSetup }): Promise<RunStack> {
  const catalog = new Catalog({ modelCodePrefix: o.taskQueue });
  const pim = new PimSimulator({ catalog, ...SIM_CREDENTIALS, maxRequestsPerSecond: PIM_CAP_RPS });
  const thirdParty = new ThirdPartySimulator();
  let worker: WorkerChild | undefined;
  let api: ApiChild | undefined;
  const close = async (): Promise<void> => {
    unregister();
    await api?.stop();
    await worker?.stop();
    await Promise.all([pim.close(), thirdParty.close()]);
  };
  const unregister = onAbort(close);
  try {
    await pim.start();
    await thirdParty.start();
    const env = benchWorkerEnv({ temporalAddress: server.address, taskQueue: o.taskQueue, pimUrl: pim.url, thirdPartyUrl: thirdParty.url, nodeOptions: o.setup.nodeOptions });
    worker = await startWorkerChild(env, o.setup.compiled ? { compiledWorker: await buildCompiledWorker() } : 'ts-node');
    if (o.api) api = await startApiChild({ temporalAddress: server.address, taskQueue: o.taskQueue });
    return { taskQueue: o.taskQueue, catalog, pim, thirdParty, worker, api, close };
  } catch (err) {
    await close();
    throw err;
  }
}
