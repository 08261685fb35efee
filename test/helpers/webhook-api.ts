/** The real API app (Koa) on 127.0.0.1:0 with a recording intake, its Event Platform secrets swappable like a redeploy. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from '../../src/api/app';
import type { EventIntake } from '../../src/api/ports';
import type { EntityEvent } from '../../src/workflows/definitions';

type Secrets = { primary: string; secondary?: string };

/** A running API. */
export interface WebhookApi {
  /** URL of `POST /akeneo/event-platform`. */
  webhookUrl: string;
  /** Events handed to the intake (probes must never be among them). */
  submitted: EntityEvent[];
  /** The secrets it verifies now. */
  secrets(): Secrets;
  /** Restarts the app with other secrets (an operator changing the API's environment). */
  reconfigure(secrets: Secrets): void;
  close(): Promise<void>;
}

/** Starts the API verifying `secrets`. */
export async function startWebhookApi(initial: Secrets): Promise<WebhookApi> {
  const submitted: EntityEvent[] = [];
  const intake: EventIntake = { submit: (events) => Promise.resolve(void submitted.push(...events)) };
  let current = initial;
  const build = (secrets: Secrets) =>
    createApp({
      config: { eventPlatformSecrets: secrets },
      intake,
      notifications: { submit: () => Promise.resolve() },
      history: { read: () => Promise.resolve(undefined) },
      readiness: () => Promise.resolve(true),
      logger: pino({ level: 'silent' }),
    }).callback();
  let handle = build(initial);
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/akeneo/event-platform`,
    submitted,
    secrets: () => current,
    reconfigure: (secrets) => {
      current = secrets;
      handle = build(secrets);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
