/** RFC 3339 timestamps in any UTC offset, as the Event Platform may write a CloudEvent's `time`. */

/** `ms` as RFC 3339 in the zone `offsetMinutes` east of UTC (`Z` for 0), as the platform may write it. */
export function rfc3339At(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().replace(/\.\d{3}Z$/, '');
  if (offsetMinutes === 0) return `${local}Z`;
  const abs = Math.abs(offsetMinutes);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${hhmm}`;
}
