/** Builds the destination adapter the configuration names (`DESTINATION`). */
import type { WorkerConfig } from '../config';
import type { Destination } from './destination';
import { HttpDestination } from './http-destination';

/** A destination plus how to release what it holds (connections). */
export interface OwnedDestination {
  destination: Destination;
  close(): Promise<void>;
}

/** Creates the configured destination adapter. */
export function createDestination(config: WorkerConfig['destination']): Promise<OwnedDestination> {
  switch (config.kind) {
    case 'http':
      return Promise.resolve({ destination: new HttpDestination({ baseUrl: config.url, token: config.token }), close: () => Promise.resolve() });
    case 'postgres':
      return Promise.reject(new Error('DESTINATION=postgres is not available yet'));
  }
}
