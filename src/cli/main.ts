/** Entry point of the ops CLI (`npm run cli -- <command>`): config, a fail-fast Temporal connection, exit code. */
import { Client, Connection } from '@temporalio/client';
import { loadCliConfig, loadOrExit, type TemporalConfig } from '../config';
import { temporalConnectionOptions } from '../temporal-connection';
import { runCli } from './program';

/** How long the CLI waits for Temporal to accept the connection: an operator wants to know fast that it is down. */
export const CONNECT_TIMEOUT_MS = 3000;

/** Opens the CLI's Temporal client on demand and closes its connection afterwards. */
export interface TemporalConnector {
  connect: () => Promise<Client>;
  close: () => Promise<void>;
}

/**
 * A {@link TemporalConnector} (TLS and API key as configured) whose `connect` fails within `timeoutMs` when
 * Temporal is unreachable, or at once with a `ConfigError` naming the key of an unreadable TLS file.
 */
export function temporalConnector(temporal: TemporalConfig, timeoutMs = CONNECT_TIMEOUT_MS): TemporalConnector {
  let connection: Connection | undefined;
  return {
    connect: async () => {
      const options = temporalConnectionOptions(temporal);
      try {
        connection = await Connection.connect({ ...options, connectTimeout: timeoutMs });
      } catch (err) {
        throw new Error(`Temporal is unreachable at ${temporal.address}`, { cause: err });
      }
      return new Client({ connection, namespace: temporal.namespace });
    },
    close: async () => {
      await connection?.close();
    },
  };
}

/** Runs the CLI on `argv` with the process's config and output streams; resolves to the exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const config = loadOrExit(() => loadCliConfig());
  const temporal = temporalConnector(config.temporal);
  try {
    return await runCli(argv, {
      config,
      connect: temporal.connect,
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    });
  } finally {
    await temporal.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
