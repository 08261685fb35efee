/** `resync-since <time>` and `resync-all`: a manual run of the reconcile workflow, outside the schedules. */
import type { Command } from 'commander';
import {
  RECONCILE_SCHEDULE_ID,
  RECONCILE_WORKFLOW,
  type ReconcileInput,
  type ReconcileResult,
} from '../workflows/reconcile-definitions';
import { compactTimestamp, parseSince } from './args';
import type { CliContext } from './context';

interface RunOptions {
  /** `--no-wait` sets it to false. */
  wait: boolean;
}

/** Id of a manual run; two runs started in the same second collide, which refuses an accidental double start. */
export function manualReconcileId(at: Date): string {
  return `${RECONCILE_SCHEDULE_ID}-manual-${compactTimestamp(at)}`;
}

async function runReconcile(ctx: CliContext, input: ReconcileInput, options: RunOptions, summary: string): Promise<void> {
  const client = await ctx.client();
  const workflowId = manualReconcileId(ctx.now());
  let result: ReconcileResult;
  try {
    const handle = await client.workflow.start(RECONCILE_WORKFLOW, {
      taskQueue: ctx.config.temporal.taskQueue,
      workflowId,
      args: [input],
      staticSummary: summary,
    });
    if (!options.wait) {
      ctx.print(workflowId);
      return;
    }
    result = (await handle.result()) as ReconcileResult;
  } catch (err) {
    throw new Error(`reconcile ${workflowId} did not complete`, { cause: err });
  }
  ctx.print(JSON.stringify(result, null, 2));
}

/** Adds `resync-since` and `resync-all` to the program. */
export function addReconcileCommands(program: Command, ctx: CliContext): void {
  program
    .command('resync-since')
    .description('reconcile every entity the PIM changed after <time>, then print the counts as JSON')
    .argument('<time>', 'ISO-8601 time, not in the future (e.g. 2024-05-01T08:00:00Z)')
    .option('--no-wait', 'print the workflow id and exit without waiting for the result')
    .action(async (time: string, options: RunOptions) => {
      const since = parseSince(time, ctx.now());
      await runReconcile(ctx, { mode: 'delta', since }, options, `Manual delta reconcile since ${since} (ops CLI)`);
    });

  program
    .command('resync-all')
    .description('reconcile every entity in the PIM, deletions included, then print the counts as JSON')
    .option('--no-wait', 'print the workflow id and exit without waiting for the result')
    .action(async (options: RunOptions) => {
      const { deletePolicy } = ctx.config.reconcile;
      const summary = `Manual full reconcile, delete policy ${deletePolicy} (ops CLI)`;
      await runReconcile(ctx, { mode: 'full', deletePolicy }, options, summary);
    });
}
