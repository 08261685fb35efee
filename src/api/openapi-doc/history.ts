/** The OpenAPI description of the operators' history routes, and of the history they answer. */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { EntityKind, HistoryKind, type SyncHistory, SyncStatus } from '../../workflows/definitions';
import { errors, json, operatorOnly } from './shared';

const entityRefSchema = z.object({ kind: z.enum(EntityKind), id: z.string(), identifier: z.string().optional() });
const historyEntrySchema = z.object({
  at: z.string().meta({ format: 'date-time' }),
  kind: z.enum(HistoryKind),
  eventId: z.string().optional(),
  eventDate: z.string().optional(),
  detail: z.string().optional(),
  count: z.number().int().optional().meta({ description: 'Deliveries this entry stands for: consecutive duplicates share one `ignored-duplicate` entry.' }),
});
const syncHistorySchema = z.object({
  ref: entityRefSchema,
  status: z.enum(SyncStatus),
  latestEventDate: z.string().optional().meta({ description: 'Latest event date applied, ISO-8601 UTC.' }),
  lastWrittenVersion: z.string().optional().meta({ description: "The PIM's `updated` of the version last written." }),
  duplicatesIgnored: z.number().int().optional().meta({ description: 'Deliveries of an already-seen event id ignored so far.' }),
  entries: z.array(historyEntrySchema).meta({ description: 'Oldest first, at most 100.' }),
}).meta({ id: 'SyncHistory' });
/** Compile-time proof that the documented history is exactly what the workflow's query returns. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _historyMatches: Same<z.infer<typeof syncHistorySchema>, SyncHistory> = true;

/** Registers the product and product-model history routes. */
export function registerHistory(r: OpenAPIRegistry, operatorAuth: boolean): void {
  const { security, unauthorized } = operatorOnly(operatorAuth);
  const routes = [
    { path: '/products/{uuid}/history', operationId: 'getProductHistory', params: z.object({ uuid: z.uuid() }), what: 'a product' },
    { path: '/product-models/{code}/history', operationId: 'getProductModelHistory', params: z.object({ code: z.string().min(1).max(255) }), what: 'a product model' },
  ];
  for (const { path, operationId, params, what } of routes) {
    r.registerPath({
      method: 'get',
      path,
      operationId,
      tags: ['operators'],
      summary: `Sync status and history of ${what}`,
      ...(security && { security }),
      request: { params },
      responses: {
        200: json(syncHistorySchema, 'Status, latest event date applied, version last written and history.'),
        ...errors({
          400: 'invalid_id.',
          ...unauthorized,
          404: 'not_found: no sync workflow for it.',
          429: 'too_many_requests: 8 history queries are already running in this API process (Retry-After: 1).',
          503: 'temporal_unavailable: Temporal could not answer.',
        }),
      },
    });
  }
}
