/**
 * One of the service's processes (the worker or the API) as a child of the benchmark: started with only the config
 * keys it is given, ready once it prints its start-up line, stopped with SIGTERM (SIGKILL after a grace time).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BenchTimeoutError, onAbort, withDeadline } from './util';

const ROOT = path.resolve(__dirname, '..');
/** Keep this much of the child's output, for error messages. */
const OUTPUT_TAIL = 20_000;

/**
 * Env keys the service's config reads that must not leak in from the benchmark's own environment (worker and API:
 * src/config.ts).
 */
const CONFIG_KEY = /^(TEMPORAL_|AKENEO_|DESTINATION|DATABASE_URL|METRICS_PORT|RECONCILE_|DELETE_|SHUTDOWN_GRACE_TIME|WORKER_|LOG_LEVEL|TLS_|API_|PORT$|HOST$)/;

/** A running service process. */
export interface ServiceChild {
  child: ChildProcess;
  /** The last lines it printed. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

/** How to start one. */
export interface ServiceChildSpec {
  /** Arguments of `node` (the script and what goes before it). */
  args: string[];
  /** The config keys (.env.example); `LOG_LEVEL` is `info` unless given. */
  env: Record<string, string>;
  /** The line that says it is ready, as it appears in its JSON log (e.g. `"msg":"worker started"`). */
  readyLine: string;
  /** What it is, in errors. */
  what: string;
  timeoutMs?: number;
}

/** Starts the process and waits for its ready line. */
export async function startServiceChild(spec: ServiceChildSpec): Promise<ServiceChild> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !CONFIG_KEY.test(k)));
  const child = spawn(process.execPath, spec.args, { cwd: ROOT, env: { ...base, LOG_LEVEL: 'info', ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let ready = false;
  let onReady: () => void = () => undefined;
  const collect = (b: Buffer) => {
    out = (out + b.toString()).slice(-OUTPUT_TAIL);
    if (!ready && out.includes(spec.readyLine)) {
      ready = true;
      onReady();
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    void exited.then(() => reject(new Error(`${spec.what} exited during start-up: ${out.slice(-2_000)}`)));
  });
  const stop = async (graceMs = 10_000): Promise<void> => {
    unregister();
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await withDeadline(exited, graceMs, `${spec.what} exit`).catch(() => {
      child.kill('SIGKILL');
      return exited;
    });
  };
  const unregister = onAbort(() => stop(2_000));
  try {
    await withDeadline(started, spec.timeoutMs ?? 180_000, `${spec.what} start-up`);
  } catch (err) {
    await stop(2_000);
    throw err instanceof BenchTimeoutError ? new Error(`${err.message}: ${out.slice(-2_000)}`) : err;
  }
  return { child, output: () => out, stop };
}
