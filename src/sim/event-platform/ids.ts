/** Identifiers as the Event Platform makes them: its examples' ids are UUIDv7 (e.g. `018e1ec5-29da-78ad-...`, concepts.html). */
import { randomBytes } from 'node:crypto';

/** A UUIDv7 (RFC 9562): 48-bit millisecond timestamp, version 7, variant 10, random rest. */
export function uuidv7(nowMs: number = Date.now()): string {
  const bytes = randomBytes(16);
  const ms = BigInt(Math.max(0, Math.floor(nowMs)));
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
