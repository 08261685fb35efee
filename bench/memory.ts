/**
 * The worker as a child process (`node -r ts-node/register/transpile-only src/worker.ts`, as `npm run
 * worker` runs it), so its resident memory is its own: start, wait until ready, read VmRSS and VmHWM.
 */
import { readFileSync } from 'node:fs';
import { startServiceChild, type ServiceChild } from './service-child';
import { round } from './util';

/** Memory figures of the worker after touching product workflows. */
export interface MemoryFigures {
  /** How the worker was started. */
  worker: string;
  workflowsTouched: number;
  /** Right after start-up (which bundles the workflow code under ts-node). */
  rssIdleMiB: number;
  /** Once every touched workflow has synced and the worker is quiet. */
  rssAfterTouchMiB: number;
  /** At the end of the reconcile runs. */
  rssEndMiB: number;
  /** VmHWM: the most the worker ever held. */
  peakRssMiB: number;
}

/** VmRSS and VmHWM of a Linux process in MiB; `undefined` where /proc is not available. */
export function processMemory(pid: number): { rssMiB: number; hwmMiB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: round(kb('VmRSS') / 1024), hwmMiB: round(kb('VmHWM') / 1024) };
  } catch {
    return undefined;
  }
}

/** A running worker process. */
export interface WorkerChild extends ServiceChild {
  memory(): { rssMiB: number; hwmMiB: number };
}

/** How the worker is started: as `npm run worker` does (ts-node, bundling at start), or compiled with a prebuilt bundle as the image runs it. */
export type WorkerEntry = 'ts-node' | { compiledWorker: string };

/** Starts the worker with `env` (the config keys of .env.example) and waits for its "worker started" line. */
export async function startWorkerChild(env: Record<string, string>, entry: WorkerEntry = 'ts-node', timeoutMs = 180_000): Promise<WorkerChild> {
  const args = entry === 'ts-node' ? ['-r', 'ts-node/register/transpile-only', 'src/worker.ts'] : [entry.compiledWorker];
  const service = await startServiceChild({ args, env, readyLine: '"msg":"worker started"', what: 'worker', timeoutMs });
  const memory = () => {
    const pid = service.child.pid;
    const m = pid === undefined ? undefined : processMemory(pid);
    if (!m) throw new Error('cannot read the worker\'s memory: /proc/<pid>/status is Linux only');
    return m;
  };
  return { ...service, memory };
}
