/** `event-platform rotate-secret [guide|start|finish]`: the guided rotation of the subscription's signing secret. */
import type { Command } from 'commander';
import { finishRotation, ROTATION_WAIT, type RotationTarget, startRotation } from '../event-platform/rotate-secret';
import { UsageError } from './args';
import type { CliContext } from './context';
import { eventPlatformApi, eventPlatformConfig, webhookUrl } from './event-platform-context';

const PRIMARY_KEY = 'AKENEO_EVENT_PLATFORM_SECRET';
const SECONDARY_KEY = 'AKENEO_EVENT_PLATFORM_SECRET_SECONDARY';

/** The steps, as `rotate-secret` prints them. */
export const ROTATION_GUIDE = [
  'Rotating the Event Platform signing secret (no delivery is ever signed only with a secret the API refuses):',
  `  1. In the API's environment (every replica) set ${PRIMARY_KEY}=<new> and ${SECONDARY_KEY}=<old>; restart it.`,
  `  2. With the same two keys here: event-platform rotate-secret start`,
  '     (checks with signed probes that the API accepts both, then the platform signs with new, and old as secondary)',
  `  3. Wait at least ${ROTATION_WAIT} (the change takes minutes to apply; retries of older deliveries come up to 35 min later).`,
  '  4. event-platform rotate-secret finish   (checks the API accepts new, then the platform signs with new only)',
  `  5. A few minutes later, remove ${SECONDARY_KEY} from the API's environment and restart it.`,
].join('\n');

interface StepOptions {
  url?: string;
  skipProbe?: boolean;
}

function target(ctx: CliContext, options: StepOptions) {
  const config = eventPlatformConfig(ctx, ['secrets']);
  const where: RotationTarget = {
    pimUrl: config.akeneo.baseUrl,
    subscriberName: config.subscriberName,
    webhookUrl: webhookUrl(config, options.url),
    skipProbe: options.skipProbe === true,
  };
  return { config, where, api: eventPlatformApi(config) };
}

/** Adds `rotate-secret` and its steps under `event-platform`. */
export function addRotateSecretCommands(ep: Command, ctx: CliContext): void {
  const rotate = ep.command('rotate-secret').description('rotate the subscription signing secret in two steps, start and finish (prints the steps)');

  rotate
    .command('guide', { isDefault: true })
    .description('print the rotation steps; changes nothing')
    .action(() => ctx.print(ROTATION_GUIDE));

  const step = (name: string, description: string) =>
    rotate
      .command(name)
      .description(description)
      .option('--url <url>', 'webhook URL of the API (default: ${PUBLIC_URL}/akeneo/event-platform)')
      .option('--skip-probe', "do not check with signed test deliveries that the API accepts the secrets (when this machine cannot reach it)");

  step('start', `the platform signs with ${PRIMARY_KEY} and keeps ${SECONDARY_KEY} (the old secret) as secondary`).action(async (options: StepOptions) => {
    const { config, where, api } = target(ctx, options);
    const { primary, secondary } = config.secrets;
    if (!secondary) throw new UsageError(`rotate-secret start needs the new secret in ${PRIMARY_KEY} and the old one in ${SECONDARY_KEY}, as the API has them`);
    const report = await startRotation(api, where, { key: PRIMARY_KEY, value: primary }, { key: SECONDARY_KEY, value: secondary });
    ctx.print(JSON.stringify(report, null, 2));
  });

  step('finish', `the platform signs with ${PRIMARY_KEY} only`).action(async (options: StepOptions) => {
    const { config, where, api } = target(ctx, options);
    const report = await finishRotation(api, where, { key: PRIMARY_KEY, value: config.secrets.primary }, SECONDARY_KEY);
    ctx.print(JSON.stringify(report, null, 2));
  });
}
