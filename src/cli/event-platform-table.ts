/** Renders the Event Platform's subscribers and subscriptions as text for `event-platform status`. */
import type { Subscriber, Subscription } from '../akeneo/event-platform-wire';

/** A subscriber with its subscriptions, as `status` prints it. */
export interface SubscriberStatus extends Subscriber {
  subscriptions: Subscription[];
}

const EVENT_PREFIX = 'com.akeneo.pim.v1.';

/** Fixed-width columns, two spaces apart, trailing blanks trimmed. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** One block per subscriber: its status and contact, then a table of its subscriptions. */
export function eventPlatformStatusText(subscribers: SubscriberStatus[]): string {
  if (subscribers.length === 0) return 'no subscriber for this PIM and connection: run "event-platform setup"';
  return subscribers.map(subscriberBlock).join('\n\n');
}

function subscriberBlock(s: SubscriberStatus): string {
  const contact = [s.technicalEmail ?? '-', ...(s.notificationWebhookUrl ? [`webhook ${s.notificationWebhookUrl}`] : [])].join(', ');
  const head = textTable(['SUBSCRIBER', 'ID', 'STATUS', 'NOTIFIES'], [[s.name, s.id, s.status ?? '-', contact]]);
  if (s.subscriptions.length === 0) return `${head}\n  (no subscription)`;
  const rows = s.subscriptions.map((sub) => [
    sub.id,
    sub.status ?? '-',
    sub.type,
    sub.url ?? '-',
    sub.sendProductIdentifier === undefined ? '-' : sub.sendProductIdentifier ? 'yes' : 'no',
    sub.events.map((e) => (e.startsWith(EVENT_PREFIX) ? e.slice(EVENT_PREFIX.length) : e)).join(','),
  ]);
  const table = textTable(['SUBSCRIPTION', 'STATUS', 'TYPE', 'URL', 'SKU', 'EVENTS'], rows);
  return `${head}\n${table.replace(/^/gm, '  ')}`;
}
