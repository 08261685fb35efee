/** What the `event-platform` commands share: their lazily checked settings, the API client, the webhook URLs. */
import { EventPlatformApi } from '../akeneo/event-platform-api';
import { AkeneoRestClient } from '../akeneo/rest-client';
import { EVENT_PLATFORM_PATH } from '../api/routes/event-platform';
import { ConfigError, type EventPlatformCliConfig, type EventPlatformConfigWith, type EventPlatformNeed } from '../config';
import { webhookUrlProblem } from '../event-platform/webhook-url';
import { UsageError } from './args';
import type { CliContext } from './context';

/** Path of the notification webhook, under the events webhook (the API serves both). */
export const NOTIFICATIONS_SUFFIX = '/notifications';

/**
 * The `event-platform` settings with `needs` present. A bad or missing key is bad input for these commands
 * (exit 2, one line naming the keys), checked before any call is made; other commands never look at them.
 */
export function eventPlatformConfig<K extends EventPlatformNeed = never>(ctx: CliContext, needs: readonly K[] = []): EventPlatformConfigWith<K> {
  const load = ctx.config.eventPlatform;
  if (!load) throw new UsageError('the event-platform commands are not configured in this CLI');
  try {
    return load(needs);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}

/** The management API client, authenticated with the connection's PIM access token. */
export function eventPlatformApi(config: EventPlatformCliConfig): EventPlatformApi {
  const pim = new AkeneoRestClient({ ...config.akeneo, maxConcurrency: 1 });
  return new EventPlatformApi({
    baseUrl: config.apiUrl,
    pimUrl: config.akeneo.baseUrl,
    clientId: config.akeneo.clientId,
    accessToken: () => pim.accessToken(),
  });
}

/** The events webhook: `--url` as given, else `${PUBLIC_URL}/akeneo/event-platform`. */
export function webhookUrl(config: EventPlatformCliConfig, option: string | undefined): string {
  if (option !== undefined) {
    const problem = webhookUrlProblem(option);
    if (problem) throw new UsageError(`--url ${problem}`);
    return option.replace(/\/+$/, '');
  }
  if (!config.publicUrl) throw new UsageError('no webhook URL: pass --url https://<host>/akeneo/event-platform or set PUBLIC_URL');
  return `${config.publicUrl}${EVENT_PLATFORM_PATH}`;
}

/** The notification webhook next to the events webhook `url` (`${PUBLIC_URL}/akeneo/event-platform/notifications`). */
export function notificationUrl(url: string): string {
  return `${url}${NOTIFICATIONS_SUFFIX}`;
}
