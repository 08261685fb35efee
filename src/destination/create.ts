/** Builds the destination adapter the configuration names (`DESTINATION`). */
import type { Logger } from 'pino';
import type { WorkerConfig } from '../config';
import type { Destination } from './destination';
import { HttpDestination } from './http-destination';
import { PostgresDestination } from './postgres-destination';

/** A destination plus how to release what it holds (connections). */
export interface OwnedDestination {
  destination: Destination;
  close(): Promise<void>;
}

/** Creates the configured destination adapter; a PostgreSQL destination is migrated before it is returned. */
export function createDestination(config: WorkerConfig['destination'], logger?: Pick<Logger, 'warn'>): Promise<OwnedDestination> {
  switch (config.kind) {
    case 'http':
      return Promise.resolve({ destination: new HttpDestination({ baseUrl: config.url, token: config.token }), close: () => Promise.resolve() });
    case 'postgres':
      return openPostgres(config.databaseUrl, logger);
  }
}

async function openPostgres(connectionString: string, logger?: Pick<Logger, 'warn'>): Promise<OwnedDestination> {
  const destination = new PostgresDestination({ connectionString, logger });
  try {
    await destination.migrate();
  } catch (err) {
    await destination.close();
    throw err;
  }
  return { destination, close: () => destination.close() };
}
