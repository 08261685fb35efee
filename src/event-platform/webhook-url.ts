/**
 * Which URLs Akeneo's Event Platform accepts as webhook destinations: "a URL using the HTTPS protocol"
 * (https://api.akeneo.com/event-platform/concepts.html, "HTTPS subscription"); `notification_webhook_url` "must be
 * HTTPS" (https://api.akeneo.com/event-platform/notification-webhooks.html). Plain http is left for the local
 * simulator on a loopback host: the service's one rule for outgoing URLs (see `src/https-url.ts`).
 */
import { httpsUrlProblem } from '../https-url';

/** Why `url` cannot be a webhook destination, or `undefined` when it can. */
export function webhookUrlProblem(url: string): string | undefined {
  return httpsUrlProblem(url);
}
