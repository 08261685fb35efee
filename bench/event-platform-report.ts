/** Figures of the event-platform benchmark (issue 15), its goal and its detail table for bench/RESULTS.md. */
import type { PlatformSendResult } from './platform-sender';
import type { Goal } from './report-types';
import { answersText } from './mass-edit-report';

/** Figures of the event-platform benchmark. */
export interface EventPlatformFigures {
  /** Events sent, one new product each. */
  events: number;
  senders: number;
  /** What the sender did (bench/platform-sender.ts), its per-answer timings left out. */
  send: Omit<PlatformSendResult, 'deliveredMs'>;
  /** p99 of the answers 2xx, sender's clock. */
  deliveredP99Ms: number | null;
  /** Seconds until every event was delivered or given up. */
  sendS: number;
  /** Products at the third party when the wait ended. */
  reached: number;
  arrivalsEndedBy: 'all' | 'quiet' | 'deadline';
  /** Seconds from the first POST until the last product arrived. */
  syncS: number;
  /** `akeneo_sync_events_received_total{route="event-platform"}` by outcome. */
  eventsByOutcome: Record<string, number>;
  /** REST requests the simulated PIM received during the run. */
  pimRequests: number;
}

const LABEL = 'Event Platform: new products, one event each, senders retrying 429 and 5xx as the platform does';

/** The goal: every product synced. */
export function eventPlatformGoal(f: EventPlatformFigures | undefined): Goal {
  const benchmark = f ? `Event Platform: ${f.events} events (new products), ${f.senders} senders retrying 429 and 5xx as the platform does` : LABEL;
  if (!f) return { id: 'event-platform-synced', benchmark, goal: '100 % synced', measured: 'not measured', met: null };
  const { send } = f;
  const met = f.reached === f.events;
  const lost = send.dropped
    ? `${send.dropped} events given up (${send.undeliveredAtDeadline} still undelivered at the sender's deadline); answers ${answersText(send.statuses)}`
    : `every event delivered, ${f.events - f.reached} products not synced`;
  return {
    id: 'event-platform-synced',
    benchmark,
    goal: '100 % synced',
    measured: `${f.reached}/${f.events} products at the third party, the last after ${f.syncS} s (sent in ${f.sendS} s); ${send.throttled} × 429, ${send.retries} retries, ${send.dropped} dropped`,
    met,
    ...(!met && { why: `${lost}; the wait ended: ${f.arrivalsEndedBy}` }),
  };
}

/** The detail table: what the senders saw, what the API counted. */
export function eventPlatformTable(f: EventPlatformFigures): string[] {
  const s = f.send;
  const outcomes = Object.entries(f.eventsByOutcome)
    .map(([o, n]) => `${n} ${o}`)
    .join(', ');
  return [
    `Event Platform detail (${f.events} events, ${f.senders} senders, ≤ 100 events/s, 5 s timeout; 429 re-sent after \`Retry-After\` or a back-off from 0.1 to 2 s, ` +
      'a timeout or 5xx retried 3 times after 1, 2 and 4 s (the platform: 5, 10, 20 min), then dropped):',
    '',
    '| Answers | Attempts / retries | 429 / Retry-After honoured | Timeouts | p99 of 2xx | API events by outcome | PIM requests | Send / last arrival |',
    '|---|---|---|---|---|---|---|---|',
    `| ${answersText(s.statuses)} | ${s.attempts} / ${s.retries} | ${s.throttled} / ${s.retryAfterHonoured} | ${s.timeouts} | ${f.deliveredP99Ms ?? '–'} ms | ${outcomes} | ${f.pimRequests} | ${f.sendS} s / ${f.syncS} s |`,
  ];
}
