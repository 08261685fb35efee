/**
 * `event-platform rotate-secret start|finish`: replaces the subscription's signing secret without a delivery
 * ever being signed only with secrets the API refuses. The platform signs every delivery with the primary
 * secret, and with the secondary too when there is one (`X-AKENEO-SIGNATURE-PRIMARY` / `-SECONDARY`,
 * https://api.akeneo.com/event-platform/concepts.html, "HMAC signature"); the API accepts either header.
 *
 *   0. operator: API gets SECRET=new, SECRET_SECONDARY=old (every replica); it accepts both.
 *   1. `start`:  probes that the API accepts new and old, then platform primary=new, secondary=old.
 *   2. wait:     the change may take minutes to apply, and retries of earlier deliveries come up to 35 min later.
 *   3. `finish`: probes that the API accepts new, then platform primary=new, no secondary.
 *   4. operator: API drops SECRET_SECONDARY.
 */
import type { EventPlatformApi } from '../akeneo/event-platform-api';
import { findOurSubscription } from './locate';
import { assertWebhookAccepts, type NamedSecret, type ProbeOptions } from './signature-probe';

/** Wait between `start` and `finish`: several minutes for the change to apply, then retries at +5, +10, +20 min. */
export const ROTATION_WAIT = '1 hour';

/** Where the subscription is and how to check the API. */
export interface RotationTarget {
  pimUrl: string;
  subscriberName: string;
  webhookUrl: string;
  /** Skip the signed probes (the operator vouches that the API accepts the secrets). */
  skipProbe?: boolean;
  probe?: ProbeOptions;
}

/** The outcome of one step, printed as JSON by the CLI. */
export interface RotationReport {
  step: 'start' | 'finish';
  subscriberId: string;
  subscriptionId: string;
  url: string;
  /** The secrets the platform now signs with, by the API's environment key (never the values). */
  platformSignsWith: string[];
  probes: 'passed' | 'skipped';
  next: string;
}

/** Step 1: the platform signs with `newSecret` as primary and keeps `oldSecret` as secondary. */
export async function startRotation(api: EventPlatformApi, target: RotationTarget, newSecret: NamedSecret, oldSecret: NamedSecret): Promise<RotationReport> {
  const { subscriber, subscription } = await findOurSubscription(api, target);
  if (!target.skipProbe) await assertWebhookAccepts(target.webhookUrl, [newSecret, oldSecret], target.probe);
  const url = subscription.url ?? target.webhookUrl;
  await api.updateSubscription(subscriber.id, subscription.id, { config: { url, secret: { primary: newSecret.value, secondary: oldSecret.value } } });
  return {
    step: 'start',
    subscriberId: subscriber.id,
    subscriptionId: subscription.id,
    url,
    platformSignsWith: [newSecret.key, oldSecret.key],
    probes: target.skipProbe ? 'skipped' : 'passed',
    next: `wait at least ${ROTATION_WAIT}, then run "event-platform rotate-secret finish" with the same environment`,
  };
}

/** Step 3: the platform signs with `newSecret` only. */
export async function finishRotation(api: EventPlatformApi, target: RotationTarget, newSecret: NamedSecret, oldSecretKey: string): Promise<RotationReport> {
  const { subscriber, subscription } = await findOurSubscription(api, target);
  if (!target.skipProbe) await assertWebhookAccepts(target.webhookUrl, [newSecret], target.probe);
  const url = subscription.url ?? target.webhookUrl;
  await api.updateSubscription(subscriber.id, subscription.id, { config: { url, secret: { primary: newSecret.value } } });
  return {
    step: 'finish',
    subscriberId: subscriber.id,
    subscriptionId: subscription.id,
    url,
    platformSignsWith: [newSecret.key],
    probes: target.skipProbe ? 'skipped' : 'passed',
    next: `after the change has applied (minutes), remove ${oldSecretKey} from the API's environment and restart it`,
  };
}
