/**
 * Signed test deliveries to the API's Event Platform webhook, to learn which secrets it accepts before the
 * platform is told to sign with them. A probe is a CloudEvent of a type the route ignores (answered 200 without
 * reaching Temporal), signed as the platform signs: hex HMAC-SHA256 of the raw body in
 * `X-AKENEO-SIGNATURE-PRIMARY` (https://api.akeneo.com/event-platform/concepts.html, "HMAC signature").
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { signEventPlatform } from '../akeneo/signature';

/** Type of the probe events; no handler knows it, so the route answers 200 and drops it. */
export const PROBE_EVENT_TYPE = 'com.akeneo-sync.v1.signature-probe';

/** Probes per secret: a load balancer may send each to another API replica. */
export const PROBES_PER_SECRET = 3;

const PROBE_TIMEOUT_MS = 10_000;

/** A secret to probe, named by its environment key (the value is never printed). */
export interface NamedSecret {
  key: string;
  value: string;
}

/** Options of the probes. */
export interface ProbeOptions {
  fetch?: typeof fetch;
  now?: () => Date;
}

/** Whether the webhook accepted one delivery signed with `secret`: 2xx yes, 401 no, anything else throws. */
export async function probeSecret(webhookUrl: string, secret: string, options: ProbeOptions = {}): Promise<boolean> {
  const body = JSON.stringify({
    specversion: '1.0',
    id: `akeneo-sync-probe-${randomUUID()}`,
    source: 'akeneo-sync/cli',
    type: PROBE_EVENT_TYPE,
    time: (options.now?.() ?? new Date()).toISOString(),
    data: {},
  });
  const headers = {
    'Content-Type': 'application/json',
    'X-AKENEO-SIGNATURE-PRIMARY': signEventPlatform(secret, body),
    'X-AKENEO-SIGNATURE-ALGORITHM': 'HmacSHA256',
  };
  let status: number;
  try {
    const res = await (options.fetch ?? fetch)(webhookUrl, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    status = res.status;
    await res.arrayBuffer();
  } catch (err) {
    throw new Error(`cannot reach the webhook ${webhookUrl} to check its secrets (use --skip-probe if this machine cannot)`, { cause: err });
  }
  if (status >= 200 && status <= 299) return true;
  if (status === 401) return false;
  throw new Error(`the webhook ${webhookUrl} answered ${status} to a signed probe; expected 200 or 401`);
}

/**
 * Throws unless the webhook accepts deliveries signed with each of `secrets` ({@link PROBES_PER_SECRET} times)
 * and refuses one signed with a random secret (so it really checks signatures: it is akeneo-sync's route).
 */
export async function assertWebhookAccepts(webhookUrl: string, secrets: readonly NamedSecret[], options: ProbeOptions = {}): Promise<void> {
  for (const secret of secrets) {
    for (let i = 0; i < PROBES_PER_SECRET; i++) {
      if (!(await probeSecret(webhookUrl, secret.value, options))) {
        throw new Error(
          `the API at ${webhookUrl} refuses deliveries signed with ${secret.key}: set it in the environment of every API replica and restart them first`,
        );
      }
    }
  }
  if (await probeSecret(webhookUrl, randomBytes(32).toString('hex'), options)) {
    throw new Error(`${webhookUrl} accepted a delivery signed with a random secret: it does not verify signatures (is it akeneo-sync's route?)`);
  }
}
