/**
 * A production-shaped Temporal for tests, benchmarks and chaos: the server docker-compose.yml pins (built by
 * `npm run temporal:install-server` into ./.temporal-server), on PostgreSQL, as a cluster of nodes sharing the
 * database, behind a TCP load balancer. It is set up the way compose sets up its stack: PostgreSQL, then
 * `deploy/temporal/setup-postgres.sh` (schemas), the server nodes started from the server's own `docker.yaml`
 * config template with the environment the temporalio/server image reads, then
 * `deploy/temporal/register-search-attributes.sh` (namespace and search attributes). Every port is a free one
 * on 127.0.0.1. `stop()` stops everything it started. Never used in production.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { grpc } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startPostgres, type TestPostgres } from './postgres';
import { startTcpBalancer, type TcpBalancer } from './tcp-balancer';
import { type DevServer, freePort, TEMPORAL_CLI_PATH } from './temporal-dev-server';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

/** Where `npm run temporal:install-server` puts the server, temporal-sql-tool, the schemas and the config template. */
export const TEMPORAL_SERVER_DIR = process.env.TEMPORAL_SERVER_DIR ?? path.join(ROOT, '.temporal-server');
const DEPLOY_DIR = path.join(ROOT, 'deploy/temporal');

/** Options of {@link startTemporalCluster}. */
export interface TemporalClusterOptions {
  /** Server nodes, each running every service (default 2). */
  nodes?: number;
  /** Namespace created with the search attributes (default `default`). */
  namespace?: string;
  /** History shards (default 4, as the temporalio/server image's template). */
  historyShards?: number;
  /** Server log level (default `warn`); the logs go to a file per node, quoted when a node fails. */
  logLevel?: string;
}

/** The environment of one node, its ports, and its process while running. */
interface Node {
  index: number;
  env: NodeJS.ProcessEnv;
  /** Frontend gRPC, `127.0.0.1:<port>`. */
  address: string;
  /** Prometheus endpoint, `127.0.0.1:<port>`. */
  metrics: string;
  log: string;
  process?: ChildProcess;
  exited?: Promise<void>;
}

/** A running cluster. */
export interface TemporalCluster {
  /** The load balancer in front of every frontend: what clients and workers connect to. */
  address: string;
  /** Each node's own frontend gRPC address. */
  nodeAddresses: string[];
  /** Each node's Prometheus endpoint (`host:port`, path `/metrics`). */
  metricsAddresses: string[];
  namespace: string;
  postgres: TestPostgres;
  balancer: TcpBalancer;
  /** Kills node `i` with SIGKILL, as a crashed pod, and waits for the process to be gone. */
  killNode(i: number): Promise<void>;
  /** Stops node `i` gracefully, as a rolling update does: SIGTERM, then SIGKILL after 15 s; resolves once it exited. */
  stopNode(i: number): Promise<void>;
  /** Starts node `i` again, on the same ports, and waits until its frontend serves; throws if it is running. */
  startNode(i: number): Promise<void>;
  /** Whether node `i`'s process is running. */
  nodeRunning(i: number): boolean;
  /** The end of node `i`'s log. */
  logTail(i: number, chars?: number): Promise<string>;
  stop(): Promise<void>;
}

/** Whether the server built by `npm run temporal:install-server` is there. */
export function temporalServerInstalled(dir = TEMPORAL_SERVER_DIR): boolean {
  return ['bin/temporal-server', 'bin/temporal-sql-tool', 'config/docker.yaml', 'schema/postgresql/v12'].every((p) => existsSync(path.join(dir, p)));
}

/** Whether `port` can be bound on 127.0.0.1 now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * A free port below 32768. The SQL stores keep a node's membership port in a `smallint` column
 * (`cluster_membership.rpc_port`), so a port from the kernel's ephemeral range (32768 and up) makes the
 * node die at start with "value out of range for type smallint".
 */
async function freeMembershipPort(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!taken.has(port) && (await bindable(port))) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port between 20000 and 32000 for a Temporal membership port');
}

const membershipPorts = new Set<number>();

async function portsFor(index: number, base: NodeJS.ProcessEnv): Promise<Node> {
  const ports: Record<string, string> = {};
  for (const name of ['FRONTEND_GRPC_PORT', 'FRONTEND_HTTP_PORT', 'INTERNAL_FRONTEND_HTTP_PORT', 'HISTORY_GRPC_PORT', 'MATCHING_GRPC_PORT', 'WORKER_GRPC_PORT']) {
    ports[name] = String(await freePort());
  }
  for (const name of ['FRONTEND_MEMBERSHIP_PORT', 'HISTORY_MEMBERSHIP_PORT', 'MATCHING_MEMBERSHIP_PORT', 'WORKER_MEMBERSHIP_PORT']) {
    ports[name] = String(await freeMembershipPort(membershipPorts));
  }
  const metrics = `127.0.0.1:${await freePort()}`;
  return {
    index,
    env: { ...base, ...ports, PROMETHEUS_ENDPOINT: metrics },
    address: `127.0.0.1:${ports.FRONTEND_GRPC_PORT}`,
    metrics,
    log: '',
  };
}

/** Polls the frontend's gRPC health check until it serves, or throws after `timeoutMs`. */
async function waitServing(address: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the node at ${address} exited`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2000 });
      try {
        const { status } = await connection.healthService.check({});
        if (status === grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING) return;
        last = new Error(`health status ${status}`);
      } finally {
        await connection.close();
      }
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Temporal at ${address} did not serve within ${timeoutMs} ms: ${last instanceof Error ? last.message : String(last)}`);
}

async function runScript(script: string, env: NodeJS.ProcessEnv, what: string): Promise<string> {
  try {
    const { stdout } = await run('sh', [path.join(DEPLOY_DIR, script)], { env, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${what} (deploy/temporal/${script}) failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`.slice(0, 4000));
  }
}

/**
 * Runs `scripts/install-temporal-server.sh`: returns at once when the build is there, waits for a build already
 * running (`npm test` starts one in the background), or builds (minutes).
 */
export async function ensureTemporalServer(): Promise<void> {
  try {
    await run('bash', [path.join(ROOT, 'scripts/install-temporal-server.sh')], { timeout: 20 * 60_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    const log = await readFile(`${TEMPORAL_SERVER_DIR}.log`, 'utf8').catch(() => '');
    throw new Error(`the Temporal server could not be built (npm run temporal:install-server): ${e.stderr || e.message}\n${log.slice(-2000)}`);
  }
  if (!temporalServerInstalled()) throw new Error(`npm run temporal:install-server left no server in ${TEMPORAL_SERVER_DIR}`);
}

/** Starts PostgreSQL, sets up the schemas, starts the nodes one after the other and registers the search attributes. */
export async function startTemporalCluster(options: TemporalClusterOptions = {}): Promise<TemporalCluster> {
  await ensureTemporalServer();
  if (!existsSync(TEMPORAL_CLI_PATH)) throw new Error(`Temporal CLI not found at ${TEMPORAL_CLI_PATH}: run "npm run temporal:install"`);
  const namespace = options.namespace ?? 'default';
  const dir = await mkdtemp(path.join(tmpdir(), 'akeneo-sync-temporal-cluster-'));
  await chmod(dir, 0o755);
  const postgres = await startPostgres();
  const nodes: Node[] = [];
  let balancer: TcpBalancer | undefined;
  const PATH = [path.join(TEMPORAL_SERVER_DIR, 'bin'), path.dirname(TEMPORAL_CLI_PATH), process.env.PATH ?? ''].join(path.delimiter);

  const startNode = async (node: Node, timeoutMs = 90_000): Promise<void> => {
    const out = createWriteStream(node.log, { flags: 'a' });
    await new Promise((resolve) => out.once('open', resolve));
    const args = ['--root', TEMPORAL_SERVER_DIR, '--config', 'config', '--env', 'docker', 'start'];
    const child = spawn(path.join(TEMPORAL_SERVER_DIR, 'bin/temporal-server'), args, { env: node.env, stdio: ['ignore', out, out] });
    node.process = child;
    // A node must not outlive this process (a benchmark or test killed mid-run): 'exit' allows only sync work.
    const orphanGuard = (): void => void child.kill('SIGKILL');
    process.once('exit', orphanGuard);
    node.exited = new Promise((resolve) =>
      child.once('exit', () => {
        process.removeListener('exit', orphanGuard);
        resolve();
      }),
    );
    void node.exited.then(() => out.end());
    try {
      await waitServing(node.address, timeoutMs, () => child.exitCode === null && child.signalCode === null);
    } catch (err) {
      const tail = (await readFile(node.log, 'utf8').catch(() => '')).slice(-3000);
      throw new Error(`${(err as Error).message}\n--- node ${node.index} log ---\n${tail}`);
    }
  };
  /**
   * Starts a node for the first time. Its ports were free when picked, but another process can bind one before
   * the node does (the kernel hands the same ephemeral ports to outgoing connections), and the node then exits
   * at start-up: it gets new ports and another try, twice at most.
   */
  const startFresh = async (node: Node, base: NodeJS.ProcessEnv): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await startNode(node);
      } catch (err) {
        const exited = node.process !== undefined && (node.process.exitCode !== null || node.process.signalCode !== null);
        if (!exited || attempt === 3) throw err;
        const fresh = await portsFor(node.index, base);
        Object.assign(node, { env: fresh.env, address: fresh.address, metrics: fresh.metrics });
      }
    }
  };
  const running = (node: Node): node is Node & { process: ChildProcess } => node.process !== undefined && node.process.exitCode === null && node.process.signalCode === null;
  const killNode = async (node: Node): Promise<void> => {
    if (!running(node)) return;
    node.process.kill('SIGKILL');
    await node.exited;
  };
  const stopNode = async (node: Node): Promise<void> => {
    if (!running(node)) return;
    node.process.kill('SIGTERM');
    const timer = setTimeout(() => node.process?.kill('SIGKILL'), 15_000);
    await node.exited;
    clearTimeout(timer);
  };
  const stop = async (): Promise<void> => {
    await balancer?.close();
    await Promise.all(nodes.map(stopNode));
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await runScript(
      'setup-postgres.sh',
      {
        PATH,
        POSTGRES_SEEDS: '127.0.0.1',
        DB_PORT: String(postgres.port),
        POSTGRES_USER: postgres.user,
        SQL_PASSWORD: postgres.password,
        SCHEMA_DIR: path.join(TEMPORAL_SERVER_DIR, 'schema/postgresql/v12'),
        DB_READY_COMMAND: `pg_isready -h 127.0.0.1 -p ${postgres.port}`,
      },
      'the schema set-up',
    );
    // The environment the temporalio/server image reads (docker-compose.yml's `temporal` service), per node.
    const base: NodeJS.ProcessEnv = {
      PATH,
      DB: 'postgres12',
      DB_PORT: String(postgres.port),
      // The template reads the visibility store's port from VISIBILITY_DB_PORT or POSTGRES_PORT, else 5432,
      // never from DB_PORT: compose gets away with it because its PostgreSQL is on 5432.
      VISIBILITY_DB_PORT: String(postgres.port),
      POSTGRES_SEEDS: '127.0.0.1',
      POSTGRES_USER: postgres.user,
      POSTGRES_PWD: postgres.password,
      BIND_ON_IP: '127.0.0.1',
      TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
      DYNAMIC_CONFIG_FILE_PATH: path.join(DEPLOY_DIR, 'dynamicconfig/docker.yaml'),
      NUM_HISTORY_SHARDS: String(options.historyShards ?? 4),
      LOG_LEVEL: options.logLevel ?? 'warn',
    };
    for (let i = 0; i < (options.nodes ?? 2); i++) {
      const node = await portsFor(i, base);
      node.log = path.join(dir, `node-${i}.log`);
      nodes.push(node);
    }
    // One after the other: the first creates the cluster metadata, the others join its membership ring.
    for (const node of nodes) await startFresh(node, base);
    balancer = await startTcpBalancer(nodes.map((n) => n.address));
    await runScript(
      'register-search-attributes.sh',
      { PATH, TEMPORAL_ADDRESS: balancer.address, TEMPORAL_NAMESPACE: namespace },
      'the namespace and search attribute registration',
    );
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }

  const nodeAt = (i: number): Node => {
    const node = nodes[i];
    if (!node) throw new RangeError(`no node ${i} (the cluster has ${nodes.length})`);
    return node;
  };
  return {
    address: balancer.address,
    nodeAddresses: nodes.map((n) => n.address),
    metricsAddresses: nodes.map((n) => n.metrics),
    namespace,
    postgres,
    balancer,
    killNode: (i) => killNode(nodeAt(i)),
    stopNode: (i) => stopNode(nodeAt(i)),
    startNode: async (i) => {
      // A second process on the same ports would die at once, and the running one would no longer be tracked.
      if (running(nodeAt(i))) throw new Error(`node ${i} is running`);
      await startNode(nodeAt(i));
    },
    nodeRunning: (i) => running(nodeAt(i)),
    logTail: async (i, chars = 3000) => (await readFile(nodeAt(i).log, 'utf8').catch(() => '')).slice(-chars),
    stop,
  };
}

/**
 * The cluster as the {@link DevServer} the tests, benchmarks and chaos suite take: a client and a native connection
 * to the balancer. `stop()` stops the whole cluster.
 */
export async function startClusterServer(options: TemporalClusterOptions = {}): Promise<DevServer & { cluster: TemporalCluster }> {
  const cluster = await startTemporalCluster(options);
  try {
    const env = await TestWorkflowEnvironment.createFromExistingServer({ address: cluster.address, namespace: cluster.namespace });
    const port = Number(cluster.address.slice(cluster.address.lastIndexOf(':') + 1));
    return {
      env,
      address: cluster.address,
      port,
      cluster,
      stop: async () => {
        await env.teardown();
        await cluster.stop();
      },
    };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}
