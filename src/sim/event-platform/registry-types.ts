/** The registry's error, caller and options. */
import type { SubscriberShapeOptions } from './subscriber-input';
import type { StatusChange, StoredSubscription } from './types';

/** An error answer of the management API, `{"errors":[{"message": ...}]}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
  ) {
    super(messages.join('; '));
    this.name = 'ApiError';
  }
}

/** Who calls: the PIM of `X-PIM-URL` (normalized) and the connection of `X-PIM-CLIENT-ID`, already authenticated. */
export interface Caller {
  pimUrl: string;
  clientId: string;
}

/** Options of `EventPlatformRegistry`. */
export interface RegistryOptions extends SubscriberShapeOptions {
  now: () => number;
  /** Told of every transition to suspended, revoked or resumed (what gets notified). */
  onStatusChange: (change: StatusChange) => void;
  /** Told of every status change of a subscription, deletions included, before `onStatusChange`. */
  onStatus?: (subscription: StoredSubscription) => void;
  limits?: { subscribersPerPim: number; subscriptionsPerSubscriber: number };
}
