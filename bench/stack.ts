/** A Temporal (the chosen kind: bench/temporal.ts) plus the local stack (simulators, in-process worker pair, API), for the ingest and latency benchmarks. */
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { startLocalStack, type LocalStack } from '../src/dev/local-stack';
import type { DevServer } from '../src/dev/temporal-dev-server';
import { WORKFLOWS_PATH } from '../src/workers';
import { startBenchTemporal } from './temporal';
import { installQuietRuntime, onAbort } from './util';

export { QUIET_SERVER_ARGS } from './temporal';


/** The PIM simulator's cap and the worker's PIM ceiling in every benchmark (Akeneo's own ceiling). */
export const PIM_CAP_RPS = 100;

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflow bundle, built once per process. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('ERROR') });
  return bundle;
}

/** A running dev server with a local stack on it. */
export interface BenchStack {
  server: DevServer;
  stack: LocalStack;
  taskQueue: string;
  /** Stops the stack, then the server. */
  close(): Promise<void>;
}

/** Starts a fresh Temporal of the chosen kind and a local stack on task queue `taskQueue`. */
export async function startBenchStack(taskQueue: string): Promise<BenchStack> {
  installQuietRuntime();
  const workflows = { workflowBundle: await workflowBundle() };
  const server = await startBenchTemporal();
  try {
    const stack = await startLocalStack({
      temporalAddress: server.address,
      connection: server.env.nativeConnection,
      client: server.env.client,
      taskQueue,
      workflows,
      pimMaxRps: PIM_CAP_RPS,
    });
    stack.pim.maxRequestsPerSecond = PIM_CAP_RPS;
    const close = async (): Promise<void> => {
      unregister();
      try {
        await stack.close();
      } finally {
        await server.stop();
      }
    };
    const unregister = onAbort(close);
    return { server, stack, taskQueue, close };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
