/** Shared Temporal set-up for integration tests: one dev server and one workflow bundle per file. */
import { Runtime, DefaultLogger, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { startClusterServer, type TemporalCluster, type TemporalClusterOptions } from '../../src/dev/temporal-cluster';
import { startDevServer, type DevServer, type DevServerOptions } from '../../src/dev/temporal-dev-server';
import { WORKFLOWS_PATH } from '../../src/workers';

let runtimeInstalled = false;
let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Quiets the SDK's own logging; call before any connection is made. */
export function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Already instantiated by an earlier file in this mocha process: keep it.
  }
}

/** The workflow bundle, built once per process. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('ERROR') });
  return bundle;
}

/** Starts a dev server for a test file. */
export async function startTemporal(options: DevServerOptions = {}): Promise<DevServer> {
  installQuietRuntime();
  return startDevServer(options);
}

/** Starts the production-shaped cluster (the pinned server on PostgreSQL, two nodes) for a test file. */
export async function startTemporalCluster(options: TemporalClusterOptions = {}): Promise<DevServer & { cluster: TemporalCluster }> {
  installQuietRuntime();
  return startClusterServer(options);
}

let counter = 0;
/** A task queue name no other test uses. */
export function uniqueTaskQueue(prefix = 'it'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** Polls `probe` until it returns a truthy value or the deadline passes (no fixed sleeps). */
export async function eventually<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError instanceof Error ? `: ${lastError.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}
