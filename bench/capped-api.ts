/**
 * A prototype, for comparison only: the real API app (`createApp`, the same routes and TemporalIntake)
 * whose intake refuses at once, with 503, any request that would put more than `maxEvents` events in
 * flight to Temporal. Not in src/: it measures what an in-flight cap on the legacy route would change
 * when the API is offered more than Temporal can take within the 0.4 s intake deadline.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { createApp } from '../src/api/app';
import { IntakeUnavailableError, type EventIntake } from '../src/api/ports';
import { API_GRPC_MAX_RETRY_DELAY_MS, apiGrpcInterceptors, TemporalIntake } from '../src/api/temporal-intake';
import { LOCAL_SECRETS } from '../src/dev/local-stack';
import type { EntityEvent } from '../src/workflows/definitions';
import { pause } from './util';

/** Events in flight to Temporal at once in the prototype: about what the dev server here persists in 0.2 s. */
export const CAPPED_MAX_EVENTS = 100;

/** An intake that sheds load instead of queueing it behind the deadline. */
class CappedIntake implements EventIntake {
  private inFlight = 0;

  constructor(
    private readonly inner: EventIntake,
    private readonly maxEvents: number,
  ) {}

  async submit(events: EntityEvent[]): Promise<void> {
    if (this.inFlight + events.length > this.maxEvents) throw new IntakeUnavailableError('too many events in flight');
    this.inFlight += events.length;
    try {
      await this.inner.submit(events);
    } finally {
      this.inFlight -= events.length;
    }
  }
}

/** A listening prototype API. */
export interface CappedApi {
  url: string;
  close(): Promise<void>;
}

/** Serves the prototype on 127.0.0.1, any free port, for entity workflows on `taskQueue`. */
export async function startCappedApi(temporalAddress: string, taskQueue: string, maxEvents = CAPPED_MAX_EVENTS): Promise<CappedApi> {
  const connection = Connection.lazy({ address: temporalAddress, interceptors: apiGrpcInterceptors() });
  const client = new Client({ connection, namespace: 'default' });
  const app = createApp({
    config: { eventsApiSecret: LOCAL_SECRETS.events },
    intake: new CappedIntake(new TemporalIntake(client, { taskQueue }), maxEvents),
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
