/** Simulators of the PIM (catalog, REST API, webhook sender) and of the third party, for tests and the demo. */
export * from './catalog-types';
export * from './catalog';
export * from './change-log';
export * from './chaos';
export * from './event-platform-request';
export * from './event-sender';
export * from './events-api-request';
export * from './faults';
export * from './http-server';
export * from './php-json';
export * from './pim-list';
export * from './pim-oauth';
export * from './pim-search';
export * from './pim-server';
export * from './rate-window';
export * from './sorted-keys';
export * from './third-party-server';
