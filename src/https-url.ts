/**
 * The rule for every URL the service sends credentials or data to (the PIM, the third party, the Event Platform's
 * management API) and for the webhook URL it registers: https, except on a loopback host, where the demo, the
 * tests, the bench and the chaos suite run their simulators. Free of imports: `config.ts` uses it.
 */

/** The rule, as printed when a URL breaks it. */
export const HTTPS_URL_RULE = 'must be an https URL (http only for a loopback host: 127.0.0.0/8, [::1] or localhost)';

const IPV4_LOOPBACK = /^127\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)$/;

/** True for a URL hostname (as `URL` normalises it) that never leaves this machine: `localhost`, `[::1]`, 127.0.0.0/8. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || IPV4_LOOPBACK.test(hostname);
}

/** Why `url` breaks {@link HTTPS_URL_RULE} (or carries credentials), or `undefined` when it keeps it. */
export function httpsUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return HTTPS_URL_RULE;
  }
  if (parsed.username || parsed.password) return 'must not contain credentials';
  if (parsed.protocol === 'https:') return undefined;
  return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname) ? undefined : HTTPS_URL_RULE;
}
