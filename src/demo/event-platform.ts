/**
 * The demo's Event Platform: the simulated platform, set up by the same `event-platform setup` command an
 * operator runs against Akeneo's (the CLI in this process, its environment pointing at the simulators).
 */
import type { Client } from '@temporalio/client';
import { EVENT_PLATFORM_PATH } from '../api/routes/event-platform';
import { runCli } from '../cli/program';
import { loadCliConfig } from '../config';
import { LOCAL_SECRETS, SIM_CREDENTIALS, type LocalStack } from '../dev/local-stack';
import { EventPlatformSimulator, eventPlatformPimOf } from '../sim/event-platform';

/** Platform minutes pass in demo seconds (a retry "after 5 minutes" comes 5 s later). */
const DEMO_TIME_SCALE = 1 / 60;

/** Starts the simulated platform and runs `event-platform setup` against it; resolves with the platform and the command's output. */
export async function startDemoEventPlatform(stack: LocalStack, client: Client, temporalAddress: string, taskQueue: string): Promise<{ platform: EventPlatformSimulator; setup: string }> {
  const platform = new EventPlatformSimulator({ pims: [eventPlatformPimOf(stack.pim, { catalog: stack.catalog, fromSeq: stack.catalog.lastSeq })], timeScale: DEMO_TIME_SCALE });
  await platform.start();
  const env = {
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    AKENEO_BASE_URL: stack.pim.url,
    AKENEO_CLIENT_ID: SIM_CREDENTIALS.clientId,
    AKENEO_CLIENT_SECRET: SIM_CREDENTIALS.clientSecret,
    AKENEO_USERNAME: SIM_CREDENTIALS.username,
    AKENEO_PASSWORD: SIM_CREDENTIALS.password,
    EVENT_PLATFORM_API_URL: `${platform.url}/api/v1`,
    EVENT_PLATFORM_TECHNICAL_EMAIL: 'demo@example.com',
    AKENEO_EVENT_PLATFORM_SECRET: LOCAL_SECRETS.platform,
    AKENEO_EVENT_PLATFORM_SECRET_SECONDARY: LOCAL_SECRETS.platformSecondary,
    AKENEO_EVENT_PLATFORM_NOTIFICATION_SECRET: LOCAL_SECRETS.notifications,
  };
  let out = '';
  let err = '';
  const code = await runCli(['event-platform', 'setup', '--url', `${stack.api.url}${EVENT_PLATFORM_PATH}`], {
    config: loadCliConfig(env),
    connect: () => Promise.resolve(client),
    out: (t) => (out += t),
    err: (t) => (err += t),
  });
  if (code !== 0) {
    await platform.close();
    throw new Error(`event-platform setup failed: ${err.trim()}`);
  }
  return { platform, setup: out.trim() };
}
