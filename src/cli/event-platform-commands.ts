/** `event-platform setup|status|resume|rotate-secret`: the Akeneo Event Platform subscriber and subscription of this service. */
import type { Command } from 'commander';
import { resumeOurSubscription } from '../event-platform/resume';
import { ensureEventPlatformSetup } from '../event-platform/setup';
import { UsageError } from './args';
import type { CliContext } from './context';
import { eventPlatformApi, eventPlatformConfig, notificationUrl, webhookUrl } from './event-platform-context';
import { addRotateSecretCommands } from './event-platform-rotate-commands';
import { eventPlatformStatusText, type SubscriberStatus } from './event-platform-table';

interface SetupOptions {
  url?: string;
  resendNotificationSecret?: boolean;
}

/** Adds `event-platform` and its subcommands to the program. */
export function addEventPlatformCommands(program: Command, ctx: CliContext): void {
  const ep = program
    .command('event-platform')
    .description("manage this PIM's Akeneo Event Platform subscriber and subscription (needs AKENEO_BASE_URL and the connection's credentials)");

  ep.command('setup')
    .description('create or update the subscriber and the https subscription of the events the service handles; prints what changed as JSON')
    .option('--url <url>', 'webhook URL of the API (default: ${PUBLIC_URL}/akeneo/event-platform)')
    .option('--resend-notification-secret', 'send AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET to an existing subscriber too (the platform never shows it)')
    .action(async (options: SetupOptions) => {
      const config = eventPlatformConfig(ctx, ['technicalEmail', 'secrets']);
      const url = webhookUrl(config, options.url);
      const resend = options.resendNotificationSecret === true;
      if (resend && !config.notificationSecret) throw new UsageError('--resend-notification-secret needs AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET');
      const report = await ensureEventPlatformSetup(eventPlatformApi(config), {
        pimUrl: config.akeneo.baseUrl,
        subscriberName: config.subscriberName,
        technicalEmail: config.technicalEmail,
        webhookUrl: url,
        secrets: config.secrets,
        ...(config.notificationSecret && { notifications: { url: notificationUrl(url), secret: config.notificationSecret } }),
        resendNotificationSecret: resend,
      });
      if (!config.notificationSecret) {
        report.warnings.push('AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET is unset: notification settings left as they are (e-mail by default)');
      }
      ctx.print(JSON.stringify(report, null, 2));
    });

  ep.command('status', { isDefault: true })
    .description('show the subscribers of this PIM and connection, and their subscriptions with status, events and URL; changes nothing')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const api = eventPlatformApi(eventPlatformConfig(ctx));
      const subscribers: SubscriberStatus[] = [];
      for (const s of await api.listSubscribers()) subscribers.push({ ...s, subscriptions: await api.listSubscriptions(s.id) });
      ctx.print(options.json === true ? JSON.stringify({ subscribers }, null, 2) : eventPlatformStatusText(subscribers));
    });

  ep.command('resume')
    .description('resume the subscription if the platform or a user suspended it (events sent meanwhile are lost; the resume notification heals them); prints what it did as JSON')
    .option('--url <url>', 'webhook URL of the API (default: ${PUBLIC_URL}/akeneo/event-platform)')
    .action(async (options: { url?: string }) => {
      const config = eventPlatformConfig(ctx);
      const report = await resumeOurSubscription(eventPlatformApi(config), {
        pimUrl: config.akeneo.baseUrl,
        subscriberName: config.subscriberName,
        webhookUrl: webhookUrl(config, options.url),
      });
      ctx.print(JSON.stringify(report, null, 2));
    });

  addRotateSecretCommands(ep, ctx);
}
