/** The OpenAPI description of the probes, the metrics and the document itself. */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { errors, json, OPENAPI_PATH, operatorOnly, statusOk } from './shared';

/** Registers `/healthz`, `/readyz`, `/metrics` and `/openapi.json`. */
export function registerOps(r: OpenAPIRegistry, operatorAuth: boolean): void {
  const { security, unauthorized } = operatorOnly(operatorAuth);
  r.registerPath({ method: 'get', path: '/healthz', operationId: 'healthz', tags: ['probes'], summary: 'Liveness: the process is up', responses: { 200: json(statusOk, 'Up.') } });
  r.registerPath({
    method: 'get',
    path: '/readyz',
    operationId: 'readyz',
    tags: ['probes'],
    summary: 'Readiness: Temporal is reachable',
    responses: { 200: json(statusOk, 'Ready.'), ...errors({ 503: 'temporal_unavailable: Temporal is not reachable.' }) },
  });
  r.registerPath({
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tags: ['operators'],
    summary: 'Prometheus metrics of the API process',
    ...(security && { security }),
    responses: { 200: { description: 'Prometheus text exposition format.', content: { 'text/plain': { schema: z.string() } } }, ...errors(unauthorized) },
  });
  r.registerPath({
    method: 'get',
    path: OPENAPI_PATH,
    operationId: 'openApiDocument',
    tags: ['operators'],
    summary: 'This OpenAPI document',
    ...(security && { security }),
    responses: {
      200: { description: 'OpenAPI 3.0 document.', content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } } },
      ...errors(unauthorized),
    },
  });
}
