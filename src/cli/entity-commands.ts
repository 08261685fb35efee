/** `resync <id>` and `history <id>`: one product's (or product model's) entity workflow. */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { HistoryUnavailableError } from '../api/ports';
import { TemporalHistoryReader } from '../api/temporal-history';
import { TemporalIntake } from '../api/temporal-intake';
import type { EntityEvent } from '../workflows/definitions';
import { entityWorkflowId } from '../workflows/ids';
import { parseEntityRef } from './args';
import { CLI_CALL_DEADLINE_MS, type CliContext } from './context';

interface EntityOptions {
  model?: boolean;
}

/** Thrown when an entity has no workflow, so no history to show. */
export class NoHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoHistoryError';
  }
}

/** Adds `resync` and `history` to the program. */
export function addEntityCommands(program: Command, ctx: CliContext): void {
  program
    .command('resync')
    .description('fetch one product from the PIM and write it to the third party again, even if unchanged')
    .argument('<id>', 'product uuid (or product-model code with --model)')
    .option('--model', 'the id is a product-model code')
    .action(async (id: string, options: EntityOptions) => {
      const ref = parseEntityRef(id, options.model === true);
      const event: EntityEvent = {
        ref,
        eventId: `manual-${randomUUID()}`,
        action: 'updated',
        eventDate: ctx.now().toISOString(),
        source: 'manual',
        force: true,
      };
      // The API's intake: the same workflow type, id, start args and signal as a webhook event.
      const intake = new TemporalIntake(await ctx.client(), {
        taskQueue: ctx.config.temporal.taskQueue,
        deadlineMs: CLI_CALL_DEADLINE_MS,
      });
      await intake.submit([event]);
      ctx.print(`${entityWorkflowId(ref)} signalled (event ${event.eventId})`);
    });

  program
    .command('history')
    .description("print one product's sync status and history as JSON (needs a running worker)")
    .argument('<id>', 'product uuid (or product-model code with --model)')
    .option('--model', 'the id is a product-model code')
    .action(async (id: string, options: EntityOptions) => {
      const ref = parseEntityRef(id, options.model === true);
      const reader = new TemporalHistoryReader(await ctx.client(), CLI_CALL_DEADLINE_MS);
      const history = await reader.read(ref).catch((err: unknown) => {
        // The query is answered by a worker, so "no answer" most often means no worker is polling.
        throw err instanceof HistoryUnavailableError
          ? new Error(`no answer: is a worker running on task queue ${ctx.config.temporal.taskQueue}?`, { cause: err })
          : err;
      });
      if (!history) throw new NoHistoryError(`no sync history for ${ref.kind} ${ref.id}`);
      ctx.print(JSON.stringify(history, null, 2));
    });
}
