/**
 * The event types a subscription may list. Source: the last committed copy of the generated catalogue,
 * akeneo/pim-api-docs content/event-platform/available-events.md at 08e0ab98 (2025-08-12), published as
 * https://api.akeneo.com/event-platform/available-events.html; types added later are unknown to the simulator.
 */

const PREFIX = 'com.akeneo.pim.v1.';
const CRUD = ['created', 'updated', 'deleted'] as const;
const CRUD_ENTITIES = ['category', 'attribute', 'attribute-option', 'attribute-group', 'family', 'asset', 'reference-entity-record'] as const;

/** Every documented event type (36 in the 2025-08-12 catalogue). */
export const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set([
  ...['created', 'updated', 'updated.delta', 'deleted', 'became-complete', 'became-incomplete'].map((a) => `${PREFIX}product.${a}`),
  ...['created', 'updated', 'updated.delta', 'deleted'].map((a) => `${PREFIX}product-model.${a}`),
  ...CRUD_ENTITIES.flatMap((entity) => CRUD.map((a) => `${PREFIX}${entity}.${a}`)),
  `${PREFIX}app.deleted`,
  `${PREFIX}connection.deleted`,
  `${PREFIX}job.import.status-changed`,
  `${PREFIX}job.export.status-changed`,
  `${PREFIX}job.mass-edit.status-changed`,
  `${PREFIX}workflow.task.created`,
]);

/**
 * Product event types to which `send_product_identifier` applies: concepts.html ("Subscription", the
 * `send_product_identifier` row).
 */
export const IDENTIFIER_EVENT_TYPES: ReadonlySet<string> = new Set(
  ['created', 'updated', 'updated.delta', 'deleted', 'became-complete', 'became-incomplete'].map((a) => `${PREFIX}product.${a}`),
);
