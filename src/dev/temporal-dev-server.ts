/**
 * Starts the official Temporal CLI dev server (installed into ./.venv by scripts/install-temporal.sh)
 * through `@temporalio/testing`. Used by the integration tests and the demo; never in production.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

/** Where `npm run temporal:install` puts the CLI. */
export const TEMPORAL_CLI_PATH = process.env.TEMPORAL_CLI_PATH ?? path.resolve(__dirname, '../../.venv/bin/temporal');

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** gRPC port; a free one when omitted. Fix it to restart a server at the same address. */
  port?: number;
  /** Serve the Web UI on this port (off when omitted). */
  uiPort?: number;
  /** SQLite file so the server can be restarted without losing workflows; in-memory when omitted. */
  dbFilename?: string;
  /** Extra `temporal server start-dev` arguments (e.g. dynamic config). */
  extraArgs?: string[];
  /** Register the entity workflows' search attributes at start (default true); false: a bare server, as a user's first one. */
  registerSearchAttributes?: boolean;
}

/** A running dev server. */
export interface DevServer {
  env: TestWorkflowEnvironment;
  address: string;
  port: number;
  stop(): Promise<void>;
}

/** Finds a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Ports the dev server's own frontend takes: below Linux's ephemeral range (32768–60999) and above common services. */
const FRONTEND_PORTS = { from: 20_000, to: 32_000 } as const;

/**
 * A free port for the dev server's frontend, outside the ephemeral range. The dev server picks the ports of its
 * internal services (history, matching, worker) by binding port 0, i.e. in the ephemeral range: a frontend port
 * from {@link freePort} could be handed to one of them between our check and the frontend's bind, and the
 * server then panics at start ("bind: address already in use"), seen with several test runs on one machine.
 */
export async function freeFrontendPort(random: () => number = Math.random): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = FRONTEND_PORTS.from + Math.floor(random() * (FRONTEND_PORTS.to - FRONTEND_PORTS.from));
    if (await isFree(port)) return port;
  }
  return freePort();
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Starts `temporal server start-dev` (with the entity workflows' search attributes registered, by default) and waits until it answers. */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  if (!existsSync(TEMPORAL_CLI_PATH)) {
    throw new Error(`Temporal CLI not found at ${TEMPORAL_CLI_PATH}: run "npm run temporal:install"`);
  }
  const port = options.port ?? (await freeFrontendPort());
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: TEMPORAL_CLI_PATH },
      ip: '127.0.0.1',
      port,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      dbFilename: options.dbFilename,
      log: { format: 'json', level: 'error' },
      extraArgs: options.extraArgs,
      // Upserting an unregistered attribute fails the workflow task: register them on every server we start.
      searchAttributes: options.registerSearchAttributes === false ? [] : [...SEARCH_ATTRIBUTES],
    },
  });
  return { env, port, address: `127.0.0.1:${port}`, stop: () => env.teardown() };
}
