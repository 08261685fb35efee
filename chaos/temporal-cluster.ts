/**
 * The chaos suite's Temporal with `--temporal cluster`: the production-shaped cluster of src/dev/temporal-cluster.ts
 * (the server docker-compose.yml pins, on PostgreSQL, nodes behind a TCP balancer). Clients connect to the balancer,
 * whose address stays the same while nodes stop, die and start again.
 */
import { Client, Connection } from '@temporalio/client';
import { startTemporalCluster, type TemporalCluster } from '../src/dev/temporal-cluster';
import { TemporalKind, type ChaosTemporal } from './temporal';

/** Nodes in the chaos cluster: the cluster test bed's default (src/dev/temporal-cluster.ts), the least that can lose one. */
export const CHAOS_CLUSTER_NODES = 2;

/** A cluster that can be stopped and started again as a whole, or lose one node. */
export class ClusterChaosTemporal implements ChaosTemporal {
  readonly kind = TemporalKind.CLUSTER;
  restarts = 0;

  private constructor(
    readonly cluster: TemporalCluster,
    private readonly connection: Connection,
    readonly client: Client,
    readonly description: string,
  ) {}

  /** Starts PostgreSQL and the nodes (building the pinned server first if it is missing: minutes). */
  static async start(nodes = CHAOS_CLUSTER_NODES): Promise<ClusterChaosTemporal> {
    const cluster = await startTemporalCluster({ nodes });
    try {
      const connection = await Connection.connect({ address: cluster.address });
      const { serverVersion } = await connection.workflowService.getSystemInfo({});
      const client = new Client({ connection, namespace: cluster.namespace });
      return new ClusterChaosTemporal(cluster, connection, client, `cluster, ${nodes} nodes, server ${serverVersion} on PostgreSQL`);
    } catch (err) {
      await cluster.stop();
      throw err;
    }
  }

  /** The balancer's `127.0.0.1:<port>`. */
  get address(): string {
    return this.cluster.address;
  }

  /** True while every node runs. */
  get up(): boolean {
    return this.indexes().every((i) => this.cluster.nodeRunning(i));
  }

  /** Stops every node gracefully (SIGTERM), all at once; PostgreSQL and the balancer stay up. */
  async stop(): Promise<void> {
    await Promise.all(this.indexes().map((i) => this.cluster.stopNode(i)));
  }

  /** Starts the nodes that are down, one after the other as at first start, on their ports and the same database. */
  async startAgain(): Promise<void> {
    if (this.up) return;
    for (const i of this.indexes()) if (!this.cluster.nodeRunning(i)) await this.cluster.startNode(i);
    this.restarts += 1;
  }

  /** Stops the nodes, PostgreSQL and the balancer, and removes the database. */
  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
    await this.cluster.stop();
  }

  private indexes(): number[] {
    return this.cluster.nodeAddresses.map((_, i) => i);
  }
}
