/** The ops CLI's commander program and its runner, which maps every outcome to one exit code. */
import { inspect } from 'node:util';
import { Command, CommanderError } from 'commander';
import { UsageError } from './args';
import { cliContext, type CliDeps } from './context';
import { addEntityCommands } from './entity-commands';
import { addEventPlatformCommands } from './event-platform-commands';
import { addReconcileCommands } from './reconcile-commands';
import { addScheduleCommands } from './schedule-commands';
import { addStructureCommands } from './structure-commands';

/** Exit codes of the CLI. */
export const ExitCode = { OK: 0, FAILURE: 1, USAGE: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error and its causes on one line: `outer: inner: root`. */
export function errorLine(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e !== undefined && parts.length < 5; e = e instanceof Error ? e.cause : undefined) {
    const message = e instanceof Error ? e.message : typeof e === 'string' ? e : inspect(e, { breakLength: Infinity });
    if (message && !parts.includes(message)) parts.push(message);
  }
  return oneLine(parts.join(': ') || 'unknown error');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The commander program; commander's own errors are written as one line without its `error: ` prefix. */
export function buildProgram(deps: CliDeps): Command {
  const program = new Command('akeneo-sync')
    .description('Operate akeneo-sync: resync products, run reconciliations, manage the reconcile schedules and the Event Platform subscription.')
    .exitOverride()
    .configureOutput({
      writeOut: deps.out,
      writeErr: deps.err,
      outputError: (text, write) => write(`${oneLine(text.replace(/^error: /, ''))}\n`),
    });
  const ctx = cliContext(deps);
  addEntityCommands(program, ctx);
  addReconcileCommands(program, ctx);
  addStructureCommands(program, ctx);
  addScheduleCommands(program, ctx);
  addEventPlatformCommands(program, ctx);
  return program;
}

/**
 * Runs the CLI on `argv` (the arguments after the script name) and resolves to the exit code:
 * 0 done, 2 usage error, 1 failure. Every error is reported as exactly one line through `deps.err`.
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<ExitCode> {
  if (argv.length === 0) {
    deps.err('missing command: run with --help to list the commands\n');
    return ExitCode.USAGE;
  }
  try {
    await buildProgram(deps).parseAsync([...argv], { from: 'user' });
    return ExitCode.OK;
  } catch (err) {
    // Commander has already written its message (or the help).
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    deps.err(`${errorLine(err)}\n`);
    return err instanceof UsageError ? ExitCode.USAGE : ExitCode.FAILURE;
  }
}
