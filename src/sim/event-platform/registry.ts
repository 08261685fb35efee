/**
 * The management API's state: subscribers and subscriptions per PIM and connection, their status transitions, and
 * the limits. Routes call it with the authenticated caller; it throws `ApiError` for the error answers.
 */
import { uuidv7 } from './ids';
import { ApiError, type Caller, type RegistryOptions } from './registry-types';
import { applySubscriberFields, readSubscriberBody } from './subscriber-input';
import { applySubscriptionFields, readSubscriptionBody } from './subscription-input';
import {
  EVENT_PLATFORM_LIMITS,
  NotificationChannel,
  NotificationType,
  SubscriberStatus,
  SubscriptionStatus,
  type StoredSubscriber,
  type StoredSubscription,
} from './types';

/** Subscribers and subscriptions, in memory. */
export class EventPlatformRegistry {
  /** Calls that changed stored state (a PATCH with the same values does not count). */
  stateChanges = 0;
  private readonly subscribers = new Map<string, StoredSubscriber>();
  private readonly subscriptions = new Map<string, StoredSubscription>();
  private readonly limits: { subscribersPerPim: number; subscriptionsPerSubscriber: number };

  constructor(private readonly options: RegistryOptions) {
    this.limits = options.limits ?? EVENT_PLATFORM_LIMITS;
  }

  /** Creates a subscriber of the caller's PIM and connection. */
  createSubscriber(caller: Caller, body: unknown): StoredSubscriber {
    const fields = readSubscriberBody(body, true, this.options);
    const live = [...this.subscribers.values()].filter((s) => s.subject === caller.pimUrl && s.status !== SubscriberStatus.DELETED);
    // limitations.html: "Up to 20 subscribers per PIM instance"; the 2024 OpenAPI lists 409 for this call.
    if (live.length >= this.limits.subscribersPerPim) throw new ApiError(409, [`a PIM may have at most ${this.limits.subscribersPerPim} subscribers`]);
    const at = this.stamp();
    const subscriber: StoredSubscriber = {
      ...{ id: uuidv7(this.options.now()), name: '', subject: caller.pimUrl, clientId: caller.clientId, technicalEmail: '' },
      ...{ notificationChannels: [NotificationChannel.EMAIL], status: SubscriberStatus.ACTIVE, createdAt: at, updatedAt: at },
    };
    applySubscriberFields(subscriber, fields);
    this.subscribers.set(subscriber.id, subscriber);
    this.stateChanges++;
    return subscriber;
  }

  /** The caller's subscribers, active or revoked ("Get all subscribers that are either active or revoked", 2024 OpenAPI). */
  listSubscribers(caller: Caller): StoredSubscriber[] {
    return [...this.subscribers.values()].filter(
      (s) => s.subject === caller.pimUrl && s.clientId === caller.clientId && s.status !== SubscriberStatus.DELETED,
    );
  }

  /** One subscriber: 404 when unknown, deleted or of another PIM; 403 when of another connection of the PIM. */
  subscriber(caller: Caller, id: string): StoredSubscriber {
    const s = this.subscribers.get(id);
    if (!s || s.subject !== caller.pimUrl || s.status === SubscriberStatus.DELETED) throw new ApiError(404, ['subscriber not found']);
    if (s.clientId !== caller.clientId) throw new ApiError(403, ['this subscriber belongs to another connection']);
    return s;
  }

  /** Updates a subscriber from a PATCH body. */
  patchSubscriber(caller: Caller, id: string, body: unknown): StoredSubscriber {
    const current = this.subscriber(caller, id);
    const next = structuredClone(current);
    if (applySubscriberFields(next, readSubscriberBody(body, false, this.options))) {
      next.updatedAt = this.stamp();
      this.subscribers.set(id, next);
      this.stateChanges++;
    }
    return this.subscribers.get(id) ?? next;
  }

  /** Deletes a subscriber (terminal) and its subscriptions. */
  deleteSubscriber(caller: Caller, id: string): StoredSubscriber {
    const s = this.subscriber(caller, id);
    for (const sub of this.subscriptionsOf(id)) if (sub.status !== SubscriptionStatus.DELETED) this.setStatus(sub, SubscriptionStatus.DELETED);
    s.status = SubscriberStatus.DELETED;
    s.updatedAt = this.stamp();
    this.stateChanges++;
    return s;
  }

  /** Creates a subscription of a subscriber. */
  createSubscription(caller: Caller, subscriberId: string, body: unknown): StoredSubscription {
    const owner = this.subscriber(caller, subscriberId);
    const fields = readSubscriptionBody(body, true);
    const live = this.subscriptionsOf(owner.id).filter((s) => s.status !== SubscriptionStatus.DELETED);
    // limitations.html: "Up to 20 subscriptions per subscriber"; 409 is the 2024 OpenAPI's conflict answer.
    if (live.length >= this.limits.subscriptionsPerSubscriber) {
      throw new ApiError(409, [`a subscriber may have at most ${this.limits.subscriptionsPerSubscriber} subscriptions`]);
    }
    const at = this.stamp();
    const sub: StoredSubscription = {
      ...{ id: uuidv7(this.options.now()), subscriberId: owner.id, source: 'pim', subject: caller.pimUrl, type: 'https', events: [] },
      ...{ config: {}, sendProductIdentifier: false, status: SubscriptionStatus.ACTIVE, createdAt: at, updatedAt: at },
    };
    applySubscriptionFields(sub, fields, this.options.insecureHosts);
    this.subscriptions.set(sub.id, sub);
    this.stateChanges++;
    return sub;
  }

  /** A subscriber's subscriptions, active or suspended ("either active and suspended", 2024 OpenAPI `list_all`). */
  listSubscriptions(caller: Caller, subscriberId: string): StoredSubscription[] {
    const owner = this.subscriber(caller, subscriberId);
    return this.subscriptionsOf(owner.id).filter((s) => s.status === SubscriptionStatus.ACTIVE || s.status === SubscriptionStatus.SUSPENDED);
  }

  /** One subscription, deleted ones included (so that acting on them can answer 409 "Subscription is deleted"). */
  subscription(caller: Caller, subscriberId: string, id: string): StoredSubscription {
    const owner = this.subscriber(caller, subscriberId);
    const sub = this.subscriptions.get(id);
    if (!sub || sub.subscriberId !== owner.id) throw new ApiError(404, ['subscription not found']);
    return sub;
  }

  /** Updates a subscription from a PATCH body; 409 when deleted or revoked. */
  patchSubscription(caller: Caller, subscriberId: string, id: string, body: unknown): StoredSubscription {
    const current = this.mutable(caller, subscriberId, id);
    const next = structuredClone(current);
    if (applySubscriptionFields(next, readSubscriptionBody(body, false), this.options.insecureHosts)) {
      next.updatedAt = this.stamp();
      this.subscriptions.set(id, next);
      this.stateChanges++;
    }
    return this.subscriptions.get(id) ?? next;
  }

  /** Deletes a subscription (terminal); 409 when already deleted. */
  deleteSubscription(caller: Caller, subscriberId: string, id: string): StoredSubscription {
    const sub = this.mutable(caller, subscriberId, id);
    this.setStatus(sub, SubscriptionStatus.DELETED);
    return sub;
  }

  /** `POST .../suspend`: active → suspended (notified as `subscription.suspended.user`); already suspended: unchanged. */
  suspendByUser(caller: Caller, subscriberId: string, id: string): StoredSubscription {
    const sub = this.mutable(caller, subscriberId, id);
    if (sub.status === SubscriptionStatus.ACTIVE) this.transition(sub, SubscriptionStatus.SUSPENDED, NotificationType.SUSPENDED_USER);
    return sub;
  }

  /** `POST .../resume`: suspended → active (notified as `subscription.resumed`); already active: unchanged. */
  resume(caller: Caller, subscriberId: string, id: string): StoredSubscription {
    const sub = this.mutable(caller, subscriberId, id);
    if (sub.status === SubscriptionStatus.SUSPENDED) this.transition(sub, SubscriptionStatus.ACTIVE, NotificationType.RESUMED);
    return sub;
  }

  /** Suspension by the platform (criteria or threshold), notified as `subscription.suspended.system`. */
  suspendBySystem(subscriptionId: string, reason: string): boolean {
    const sub = this.subscriptions.get(subscriptionId);
    if (sub?.status !== SubscriptionStatus.ACTIVE) return false;
    this.transition(sub, SubscriptionStatus.SUSPENDED, NotificationType.SUSPENDED_SYSTEM, reason);
    return true;
  }

  /**
   * The connection was removed from the PIM: its subscribers and their subscriptions are revoked (faq.html, "What
   * happens if my app or connection is removed from the PIM?"), each subscription notified as `subscription.revoked`.
   */
  revokeConnection(pimUrl: string, clientId: string, reason?: string): number {
    let revoked = 0;
    for (const s of this.subscribers.values()) {
      if (s.subject !== pimUrl || s.clientId !== clientId || s.status !== SubscriberStatus.ACTIVE) continue;
      s.status = SubscriberStatus.REVOKED;
      s.updatedAt = this.stamp();
      for (const sub of this.subscriptionsOf(s.id)) {
        if (sub.status === SubscriptionStatus.ACTIVE || sub.status === SubscriptionStatus.SUSPENDED) {
          this.transition(sub, SubscriptionStatus.REVOKED, NotificationType.REVOKED, reason);
          revoked++;
        }
      }
    }
    return revoked;
  }

  /** A subscription by id, whatever its status. */
  find(subscriptionId: string): StoredSubscription | undefined {
    return this.subscriptions.get(subscriptionId);
  }

  /** Every subscription of the PIM `pimUrl`, whatever its status. */
  subscriptionsOfPim(pimUrl: string): StoredSubscription[] {
    return [...this.subscriptions.values()].filter((s) => s.subject === pimUrl);
  }

  private subscriptionsOf(subscriberId: string): StoredSubscription[] {
    return [...this.subscriptions.values()].filter((s) => s.subscriberId === subscriberId);
  }

  /** A subscription that may still change: 409 "Subscription is deleted" (2024 OpenAPI), or revoked. */
  private mutable(caller: Caller, subscriberId: string, id: string): StoredSubscription {
    const sub = this.subscription(caller, subscriberId, id);
    if (sub.status === SubscriptionStatus.DELETED) throw new ApiError(409, ['Subscription is deleted']);
    if (sub.status === SubscriptionStatus.REVOKED) throw new ApiError(409, ['Subscription is revoked']);
    return sub;
  }

  private transition(sub: StoredSubscription, status: SubscriptionStatus, type: NotificationType, reason?: string): void {
    this.setStatus(sub, status);
    const subscriber = this.subscribers.get(sub.subscriberId);
    if (subscriber) this.options.onStatusChange({ type, subscription: sub, subscriber, ...(reason !== undefined ? { reason } : {}) });
  }

  private setStatus(sub: StoredSubscription, status: SubscriptionStatus): void {
    sub.status = status;
    sub.updatedAt = this.stamp();
    this.stateChanges++;
    this.options.onStatus?.(sub);
  }

  private stamp(): string {
    return new Date(this.options.now()).toISOString();
  }
}
