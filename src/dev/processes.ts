/**
 * Child-process launchers for the worker (`src/worker.ts`) and the API (`src/api/main.ts`), run the way
 * `npm run worker` / `npm run api` run them. Used by the chaos suite and the tests that kill processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Entry points of the two service processes, relative to the repository root. */
export const ServiceScript = { WORKER: 'src/worker.ts', API: 'src/api/main.ts' } as const;
export type ServiceScript = (typeof ServiceScript)[keyof typeof ServiceScript];

/** The log message each process writes (pino `msg`) once it is serving. */
const READY_MESSAGE: Record<ServiceScript, string> = { 'src/worker.ts': 'worker started', 'src/api/main.ts': 'API listening' };

/** Most output kept per process (the tail), so a long run does not grow without bound. */
const MAX_OUTPUT_CHARS = 200_000;

/** A running service process. */
export interface ServiceProcess {
  child: ChildProcess;
  script: ServiceScript;
  /** Everything it printed (stdout and stderr interleaved; the tail when long). */
  output(): string;
  /** Resolves once the process logged that it is serving; rejects if it exits first or `timeoutMs` passes. */
  ready(timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  exited: Promise<number | string | null>;
  /** True while the process has not exited. */
  running(): boolean;
  /** Sends `signal` (default SIGTERM), then SIGKILL if it is still running after `killAfterMs` (default 20 s); resolves on exit. */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<number | string | null>;
}

/** Keys `src/config.ts` reads: never inherited, so a child runs with exactly the configuration it is given. */
const CONFIG_KEY = /^(TEMPORAL_(?!CLI_PATH)|AKENEO_|DESTINATION|DATABASE_URL$|TLS_|PORT$|HOST$|METRICS_PORT$|RECONCILE_|DELETE_POLICY$|SHUTDOWN_GRACE_TIME$|LOG_LEVEL$)/;

function inheritedEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !CONFIG_KEY.test(e[0])));
}

/** Starts `script` with the current environment minus any app configuration, plus `env`; the child's logs are JSON (pino). */
export function startServiceProcess(script: ServiceScript, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script], {
    cwd: ROOT,
    env: { ...inheritedEnv(), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let isReady = false;
  const waiters = new Set<() => void>();
  const onData = (b: Buffer): void => {
    out = (out + b.toString()).slice(-MAX_OUTPUT_CHARS);
    if (!isReady && out.includes(`"msg":"${READY_MESSAGE[script]}"`)) {
      isReady = true;
      for (const w of waiters) w();
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  const ready = (timeoutMs = 60_000): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (isReady) return resolve();
      const timer = setTimeout(() => fail(`${script} not ready after ${timeoutMs} ms`), timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      };
      function fail(why: string): void {
        clearTimeout(timer);
        waiters.delete(done);
        reject(new Error(`${why}; output: ${out.slice(-800)}`));
      }
      waiters.add(done);
      void exited.then((code) => !isReady && fail(`${script} exited (${String(code)}) before it was ready`));
    });
  return {
    child,
    script,
    output: () => out,
    ready,
    exited,
    running,
    stop: async (signal: NodeJS.Signals = 'SIGTERM', killAfterMs = 20_000) => {
      if (!running()) return exited;
      child.kill(signal);
      const timer = setTimeout(() => running() && child.kill('SIGKILL'), killAfterMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Environment of a worker process against a PIM and a third party (simulated or real). */
export interface WorkerProcessEnv {
  temporalAddress: string;
  taskQueue: string;
  pimUrl: string;
  pimCredentials: { clientId: string; clientSecret: string; username: string; password: string };
  destinationUrl: string;
  /** Extra keys (e.g. `SHUTDOWN_GRACE_TIME`), added last. */
  extra?: Record<string, string>;
}

/** The env keys of a worker process: no schedules (the caller triggers reconciles), no metrics port. */
export function workerEnv(o: WorkerProcessEnv): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: o.temporalAddress,
    TEMPORAL_TASK_QUEUE: o.taskQueue,
    AKENEO_BASE_URL: o.pimUrl,
    AKENEO_CLIENT_ID: o.pimCredentials.clientId,
    AKENEO_CLIENT_SECRET: o.pimCredentials.clientSecret,
    AKENEO_USERNAME: o.pimCredentials.username,
    AKENEO_PASSWORD: o.pimCredentials.password,
    DESTINATION: 'http',
    DESTINATION_URL: o.destinationUrl,
    RECONCILE_ENABLED: 'false',
    METRICS_PORT: '0',
    SHUTDOWN_GRACE_TIME: '5s',
    ...o.extra,
  };
}

/** Environment of an API process. */
export interface ApiProcessEnv {
  temporalAddress: string;
  taskQueue: string;
  port: number;
  eventsSecret: string;
  platformSecret: string;
  extra?: Record<string, string>;
}

/** The env keys of an API process listening on 127.0.0.1:`port`. */
export function apiEnv(o: ApiProcessEnv): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: o.temporalAddress,
    TEMPORAL_TASK_QUEUE: o.taskQueue,
    HOST: '127.0.0.1',
    PORT: String(o.port),
    AKENEO_EVENTS_SECRET: o.eventsSecret,
    AKENEO_EVENT_PLATFORM_SECRET: o.platformSecret,
    ...o.extra,
  };
}
