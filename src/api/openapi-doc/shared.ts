/** What every part of the OpenAPI document shares: the error answer, response helpers, the operator security scheme. */
import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

/** Path the document is served at. */
export const OPENAPI_PATH = '/openapi.json';

/** Name of the operator routes' security scheme. */
export const OPERATOR_SECURITY_SCHEME = 'operatorToken';

/** The security requirement and 401 answer of an operator route, when its token is configured. */
export function operatorOnly(operatorAuth: boolean): { security?: Array<Record<string, string[]>>; unauthorized: Record<number, string> } {
  if (!operatorAuth) return { unauthorized: {} };
  return {
    security: [{ [OPERATOR_SECURITY_SCHEME]: [] }],
    unauthorized: { 401: 'unauthorized: no `Authorization: Bearer <API_OPERATOR_TOKEN>`, or another token (with `WWW-Authenticate: Bearer`).' },
  };
}

/** The body of every error answer. */
export const errorSchema = z
  .object({ error: z.object({ code: z.string().meta({ example: 'bad_signature' }), message: z.string() }) })
  .meta({ id: 'Error', description: 'Every error answer: a stable machine-readable code and a human message.' });

/** The body of a probe's 200. */
export const statusOk = z.object({ status: z.literal('ok') });

/** The 429 every webhook may answer while its body is read. */
export const BUSY =
  'busy: too many request bodies are being read at once (API_MAX_BODY_BYTES_IN_FLIGHT); Retry-After: 1, and the connection is closed.';

/** A JSON response of `schema`. */
export function json(schema: z.ZodType, description: string): ResponseConfig {
  return { description, content: { 'application/json': { schema } } };
}

/** Error responses, one per status, each with its codes described. */
export function errors(codes: Record<number, string>): Record<number, ResponseConfig> {
  return Object.fromEntries(Object.entries(codes).map(([status, text]) => [status, json(errorSchema, text)]));
}
