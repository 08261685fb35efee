/**
 * Which URLs Akeneo's Event Platform accepts as webhook destinations. Kept free of imports: `config.ts` uses it.
 * "a URL using the HTTPS protocol" (https://api.akeneo.com/event-platform/concepts.html, "HTTPS subscription");
 * `notification_webhook_url` "must be HTTPS" (https://api.akeneo.com/event-platform/notification-webhooks.html).
 */

/** Hosts where plain http is allowed: the local Event Platform simulator. */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The rule, as printed when a URL breaks it. */
export const WEBHOOK_URL_RULE = 'must be an https URL (http only for 127.0.0.1 or localhost)';

/** Why `url` cannot be a webhook destination, or `undefined` when it can. */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return WEBHOOK_URL_RULE;
  }
  if (parsed.username || parsed.password) return 'must not contain credentials';
  if (parsed.protocol === 'https:') return undefined;
  return parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname) ? undefined : WEBHOOK_URL_RULE;
}
