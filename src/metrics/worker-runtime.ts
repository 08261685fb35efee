/**
 * The worker process's Temporal Runtime: SDK logs into pino and, unless the port is 0, a Prometheus
 * endpoint (`/metrics`) with the SDK's `temporal_*` metrics and the service's own worker metrics
 * (`akeneo_sync_*`, recorded through the SDK's workflow and activity meters).
 */
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { Runtime, type RuntimeOptions } from '@temporalio/worker';
import type pino from 'pino';

/** Options of {@link installWorkerRuntime}. */
export interface WorkerRuntimeOptions {
  /** Port of the Prometheus endpoint; 0 turns metrics off. */
  metricsPort: number;
  /** Interface the endpoint binds to (default `0.0.0.0`, for the scraper). */
  metricsHost?: string;
  /** Receives the SDK's logs (workflow and activity `log`, and Core's warnings); the SDK's default otherwise. */
  logger?: pino.Logger;
  /** Signals on which the Runtime stops every worker (the SDK's default when absent; `[]`: the process handles them). */
  shutdownSignals?: NodeJS.Signals[];
}

const PINO_LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const satisfies Record<LogLevel, pino.Level>;

/** Adapts a pino logger to the SDK's `Logger` interface (metadata first, as pino wants it). */
export function toSdkLogger(logger: pino.Logger): Logger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata): void => logger[PINO_LEVELS[level]](meta ?? {}, message);
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

/** The options {@link installWorkerRuntime} gives `Runtime.install` (metric prefix: the SDK's default `temporal_`). */
export function workerRuntimeOptions(o: WorkerRuntimeOptions): RuntimeOptions {
  const telemetryOptions: NonNullable<RuntimeOptions['telemetryOptions']> = {};
  if (o.metricsPort > 0) {
    telemetryOptions.metrics = { prometheus: { bindAddress: `${o.metricsHost ?? '0.0.0.0'}:${o.metricsPort}` } };
  }
  if (o.logger) telemetryOptions.logging = { filter: { core: 'WARN', other: 'ERROR' }, forward: {} };
  return { ...(o.logger && { logger: toSdkLogger(o.logger) }), ...(o.shutdownSignals && { shutdownSignals: o.shutdownSignals }), telemetryOptions };
}

/**
 * Installs the Runtime; call once, before any connection or worker is created (the SDK allows one
 * install per process and throws otherwise).
 */
export function installWorkerRuntime(o: WorkerRuntimeOptions): Runtime {
  return Runtime.install(workerRuntimeOptions(o));
}
