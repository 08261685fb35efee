/** Starts the real API (Koa + Temporal client) on 127.0.0.1:0 for integration tests. */
import pino from 'pino';
import { startApiServer, type ApiServer } from '../../src/api/server';
import type { ProductSyncOptions } from '../../src/workflows/product-sync';

/** Secrets the test API is configured with. */
export const SECRETS = {
  events: 'events-secret-for-tests',
  platform: 'platform-primary-secret-for-tests',
  platformSecondary: 'platform-secondary-secret-for-tests',
} as const;

/** Starts an API bound to `temporalAddress` and `taskQueue`. */
export function startTestApi(temporalAddress: string, taskQueue: string, workflowOptions?: ProductSyncOptions): Promise<ApiServer> {
  return startApiServer({
    config: {
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      temporal: { address: temporalAddress, namespace: 'default', taskQueue },
      eventsApiSecret: SECRETS.events,
      eventPlatformSecrets: { primary: SECRETS.platform, secondary: SECRETS.platformSecondary },
    },
    logger: pino({ level: 'silent' }),
    workflowOptions,
  });
}

/** POSTs a signed request. */
export async function post(url: string, req: { body: string; headers: Record<string, string> }): Promise<{ status: number; body: unknown; ms: number }> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', body: req.body, headers: req.headers });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined, ms: performance.now() - started };
}
