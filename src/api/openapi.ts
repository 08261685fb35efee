/**
 * The OpenAPI 3 description of the HTTP API, generated from the zod schemas the routes validate with
 * (`@asteasolutions/zod-to-openapi`), so the document and the validation cannot drift apart. Each group of
 * routes is described in its own file under `openapi-doc/`.
 */
import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { registerEventPlatform } from './openapi-doc/event-platform';
import { registerEventsApi } from './openapi-doc/events-api';
import { registerHistory } from './openapi-doc/history';
import { registerOps } from './openapi-doc/operations';
import { OPERATOR_SECURITY_SCHEME } from './openapi-doc/shared';

export { OPENAPI_PATH, OPERATOR_SECURITY_SCHEME } from './openapi-doc/shared';

/** An OpenAPI 3.0 document, as the generator returns it. */
export type OpenApiDocument = ReturnType<OpenApiGeneratorV3['generateDocument']>;

/**
 * Which optional routes the described app serves: the legacy webhook exists only when its secret is set;
 * the Event Platform routes always do (without their secret they answer 503).
 */
export interface OpenApiOptions {
  eventsApi: boolean;
  /** `API_OPERATOR_TOKEN` is set: the operator routes need it as a bearer token. */
  operatorAuth?: boolean;
}

/**
 * Builds the OpenAPI 3.0 document of the API; the legacy webhook is described only when the app serves it, and the
 * operator routes' bearer token only when it is configured.
 */
export function buildOpenApiDocument(options: OpenApiOptions = { eventsApi: true }): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  if (options.eventsApi) registerEventsApi(registry);
  registerEventPlatform(registry);
  if (options.operatorAuth) {
    registry.registerComponent('securitySchemes', OPERATOR_SECURITY_SCHEME, {
      type: 'http',
      scheme: 'bearer',
      description: 'API_OPERATOR_TOKEN, required by the operator routes (history, metrics, this document) when it is set.',
    });
  }
  registerHistory(registry, options.operatorAuth === true);
  registerOps(registry, options.operatorAuth === true);
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'akeneo-sync',
      version: '1.0.0',
      description: 'Receives Akeneo PIM webhooks and hands them to Temporal; answers sync status. Errors are `{"error":{"code","message"}}`.',
    },
  });
}
