/**
 * `npm run demo [-- --once] [-- --products N]`: Temporal dev server (Web UI), worker, API and both
 * simulators on this machine; sends a realistic event stream and reports how the third party converged.
 */
import { createServer } from 'node:net';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { diffWithPim, inSync } from '../dev/compare';
import { diffStructureWithPim, missingMedia } from '../dev/compare-structure';
import { LOCAL_SECRETS, startLocalStack, type LocalStack } from '../dev/local-stack';
import { freePort, startDevServer, type DevServer } from '../dev/temporal-dev-server';
import { createLogger } from '../logger';
import { DEFAULT_TASK_QUEUE } from '../workflows/ids';
import { WORKFLOWS_PATH } from '../workers';
import { startDemoEventPlatform } from './event-platform';
import { runScenario } from './scenario';
import { startStructureSync } from './structure-run';
import { summarize, type Summary } from './summary';

const CONVERGE_TIMEOUT_MS = 120_000;
/** The demo catalogue's structure: the baseline (`clothing`, `picture`, ...) plus some options and categories. */
const DEMO_STRUCTURE = { attributes: 20, options: 100, categories: 50, families: 3 } as const;
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

/** Products and models (as the REST API shows them, download links included), structure and media files all match. */
function converged(stack: LocalStack): boolean {
  const media = { attributes: stack.pim.structure.mediaAttributeCodes(), origin: stack.pim.url };
  return inSync(diffWithPim(stack.catalog, stack.thirdParty, media)) && diffStructureWithPim(stack.pim, stack.thirdParty).length === 0 && missingMedia(stack.catalog, stack.pim, stack.thirdParty).length === 0;
}

async function waitForSync(stack: LocalStack): Promise<boolean> {
  const deadline = Date.now() + CONVERGE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (converged(stack)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function printStructure(s: Summary): void {
  out(`  structure run:                     ${s.structureWritten} items written in ${s.structureMs} ms; per kind, third party / PIM:`);
  const width = Math.max(...s.structure.map((k) => k.kind.length));
  for (const k of s.structure) out(`    ${`${k.kind}:`.padEnd(width + 1)} ${k.thirdParty} / ${k.pim}`);
}

function print(s: Summary, urls: { ui: string; history: string; structureRun: string }): void {
  out();
  out('akeneo-sync demo');
  out(`  Temporal Web UI:   ${urls.ui}`);
  out(`  A product history: ${urls.history}`);
  out(`  The structure run: ${urls.structureRun}`);
  out();
  out(`  events accepted (distinct ids):    ${s.accepted}`);
  out(`  requests answered 200 / other:     ${s.requestsOk} / ${s.requestsFailed}`);
  out(`  products in the PIM / third party: ${s.pimProducts} / ${s.thirdPartyProducts}`);
  out(`  product models synced:             ${s.thirdPartyModels}`);
  out(`  events ignored as duplicate:       ${s.ignoredDuplicate}`);
  out(`  events ignored as outdated:        ${s.ignoredOutdated}`);
  out(`  PIM fetches / third-party writes:  ${s.pimFetches} / ${s.writes}`);
  out(`  media files at the third party:    ${s.thirdPartyMediaFiles} of ${s.pimMediaFiles} (${s.thirdPartyMediaBytes} bytes)`);
  out(`  media downloads from the PIM:      ${s.mediaDownloads}`);
  printStructure(s);
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
  const seeded = stack.pim.structure.seed(DEMO_STRUCTURE);
  const started = Date.now();
  out(`sending events for ${args.products} products, half of them with a photo…`);
  const result = await runScenario(stack.catalog, stack.api.url, LOCAL_SECRETS, args.products, platform, stack.pim.media);
  // Started once the events are in, so that it does not compete with their handover (Akeneo waits 0.5 s).
  const structureStarted = Date.now();
  const structureRun = await startStructureSync(server.env.client, DEFAULT_TASK_QUEUE);
  out(`structure sync of ${seeded.attributes.length} attributes, ${seeded.options} options, ${seeded.categories.length} categories… (workflow ${structureRun.workflowId})`);
  const structureCounts = await structureRun.result;
  const structureMs = Date.now() - structureStarted;
  const synced = await waitForSync(stack);
  const summary = await summarize(server.env.client, stack, result, { counts: structureCounts, ms: structureMs }, synced, Date.now() - started);
  const ui = `http://localhost:${uiPort}/namespaces/default/workflows`;
  print(summary, { ui, history: `${stack.api.url}/products/${result.productIds[0]}/history`, structureRun: `${ui}/${structureRun.workflowId}` });
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
