/** The Temporal the chaos suite runs on: what every scenario may do with it, whichever kind it is. */
import type { Client } from '@temporalio/client';
import type { TemporalCluster } from '../src/dev/temporal-cluster';

/** The kinds of Temporal the suite can run on (`--temporal`). */
export const TemporalKind = {
  /** One `temporal server start-dev` with a SQLite file (chaos/temporal-dev.ts). */
  DEV: 'dev',
  /** The production-shaped cluster: the pinned server on PostgreSQL, nodes behind a balancer (chaos/temporal-cluster.ts). */
  CLUSTER: 'cluster',
} as const;
export type TemporalKind = (typeof TemporalKind)[keyof typeof TemporalKind];

/** A restartable Temporal with a client that survives its restarts. */
export interface ChaosTemporal {
  readonly kind: TemporalKind;
  /** What it is, for the suite's output: e.g. `cluster, 2 nodes, server 1.29.1 on PostgreSQL`. */
  readonly description: string;
  /** Where clients connect, the same across restarts (the balancer's, on the cluster). */
  readonly address: string;
  /** Reconnects by itself after a restart (gRPC channel). */
  readonly client: Client;
  /** True while the whole of it is up (every node, on the cluster). */
  readonly up: boolean;
  /** Times it was started again. */
  readonly restarts: number;
  /** The cluster, for scenarios that kill one node; undefined on the dev server. */
  readonly cluster?: TemporalCluster;
  /** Stops all of it gracefully; workflows survive in its database. */
  stop(): Promise<void>;
  /** Starts again whatever is down, on the same ports with the same database. */
  startAgain(): Promise<void>;
  /** Stops everything and removes the database. */
  close(): Promise<void>;
}
