/**
 * For comparison only: the real API app (`createApp`, the same routes and TemporalIntake) with its
 * load shedding turned off (API_MAX_EVENTS_IN_FLIGHT out of reach), so only the 0.4 s intake deadline
 * limits it. It shows what the in-flight limit buys when the API is offered more than Temporal takes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { createApp } from '../src/api/app';
import { API_GRPC_MAX_RETRY_DELAY_MS, apiGrpcInterceptors, TemporalIntake } from '../src/api/temporal-intake';
import { TemporalNotificationIntake } from '../src/api/temporal-notifications';
import { LOCAL_SECRETS } from '../src/dev/local-stack';
import { pause } from './util';

/** An in-flight limit no benchmark load reaches. */
const NO_LIMIT = 100_000;

/** A listening API without load shedding. */
export interface UncappedApi {
  url: string;
  close(): Promise<void>;
}

/** Serves it on 127.0.0.1, any free port, for entity workflows on `taskQueue`. */
export async function startUncappedApi(temporalAddress: string, taskQueue: string): Promise<UncappedApi> {
  const connection = Connection.lazy({ address: temporalAddress, interceptors: apiGrpcInterceptors() });
  const client = new Client({ connection, namespace: 'default' });
  const app = createApp({
    config: { eventsApiSecret: LOCAL_SECRETS.events },
    intake: new TemporalIntake(client, { taskQueue }),
    notifications: new TemporalNotificationIntake(client, { taskQueue }),
    maxInFlight: NO_LIMIT,
    history: { read: () => Promise.resolve(undefined) },
    readiness: () => Promise.resolve(true),
    logger: pino({ level: 'silent' }),
  });
  const handle = app.callback();
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      // As the real API does: let a gRPC retry in back-off fire before closing its channel.
      await pause(2 * API_GRPC_MAX_RETRY_DELAY_MS);
      await connection.close();
    },
  };
}
