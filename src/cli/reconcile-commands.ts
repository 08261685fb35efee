/** `resync-since <time>` and `resync-all`: a manual run of the reconcile workflow, outside the schedules. */
import { WorkflowFailedError } from '@temporalio/client';
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
  /** `--allow-mass-delete` (resync-all). */
  allowMassDelete?: boolean;
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
    // A run that refused (e.g. the mass-delete guard) says why: show its reason, not only the SDK's wrapper.
    const reason = err instanceof WorkflowFailedError && err.cause ? `: ${err.cause.message}` : '';
    throw new Error(`reconcile ${workflowId} did not complete${reason}`, { cause: err });
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
    .option('--allow-mass-delete', 'delete whatever is missing from the PIM, even more than DELETE_MAX_FRACTION of the known entities')
    .action(async (options: RunOptions) => {
      const { deletePolicy, deleteMaxFraction } = ctx.config.reconcile;
      const allowMassDelete = options.allowMassDelete === true;
      const summary = `Manual full reconcile, delete policy ${deletePolicy}${allowMassDelete ? ', mass delete allowed' : ''} (ops CLI)`;
      await runReconcile(ctx, { mode: 'full', deletePolicy, deleteMaxFraction, ...(allowMassDelete && { allowMassDelete }) }, options, summary);
    });
}
