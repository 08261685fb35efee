/** Runs the ops CLI's `event-platform` commands in-process with a given environment; Temporal is off limits to them. */
import { runCli } from '../../src/cli/program';
import { loadCliConfig } from '../../src/config';

/** What one CLI run printed, and its exit code. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI with `env` as its whole environment. */
export async function runEventPlatformCli(env: Record<string, string | undefined>, ...argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    config: loadCliConfig(env),
    connect: () => Promise.reject(new Error('event-platform commands must not touch Temporal')),
    out: (t) => (out += t),
    err: (t) => (err += t),
  });
  return { code, out, err };
}
