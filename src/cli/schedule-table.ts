/** Renders {@link ScheduleStatus} rows as a fixed-width text table for `schedules`. */
import type { ScheduleStatus } from '../schedules';

const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** `900000` → `15m`, `5400000` → `90m`: the largest unit that divides the duration, else ms. */
export function formatDuration(ms: number): string {
  const unit = UNITS.find(([, size]) => ms > 0 && ms % size === 0);
  return unit ? `${ms / unit[1]}${unit[0]}` : `${ms}ms`;
}

/** A table with one row per schedule: state, interval, recent runs, next run and the pause note. */
export function scheduleTable(rows: ScheduleStatus[]): string {
  const header = ['SCHEDULE', 'STATE', 'EVERY', 'RECENT', 'NEXT RUN', 'NOTE'];
  const cells = rows.map((s) => [
    s.id,
    !s.exists ? 'missing' : s.paused ? 'paused' : 'active',
    s.intervalMs === undefined ? '-' : formatDuration(s.intervalMs),
    String(s.recentActions),
    s.paused ? '-' : (s.nextActionTimes[0] ?? '-'),
    s.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  return [header, ...cells].map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}
