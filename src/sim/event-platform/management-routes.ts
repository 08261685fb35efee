/**
 * Routes of the management API under `/api/v1`, plural paths as the current docs write them (getting-started.html:
 * `/subscribers`, `/subscribers/{id}/subscriptions`; logs.html: `.../subscriptions/{id}/suspend`). Success codes are
 * those of the 2024 OpenAPI file (akeneo/pim-api-docs content/swagger/aep/public-oas.yml at 056e8083^): 201 on
 * creation, 202 on suspend and resume, 200 otherwise (DELETE answers the deleted object).
 */
import type { SimResponse } from '../http-server';
import type { EventPlatformRegistry } from './registry';
import { ApiError, type Caller } from './registry-types';
import { renderSubscriber } from './subscriber-input';
import { renderSubscription } from './subscription-input';

/** Base path of the management API. */
export const EVENT_PLATFORM_API_PREFIX = '/api/v1';

/** Answers one authenticated call; `segments` are the path parts after the prefix. Throws `ApiError`/`ValidationError`. */
export function routeManagement(
  registry: EventPlatformRegistry,
  caller: Caller,
  method: string,
  segments: readonly string[],
  body: unknown,
  strictShape: boolean,
): SimResponse {
  const [root, subscriberId, sub, subscriptionId, action, ...rest] = segments;
  if (root !== 'subscribers' || rest.length > 0) throw new ApiError(404, ['route not found']);
  const subscriber = (status: number, s: Parameters<typeof renderSubscriber>[0]): SimResponse => ({ status, body: renderSubscriber(s, strictShape) });
  const subscription = (status: number, s: Parameters<typeof renderSubscription>[0]): SimResponse => ({ status, body: renderSubscription(s) });
  if (subscriberId === undefined) {
    if (method === 'POST') return subscriber(201, registry.createSubscriber(caller, body));
    if (method === 'GET') return { status: 200, body: registry.listSubscribers(caller).map((s) => renderSubscriber(s, strictShape)) };
    throw notAllowed(method);
  }
  if (sub === undefined) {
    if (method === 'GET') return subscriber(200, registry.subscriber(caller, subscriberId));
    if (method === 'PATCH') return subscriber(200, registry.patchSubscriber(caller, subscriberId, body));
    if (method === 'DELETE') return subscriber(200, registry.deleteSubscriber(caller, subscriberId));
    throw notAllowed(method);
  }
  if (sub !== 'subscriptions') throw new ApiError(404, ['route not found']);
  if (subscriptionId === undefined) {
    if (method === 'POST') return subscription(201, registry.createSubscription(caller, subscriberId, body));
    if (method === 'GET') return { status: 200, body: registry.listSubscriptions(caller, subscriberId).map(renderSubscription) };
    throw notAllowed(method);
  }
  if (action === undefined) {
    if (method === 'GET') return subscription(200, registry.subscription(caller, subscriberId, subscriptionId));
    if (method === 'PATCH') return subscription(200, registry.patchSubscription(caller, subscriberId, subscriptionId, body));
    if (method === 'DELETE') return subscription(200, registry.deleteSubscription(caller, subscriberId, subscriptionId));
    throw notAllowed(method);
  }
  if (method !== 'POST') throw notAllowed(method);
  if (action === 'suspend') return subscription(202, registry.suspendByUser(caller, subscriberId, subscriptionId));
  if (action === 'resume') return subscription(202, registry.resume(caller, subscriberId, subscriptionId));
  throw new ApiError(404, ['route not found']);
}

function notAllowed(method: string): ApiError {
  return new ApiError(405, [`method ${method} not allowed`]);
}
