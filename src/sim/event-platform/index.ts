/** The Event Platform simulator: management API, HTTPS delivery, notification webhooks. */
export * from './adaptive-rate';
export * from './clock';
export * from './delivery';
export * from './delivery-types';
export * from './event-types';
export * from './filter';
export * from './notifier';
export * from './registry';
export * from './registry-types';
export * from './server';
export * from './server-options';
export * from './success-window';
export * from './types';
export { DEFAULT_INSECURE_HOSTS, normalizePimUrl, ValidationError } from './validation';
