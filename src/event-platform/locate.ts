/** Finding this service's subscriber and subscription among what the Event Platform lists. */
import type { EventPlatformApi } from '../akeneo/event-platform-api';
import type { Subscriber, Subscription } from '../akeneo/event-platform-wire';

/** `deleted` is final and `revoked` belongs to a removed connection: neither can be brought back. */
export function isUsable(status: string | undefined): boolean {
  return status !== 'deleted' && status !== 'revoked';
}

/** Same URL up to trailing slashes and the case of scheme and host (Akeneo shows the PIM URL with and without `/`). */
export function sameUrl(a: string, b: string): boolean {
  const norm = (u: string): string => {
    try {
      const p = new URL(u);
      return `${p.protocol}//${p.host}${p.pathname.replace(/\/+$/, '')}${p.search}`;
    } catch {
      return u.replace(/\/+$/, '');
    }
  };
  return norm(a) === norm(b);
}

/** The usable subscribers named `name` for the PIM at `pimUrl` (one without a `subject` is taken as this PIM's). */
export async function findSubscribers(api: EventPlatformApi, name: string, pimUrl: string): Promise<Subscriber[]> {
  const all = await api.listSubscribers();
  return all.filter((s) => s.name === name && isUsable(s.status) && sameUrl(s.subject ?? pimUrl, pimUrl));
}

/** The usable `https` subscription delivering to `webhookUrl`, whatever its events. */
export function isOurs(s: Subscription, webhookUrl: string): boolean {
  return s.type === 'https' && s.url !== undefined && sameUrl(s.url, webhookUrl) && isUsable(s.status);
}

/** This service's subscriber and its subscription delivering to `webhookUrl`; throws when either is missing. */
export async function findOurSubscription(
  api: EventPlatformApi,
  where: { subscriberName: string; pimUrl: string; webhookUrl: string },
): Promise<{ subscriber: Subscriber; subscription: Subscription }> {
  for (const subscriber of await findSubscribers(api, where.subscriberName, where.pimUrl)) {
    const subscription = (await api.listSubscriptions(subscriber.id)).find((s) => isOurs(s, where.webhookUrl));
    if (subscription) return { subscriber, subscription };
  }
  throw new Error(`no subscription of subscriber ${where.subscriberName} delivers to ${where.webhookUrl}: run "event-platform setup" first`);
}
