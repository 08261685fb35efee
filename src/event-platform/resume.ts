/**
 * `event-platform resume`: brings this service's suspended subscription back to `active`. The platform resumes only
 * on request ("You resume manually through the API", best-practices.html and faq.html), and events produced while
 * suspended are lost; the `subscription.resumed` notification it sends then starts the delta reconcile that heals
 * them (src/workflows/event-platform-subscription.ts).
 */
import type { EventPlatformApi } from '../akeneo/event-platform-api';
import { findOurSubscription } from './locate';

/** Where the subscription is. */
export interface ResumeTarget {
  pimUrl: string;
  subscriberName: string;
  webhookUrl: string;
}

/** What `resume` did, printed as JSON by the CLI. */
export interface ResumeReport {
  subscriberId: string;
  subscriptionId: string;
  url: string;
  /** `resumed`: it was suspended and the platform took the request; `unchanged`: it was already active. */
  action: 'resumed' | 'unchanged';
  /** The status the platform showed before. */
  statusBefore: string;
  next: string;
}

/** Resumes the subscription delivering to `target.webhookUrl` when it is suspended; makes no call otherwise. */
export async function resumeOurSubscription(api: EventPlatformApi, target: ResumeTarget): Promise<ResumeReport> {
  const { subscriber, subscription } = await findOurSubscription(api, target);
  const statusBefore = subscription.status ?? 'unknown';
  const base = { subscriberId: subscriber.id, subscriptionId: subscription.id, url: subscription.url ?? target.webhookUrl, statusBefore };
  if (statusBefore === 'active') {
    return { ...base, action: 'unchanged', next: 'nothing to do: the subscription delivers' };
  }
  await api.resumeSubscription(subscriber.id, subscription.id);
  return {
    ...base,
    action: 'resumed',
    next: 'the platform notifies subscription.resumed to the notification webhook, which starts a delta reconcile from the suspension; without that webhook, run "resync-since" from when it stopped',
  };
}
