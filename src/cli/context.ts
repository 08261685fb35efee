/** What every CLI command gets: config, a lazily opened Temporal client and the output writers. */
import type { Client } from '@temporalio/client';
import type { CliConfig } from '../config';

/** Writes raw text (no newline added), like `process.stdout.write`. */
export type Writer = (text: string) => void;

/** Injected into {@link buildProgram} so tests need neither processes nor, for usage errors, Temporal. */
export interface CliDeps {
  config: CliConfig;
  /** Opens a Temporal client; called at most once, and only by commands that need Temporal. */
  connect: () => Promise<Client>;
  out: Writer;
  err: Writer;
  /** The clock (tests fix it); default `new Date()`. */
  now?: () => Date;
}

/** The per-run view of {@link CliDeps} the command modules use. */
export interface CliContext {
  config: CliConfig;
  client: () => Promise<Client>;
  /** Writes one line (or a multi-line block) to stdout, newline added. */
  print: (text: string) => void;
  now: () => Date;
}

/** Longest a single Temporal call of the CLI may take (a query needs a worker to answer). */
export const CLI_CALL_DEADLINE_MS = 10_000;

/** Builds the {@link CliContext}; the client is opened on first use and then shared. */
export function cliContext(deps: CliDeps): CliContext {
  let client: Promise<Client> | undefined;
  return {
    config: deps.config,
    client: () => (client ??= deps.connect()),
    print: (text) => deps.out(`${text}\n`),
    now: deps.now ?? (() => new Date()),
  };
}
