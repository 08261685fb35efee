/** `schedules [show]`, `schedules trigger|pause|unpause [--full]`: the two reconcile schedules. */
import { type ScheduleHandle, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import type { Command } from 'commander';
import { describeSchedules, ensureReconcileSchedules } from '../schedules';
import { RECONCILE_FULL_SCHEDULE_ID, RECONCILE_SCHEDULE_ID } from '../workflows/reconcile-definitions';
import type { CliContext } from './context';
import { scheduleTable } from './schedule-table';

interface Which {
  full?: boolean;
}

function scheduleId(which: Which): string {
  return which.full === true ? RECONCILE_FULL_SCHEDULE_ID : RECONCILE_SCHEDULE_ID;
}

/** Runs `fn` on one schedule's handle, turning "not found" into a message that says how to create it. */
async function onSchedule(ctx: CliContext, id: string, fn: (h: ScheduleHandle) => Promise<void>): Promise<void> {
  const handle = (await ctx.client()).schedule.getHandle(id);
  try {
    await fn(handle);
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
    throw new Error(`schedule ${id} does not exist: run "schedules ensure" or start a worker with RECONCILE_ENABLED=true`);
  }
}

/** Adds `schedules` and its subcommands to the program. */
export function addScheduleCommands(program: Command, ctx: CliContext): void {
  const schedules = program.command('schedules').description('show or operate the reconcile schedules');

  schedules
    .command('show', { isDefault: true })
    .description('show the schedules (state, interval, recent and next runs); changes nothing')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const rows = await describeSchedules(await ctx.client());
      ctx.print(options.json === true ? JSON.stringify({ schedules: rows }, null, 2) : scheduleTable(rows));
    });

  schedules
    .command('ensure')
    .description('create or update both schedules from this environment (RECONCILE_*, DELETE_POLICY, TEMPORAL_TASK_QUEUE); keeps a pause')
    .action(async () => {
      const client = await ctx.client();
      const { reconcile, temporal } = ctx.config;
      const ensured = await ensureReconcileSchedules(client, { taskQueue: temporal.taskQueue, reconcile });
      const list = (ids: string[]) => (ids.length ? ids.join(', ') : 'none');
      ctx.print(`created: ${list(ensured.created)}; updated: ${list(ensured.updated)}`);
      ctx.print(scheduleTable(await describeSchedules(client)));
    });

  schedules
    .command('trigger')
    .description('start a reconcile now, or right after the running one (the delta schedule unless --full)')
    .option('--full', 'the full reconcile schedule')
    .action(async (which: Which) => {
      const id = scheduleId(which);
      // BUFFER_ONE, not the SDK's default ALLOW_ALL, which would withhold the last result (the watermark).
      await onSchedule(ctx, id, (h) => h.trigger(ScheduleOverlapPolicy.BUFFER_ONE));
      ctx.print(`${id} triggered`);
    });

  schedules
    .command('pause')
    .description('pause a schedule (the delta schedule unless --full); worker restarts keep it paused')
    .option('--full', 'the full reconcile schedule')
    .option('--note <text>', 'why, shown in the Web UI', 'paused with the akeneo-sync ops CLI')
    .action(async (options: Which & { note: string }) => {
      const id = scheduleId(options);
      await onSchedule(ctx, id, (h) => h.pause(options.note));
      ctx.print(`${id} paused`);
    });

  schedules
    .command('unpause')
    .description('resume a paused schedule (the delta schedule unless --full)')
    .option('--full', 'the full reconcile schedule')
    .action(async (which: Which) => {
      const id = scheduleId(which);
      await onSchedule(ctx, id, (h) => h.unpause('unpaused with the akeneo-sync ops CLI'));
      ctx.print(`${id} unpaused`);
    });
}
