/**
 * One scenario's system: the PIM and third-party simulators in this process, the API and the worker(s) as
 * child processes (as in production), all on a task queue of their own on the shared Temporal server.
 */
import pino from 'pino';
import { startApiServer, type ApiServer } from '../src/api/server';
import { LOCAL_SECRETS, localApiConfig, SIM_CREDENTIALS } from '../src/dev/local-stack';
import { apiEnv, ServiceScript, startServiceProcess, workerEnv, type ServiceProcess } from '../src/dev/processes';
import { freePort } from '../src/dev/temporal-dev-server';
import { Catalog } from '../src/sim/catalog';
import type { ChaosOptions } from '../src/sim/chaos';
import { EventSender } from '../src/sim/event-sender';
import { seededRandom } from '../src/sim/faults';
import { PimSimulator } from '../src/sim/pim-server';
import { ThirdPartySimulator } from '../src/sim/third-party-server';

/** Options of {@link ChaosStack.start}. */
export interface ChaosStackOptions {
  /** Scenario name: part of the task queue and of product-model codes, so scenarios never share a workflow. */
  name: string;
  temporalAddress: string;
  seed: number;
  /** Delivery chaos of the event sender. */
  chaos?: ChaosOptions;
  /** Run the API inside this process instead of as a child process (tests: one process less to start). */
  apiInProcess?: boolean;
}

/** Every service process started by any stack, so an interrupted run can still kill them. */
export const liveProcesses = new Set<ServiceProcess>();

/** A scenario's simulators, API and workers. */
export class ChaosStack {
  /** Every worker process started, the last one current. */
  readonly workers: ServiceProcess[] = [];
  readonly random: () => number;
  readonly sender: EventSender;

  private constructor(
    readonly o: ChaosStackOptions,
    readonly taskQueue: string,
    readonly catalog: Catalog,
    readonly pim: PimSimulator,
    readonly thirdParty: ThirdPartySimulator,
    readonly apiUrl: string,
    private readonly api: ServiceProcess | ApiServer,
    /** How far the PIM's clock is ahead of the real one: the workload moves it on between passes of changes. */
    readonly pimClock: { aheadMs: number },
  ) {
    this.random = seededRandom(o.seed);
    this.sender = new EventSender({
      catalog,
      eventsApi: { url: `${apiUrl}/akeneo/events`, secret: LOCAL_SECRETS.events },
      eventPlatform: { url: `${apiUrl}/akeneo/event-platform`, primary: LOCAL_SECRETS.platform },
      concurrency: 5,
      chaos: o.chaos,
      random: seededRandom(o.seed + 1),
    });
  }

  /** Starts the simulators and the API (not yet a worker: see {@link ChaosStack.startWorker}). */
  static async start(o: ChaosStackOptions): Promise<ChaosStack> {
    const taskQueue = `chaos-${o.name}-${Date.now().toString(36)}`;
    const pimClock = { aheadMs: 0 };
    const catalog = new Catalog({ modelCodePrefix: `model_${o.name.replace(/[^a-z0-9]/gi, '_')}_${Date.now().toString(36)}`, now: () => Date.now() + pimClock.aheadMs });
    const pim = new PimSimulator({ catalog, ...SIM_CREDENTIALS });
    const thirdParty = new ThirdPartySimulator({ random: seededRandom(o.seed + 2) });
    await pim.start();
    await thirdParty.start();
    let api: ServiceProcess | ApiServer;
    let apiUrl: string;
    if (o.apiInProcess) {
      const server = await startApiServer({
        config: localApiConfig({ temporalAddress: o.temporalAddress, taskQueue }),
        logger: pino({ level: 'silent' }),
      });
      api = server;
      apiUrl = server.url;
    } else {
      const port = await freePort();
      const env = apiEnv({ temporalAddress: o.temporalAddress, taskQueue, port, eventsSecret: LOCAL_SECRETS.events, platformSecret: LOCAL_SECRETS.platform });
      const child = startServiceProcess(ServiceScript.API, env);
      liveProcesses.add(child);
      await child.ready();
      api = child;
      apiUrl = `http://127.0.0.1:${port}`;
    }
    return new ChaosStack(o, taskQueue, catalog, pim, thirdParty, apiUrl, api, pimClock);
  }

  /** Starts a worker process (resolve {@link ServiceProcess.ready} to wait until it polls). */
  startWorker(): ServiceProcess {
    const env = workerEnv({
      temporalAddress: this.o.temporalAddress,
      taskQueue: this.taskQueue,
      pimUrl: this.pim.url,
      pimCredentials: SIM_CREDENTIALS,
      destinationUrl: this.thirdParty.url,
    });
    const worker = startServiceProcess(ServiceScript.WORKER, env);
    liveProcesses.add(worker);
    this.workers.push(worker);
    return worker;
  }

  /** A problem for each service process that died without being told to. */
  crashed(): string[] {
    const processes = [...this.workers, ...('child' in this.api ? [this.api] : [])];
    return processes
      .filter((p) => !p.running() && p.child.signalCode !== 'SIGKILL')
      .map((p) => `${p.script} exited on its own (${String(p.child.exitCode ?? p.child.signalCode)}): ${p.output().slice(-300)}`);
  }

  /** Stops workers, API and simulators. */
  async close(): Promise<void> {
    for (const w of this.workers) {
      await w.stop();
      liveProcesses.delete(w);
    }
    if ('child' in this.api) {
      await this.api.stop();
      liveProcesses.delete(this.api);
    } else {
      await this.api.close();
    }
    await Promise.all([this.pim.close(), this.thirdParty.close()]);
  }
}
