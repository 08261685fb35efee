/** The chaos suite's Temporal by default: one dev server on a fixed port with a SQLite file, so it can be restarted mid-run. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort, startDevServer, type DevServer, type DevServerOptions } from '../src/dev/temporal-dev-server';
import { TemporalKind, type ChaosTemporal } from './temporal';

/** The server's own error logs (e.g. a signal cancelled by the API's deadline) would drown the suite's lines. */
const QUIET: DevServerOptions['extraArgs'] = ['--log-level', 'never'];

/** A restartable dev server and a client that survives its restarts. */
export class DevChaosTemporal implements ChaosTemporal {
  readonly kind = TemporalKind.DEV;
  restarts = 0;
  private server: DevServer | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly connection: Connection,
    readonly client: Client,
    readonly description: string,
  ) {}

  /** Starts a dev server with its database in a fresh temporary directory. */
  static async start(): Promise<DevChaosTemporal> {
    const dir = mkdtempSync(path.join(tmpdir(), 'akeneo-sync-chaos-'));
    const port = await freePort();
    const server = await startDevServer({ port, dbFilename: path.join(dir, 'temporal.db'), extraArgs: QUIET });
    const connection = await Connection.connect({ address: server.address });
    const { serverVersion } = await connection.workflowService.getSystemInfo({});
    const t = new DevChaosTemporal(port, dir, connection, new Client({ connection, namespace: 'default' }), `dev server, server ${serverVersion} on SQLite`);
    t.server = server;
    return t;
  }

  /** `127.0.0.1:<port>`, the same across restarts. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** True while the server is up. */
  get up(): boolean {
    return this.server !== undefined;
  }

  /** Stops the server (workflows survive in the database file). */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    await s?.stop();
  }

  /** Starts the server again on the same port with the same database. */
  async startAgain(): Promise<void> {
    if (this.server) return;
    this.server = await startDevServer({ port: this.port, dbFilename: path.join(this.dir, 'temporal.db'), extraArgs: QUIET });
    this.restarts += 1;
  }

  /** Stops everything and removes the database. */
  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
