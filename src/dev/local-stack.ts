/**
 * The whole service on one machine: simulated PIM and third party, the real worker pair and the real
 * API, all bound to 127.0.0.1. Used by the demo and the integration tests (Temporal is started apart).
 */
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import { AkeneoRestClient } from '../akeneo/rest-client';
import type { ApiConfig } from '../config';
import { startApiServer, type ApiServer } from '../api/server';
import { HttpDestination } from '../destination/http-destination';
import { countPimRequests } from '../metrics/pim-requests';
import { Catalog } from '../sim/catalog';
import { PimSimulator } from '../sim/pim-server';
import { ThirdPartySimulator, type ThirdPartySimulatorOptions } from '../sim/third-party-server';
import type { ProductSyncOptions } from '../workflows/product-sync';
import { createWorkers, DEFAULT_PIM_MAX_RPS, type CreateWorkersOptions, type Workers } from '../workers';

/** Credentials of the simulated PIM connection. */
export const SIM_CREDENTIALS = {
  clientId: 'sim-client',
  clientSecret: 'sim-client-secret',
  username: 'sim-connection',
  password: 'sim-password',
} as const;

/** Webhook secrets of the local API. */
export const LOCAL_SECRETS = {
  events: 'local-events-secret',
  platform: 'local-platform-primary-secret',
  platformSecondary: 'local-platform-secondary-secret',
  /** The subscriber's `notification_webhook_secret` (notification webhooks). */
  notifications: 'local-platform-notification-secret',
} as const;

/** The config of an API on 127.0.0.1 (any free port by default) with the local secrets, every webhook route on. */
export function localApiConfig(o: { temporalAddress: string; taskQueue: string; port?: number; logLevel?: string; maxEventsInFlight?: number }): ApiConfig {
  return {
    ...(o.maxEventsInFlight !== undefined && { maxEventsInFlight: o.maxEventsInFlight }),
    port: o.port ?? 0,
    host: '127.0.0.1',
    logLevel: o.logLevel ?? 'silent',
    temporal: { address: o.temporalAddress, namespace: 'default', taskQueue: o.taskQueue },
    eventsApiSecret: LOCAL_SECRETS.events,
    eventPlatformSecrets: { primary: LOCAL_SECRETS.platform, secondary: LOCAL_SECRETS.platformSecondary },
    eventPlatformNotificationSecret: LOCAL_SECRETS.notifications,
  };
}

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  temporalAddress: string;
  connection: NativeConnection;
  /** Client the reconcile activities signal entity workflows with. */
  client: Client;
  /** Ceiling of PIM requests per second (the PIM client's pacing; default {@link DEFAULT_PIM_MAX_RPS}). */
  pimMaxRps?: number;
  taskQueue: string;
  workflows: CreateWorkersOptions['workflows'];
  /** API port (default 0: any free port). */
  apiPort?: number;
  logger?: pino.Logger;
  workflowOptions?: ProductSyncOptions;
  /** Bearer token the third party requires (and the worker sends). */
  destinationToken?: string;
  /** Prefix of the simulated PIM's product-model codes (unique per stack when stacks share a server). */
  modelCodePrefix?: string;
  /** Clock of the simulated PIM's catalog (its `updated` dates), epoch ms; default `Date.now`. */
  catalogNow?: () => number;
  /** The API's `API_MAX_EVENTS_IN_FLIGHT` (default 5,000). */
  apiMaxEventsInFlight?: number;
  /** Options of the simulated third party (e.g. `refuseStale`). */
  thirdParty?: Omit<ThirdPartySimulatorOptions, 'token'>;
}

/** A running local stack. */
export interface LocalStack {
  catalog: Catalog;
  pim: PimSimulator;
  thirdParty: ThirdPartySimulator;
  api: ApiServer;
  workers: Workers;
  /** Stops the API, the workers and the simulators (not Temporal). */
  close(): Promise<void>;
}

/** Starts simulators, workers and API. */
export async function startLocalStack(o: LocalStackOptions): Promise<LocalStack> {
  const logger = o.logger ?? pino({ level: 'silent' });
  const catalog = new Catalog({ modelCodePrefix: o.modelCodePrefix, now: o.catalogNow });
  const pim = new PimSimulator({ catalog, ...SIM_CREDENTIALS });
  const thirdParty = new ThirdPartySimulator({ ...o.thirdParty, token: o.destinationToken });
  await pim.start();
  await thirdParty.start();
  const workers = await createWorkers({
    connection: o.connection,
    namespace: 'default',
    taskQueue: o.taskQueue,
    workflows: o.workflows,
    shutdownGraceTime: '2s',
    pimMaxRps: o.pimMaxRps,
    deps: {
      client: o.client,
      pim: new AkeneoRestClient({ baseUrl: pim.url, ...SIM_CREDENTIALS, logger, maxRequestsPerSecond: o.pimMaxRps ?? DEFAULT_PIM_MAX_RPS, onRequest: countPimRequests() }),
      destination: new HttpDestination({ baseUrl: thirdParty.url, token: o.destinationToken }),
    },
  });
  const running = workers.run();
  const api = await startApiServer({
    config: localApiConfig({ temporalAddress: o.temporalAddress, taskQueue: o.taskQueue, port: o.apiPort, logLevel: logger.level, maxEventsInFlight: o.apiMaxEventsInFlight }),
    logger,
    workflowOptions: o.workflowOptions,
  });
  return {
    catalog,
    pim,
    thirdParty,
    api,
    workers,
    close: async () => {
      await api.close();
      workers.shutdown();
      await running;
      await Promise.all([pim.close(), thirdParty.close()]);
    },
  };
}
