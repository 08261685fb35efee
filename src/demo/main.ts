/**
 * `npm run demo [-- --once] [-- --products N]`: Temporal dev server (Web UI), worker, API and both
 * simulators on this machine; sends a realistic event stream and reports how the third party converged.
 */
import { createServer } from 'node:net';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { diffWithPim, inSync } from '../dev/compare';
import { LOCAL_SECRETS, startLocalStack, type LocalStack } from '../dev/local-stack';
import { freePort, startDevServer, type DevServer } from '../dev/temporal-dev-server';
import { createLogger } from '../logger';
import { DEFAULT_TASK_QUEUE } from '../workflows/ids';
import { WORKFLOWS_PATH } from '../workers';
import { startDemoEventPlatform } from './event-platform';
import { runScenario } from './scenario';
import { summarize, type Summary } from './summary';

const CONVERGE_TIMEOUT_MS = 120_000;
const out = (line = ''): boolean => process.stdout.write(`${line}\n`);

async function portOr(preferred: number): Promise<number> {
  const free = await new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(preferred, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
  return free ? preferred : freePort();
}

function parseArgs(argv: string[]): { once: boolean; products: number } {
  const once = argv.includes('--once');
  const i = argv.indexOf('--products');
  const products = i >= 0 ? Number(argv[i + 1]) : 30;
  if (!Number.isInteger(products) || products < 5 || products > 5000) {
    process.stderr.write('demo: --products must be an integer between 5 and 5000\n');
    process.exit(2);
  }
  return { once, products };
}

async function waitForSync(stack: LocalStack): Promise<boolean> {
  const deadline = Date.now() + CONVERGE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (inSync(diffWithPim(stack.catalog, stack.thirdParty))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function print(s: Summary, urls: { ui: string; history: string }): void {
  out();
  out('akeneo-sync demo');
  out(`  Temporal Web UI:   ${urls.ui}`);
  out(`  A product history: ${urls.history}`);
  out();
  out(`  events accepted (distinct ids):    ${s.accepted}`);
  out(`  requests answered 200 / other:     ${s.requestsOk} / ${s.requestsFailed}`);
  out(`  products in the PIM / third party: ${s.pimProducts} / ${s.thirdPartyProducts}`);
  out(`  product models synced:             ${s.thirdPartyModels}`);
  out(`  events ignored as duplicate:       ${s.ignoredDuplicate}`);
  out(`  events ignored as outdated:        ${s.ignoredOutdated}`);
  out(`  PIM fetches / third-party writes:  ${s.pimFetches} / ${s.writes}`);
  out(`  converged in:                      ${s.convergeMs} ms ${s.inSync ? '(in sync)' : '(NOT in sync)'}`);
  out();
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const logger = createLogger('warn', 'akeneo-sync-demo');
  const port = await portOr(7233);
  const uiPort = await portOr(port === 7233 ? 8233 : port + 1000);
  out(`starting the Temporal dev server on 127.0.0.1:${port} (Web UI on ${uiPort})…`);
  const server: DevServer = await startDevServer({ port, uiPort });
  const stack = await startLocalStack({
    temporalAddress: server.address,
    connection: server.env.nativeConnection,
    client: server.env.client,
    taskQueue: DEFAULT_TASK_QUEUE,
    workflows: { workflowsPath: WORKFLOWS_PATH },
    apiPort: await portOr(3000),
    logger,
  });
  const stop = async (code: number): Promise<never> => {
    await platform.close();
    await stack.close();
    await server.stop();
    process.exit(code);
  };
  out(`API on ${stack.api.url}, PIM simulator on ${stack.pim.url}, third party on ${stack.thirdParty.url}`);
  const { platform, setup } = await startDemoEventPlatform(stack, server.env.client, server.address, DEFAULT_TASK_QUEUE);
  const report = JSON.parse(setup) as { subscriber: { action: string }; subscription: { action: string; status?: string } };
  out(`Event Platform simulator on ${platform.url}: \`npm run cli -- event-platform setup\` ${report.subscriber.action} the subscriber and ${report.subscription.action} the subscription (${report.subscription.status ?? 'unknown'})`);
  out(`sending events for ${args.products} products…`);
  const started = Date.now();
  const result = await runScenario(stack.catalog, stack.api.url, LOCAL_SECRETS, args.products, platform);
  const synced = await waitForSync(stack);
  const summary = await summarize(server.env.client, stack, result, synced, Date.now() - started);
  print(summary, {
    ui: `http://localhost:${uiPort}/namespaces/default/workflows`,
    history: `${stack.api.url}/products/${result.productIds[0]}/history`,
  });
  const delivered = platform.records.filter((r) => r.status === 200).length;
  out(`  Event Platform deliveries answered 200 / other:  ${delivered} / ${platform.records.length - delivered}`);
  out();
  if (args.once) await stop(synced ? 0 : 1);
  out('running until Ctrl-C');
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
