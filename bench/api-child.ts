/**
 * The API as its own process, compiled as the image runs it (`node api/main.js` from bench/.build), with its default
 * config (the in-flight limit included) and the local webhook secrets: its CPU is not the benchmark's, the worker's
 * or the load generator's, as in production.
 */
import path from 'node:path';
import { LOCAL_SECRETS } from '../src/dev/local-stack';
import { freePort } from '../src/dev/temporal-dev-server';
import { parsePromText, type PromSample } from '../src/metrics/prom-text';
import { buildCompiledWorker } from './build-worker';
import { startServiceChild, type ServiceChild } from './service-child';
import { until } from './util';

/** A running API process. */
export interface ApiChild extends ServiceChild {
  url: string;
  /** The samples of its `GET /metrics`. */
  metrics(): Promise<PromSample[]>;
}

/** Starts the API for entity workflows on `taskQueue` and waits until `/readyz` answers 200 (Temporal reachable). */
export async function startApiChild(o: { temporalAddress: string; taskQueue: string }): Promise<ApiChild> {
  const main = path.join(path.dirname(await buildCompiledWorker()), 'api/main.js');
  const port = await freePort();
  const env = {
    TEMPORAL_ADDRESS: o.temporalAddress,
    TEMPORAL_TASK_QUEUE: o.taskQueue,
    PORT: String(port),
    HOST: '127.0.0.1',
    AKENEO_EVENTS_SECRET: LOCAL_SECRETS.events,
    AKENEO_EVENT_PLATFORM_SECRET: LOCAL_SECRETS.platform,
    AKENEO_EVENT_PLATFORM_SECRET_SECONDARY: LOCAL_SECRETS.platformSecondary,
  };
  const service = await startServiceChild({ args: [main], env, readyLine: '"msg":"API listening"', what: 'API' });
  const url = `http://127.0.0.1:${port}`;
  try {
    const ready = async () => {
      const res = await fetch(`${url}/readyz`).catch(() => undefined);
      await res?.arrayBuffer();
      return res?.status === 200;
    };
    await until(ready, 60_000, 'API ready', 250);
  } catch (err) {
    await service.stop(2_000);
    throw err;
  }
  const metrics = async () => parsePromText(await (await fetch(`${url}/metrics`)).text());
  return { ...service, url, metrics };
}
