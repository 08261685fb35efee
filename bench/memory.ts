/**
 * The worker as a child process (`node -r ts-node/register/transpile-only src/worker.ts`, as `npm run
 * worker` runs it), so its resident memory is its own: start, wait until ready, read VmRSS and VmHWM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BenchTimeoutError, onAbort, round, withDeadline } from './util';

const ROOT = path.resolve(__dirname, '..');
/** Keep this much of the worker's output, for error messages. */
const OUTPUT_TAIL = 20_000;

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
export interface WorkerChild {
  child: ChildProcess;
  memory(): { rssMiB: number; hwmMiB: number };
  /** The last lines it printed. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Env keys the worker's config reads that must not leak in from the benchmark's own environment. */
const CONFIG_KEY = /^(TEMPORAL_|AKENEO_|DESTINATION|DATABASE_URL|METRICS_PORT|RECONCILE_|DELETE_POLICY|SHUTDOWN_GRACE_TIME|WORKER_|LOG_LEVEL|TLS_)/;

/** How the worker is started: as `npm run worker` does (ts-node, bundling at start), or compiled with a prebuilt bundle as the image runs it. */
export type WorkerEntry = 'ts-node' | { compiledWorker: string };

/** Starts the worker with `env` (the config keys of .env.example) and waits for its "worker started" line. */
export async function startWorkerChild(env: Record<string, string>, entry: WorkerEntry = 'ts-node', timeoutMs = 180_000): Promise<WorkerChild> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !CONFIG_KEY.test(k)));
  const args = entry === 'ts-node' ? ['-r', 'ts-node/register/transpile-only', 'src/worker.ts'] : [entry.compiledWorker];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...base, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let ready = false;
  let onReady: () => void = () => undefined;
  const collect = (b: Buffer) => {
    out = (out + b.toString()).slice(-OUTPUT_TAIL);
    if (!ready && out.includes('"msg":"worker started"')) {
      ready = true;
      onReady();
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    void exited.then(() => reject(new Error(`worker exited during start-up: ${out.slice(-2_000)}`)));
  });
  const stop = async (graceMs = 10_000): Promise<void> => {
    unregister();
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await withDeadline(exited, graceMs, 'worker exit').catch(() => {
      child.kill('SIGKILL');
      return exited;
    });
  };
  const unregister = onAbort(() => stop(2_000));
  try {
    await withDeadline(started, timeoutMs, 'worker start-up');
  } catch (err) {
    await stop(2_000);
    throw err instanceof BenchTimeoutError ? new Error(`${err.message}: ${out.slice(-2_000)}`) : err;
  }
  const memory = () => {
    const m = child.pid === undefined ? undefined : processMemory(child.pid);
    if (!m) throw new Error('cannot read the worker\'s memory: /proc/<pid>/status is Linux only');
    return m;
  };
  return { child, memory, output: () => out, stop };
}
