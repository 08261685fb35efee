/** `resync-structure`: a manual run of the structure sync workflow, outside its schedule. */
import { WorkflowFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import { isStructureKind, STRUCTURE_KINDS, type StructureKind } from '../domain/structure';
import { STRUCTURE_SCHEDULE_ID, STRUCTURE_SYNC_WORKFLOW, type StructureSyncInput, type StructureSyncResult } from '../workflows/structure-sync-definitions';
import { compactTimestamp, UsageError } from './args';
import type { CliContext } from './context';

/** The `--kind` value as a kind; a usage error listing the kinds otherwise. */
export function parseStructureKind(value: string): StructureKind {
  if (!isStructureKind(value)) throw new UsageError(`unknown structure kind '${value}': one of ${STRUCTURE_KINDS.join(', ')}`);
  return value;
}

/** Adds `resync-structure` to the program. */
export function addStructureCommands(program: Command, ctx: CliContext): void {
  program
    .command('resync-structure')
    .description('sync the catalogue structure now (writes what changed, deletes what is gone), then print the counts per kind as JSON')
    .option('--kind <kind>', `only this kind (${STRUCTURE_KINDS.join(', ')})`, parseStructureKind)
    .option('--allow-mass-delete', 'delete whatever is missing from the PIM, even more than DELETE_MAX_FRACTION of a kind')
    .action(async (options: { kind?: StructureKind; allowMassDelete?: boolean }) => {
      const { deletePolicy, deleteMaxFraction } = ctx.config.reconcile;
      const input: StructureSyncInput = {
        deletePolicy,
        deleteMaxFraction,
        ...(options.kind && { kinds: [options.kind] }),
        ...(options.allowMassDelete === true && { allowMassDelete: true }),
      };
      const client = await ctx.client();
      const workflowId = `${STRUCTURE_SCHEDULE_ID}-manual-${compactTimestamp(ctx.now())}`;
      let result: StructureSyncResult;
      try {
        const handle = await client.workflow.start(STRUCTURE_SYNC_WORKFLOW, {
          taskQueue: ctx.config.temporal.taskQueue,
          workflowId,
          args: [input],
          staticSummary: `Manual structure sync${options.kind ? ` of ${options.kind}` : ''}, delete policy ${deletePolicy} (ops CLI)`,
        });
        result = (await handle.result()) as StructureSyncResult;
      } catch (err) {
        const reason = err instanceof WorkflowFailedError && err.cause ? `: ${err.cause.message}` : '';
        throw new Error(`structure sync ${workflowId} did not complete${reason}`, { cause: err });
      }
      ctx.print(JSON.stringify(result, null, 2));
    });
}
