/**
 * HMAC-SHA256 signatures of Akeneo webhooks, for both the legacy Events API and the Event Platform.
 * Used by the API to verify and by the PIM simulator to sign.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Legacy Events API: lowercase hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`). */
export function signEventsApi(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** Event Platform: lowercase hex HMAC-SHA256(secret, rawBody). */
export function signEventPlatform(secret: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** Compares a received hex signature with the expected one in constant time. */
export function signatureMatches(expectedHex: string, receivedHex: string | undefined): boolean {
  if (!receivedHex || !/^[0-9a-fA-F]{64}$/.test(receivedHex)) return false;
  const a = Buffer.from(expectedHex, 'hex');
  const b = Buffer.from(receivedHex.toLowerCase(), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
