/** The per-subscription state of the delivery engine. */
import type { EventPlatformEvent } from '../event-platform-request';
import type { AdaptiveRate } from './adaptive-rate';
import { SuccessWindow } from './success-window';

/** An event waiting to be sent, with its attempt number. */
export interface Pending {
  event: EventPlatformEvent;
  attempt: number;
  /** Virtual time of the first POST. */
  firstSentAt?: number;
}

/** The per-subscription state: queue, rate, success window, retries waiting, requests in flight. */
export class Lane {
  readonly queue: Pending[] = [];
  readonly retries = new Map<Pending, () => void>();
  readonly window = new SuccessWindow();
  pumping = false;
  inFlight = 0;
  private slotWaiters: Array<() => void> = [];

  constructor(readonly rate: AdaptiveRate) {}

  slotFreed(): void {
    this.slotWaiters.shift()?.();
  }

  slot(): Promise<void> {
    return new Promise((resolve) => this.slotWaiters.push(resolve));
  }
}

