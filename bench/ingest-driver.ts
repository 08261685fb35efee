/** The parent side of bench/ingest-load.ts: forks the load generator and exchanges one reply per command. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { LoadCommand, LoadReply } from './ingest-load';
import { BenchTimeoutError, onAbort, withDeadline } from './util';

const ROOT = path.resolve(__dirname, '..');

/** A running load generator process. */
export class LoadGenerator {
  private readonly unregister = onAbort(() => this.close());

  private constructor(
    private readonly child: ChildProcess,
    private readonly replies: LoadReply[],
    private wake: () => void,
  ) {}

  /** Forks the generator (ts-node, transpile only) for the Temporal server at `temporalAddress`. */
  static async start(temporalAddress: string, timeoutMs = 60_000): Promise<LoadGenerator> {
    const child = fork(path.join(__dirname, 'ingest-load.ts'), [temporalAddress], {
      cwd: ROOT,
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const generator = new LoadGenerator(child, [], () => undefined);
    child.on('message', (reply: LoadReply) => {
      generator.replies.push(reply);
      generator.wake();
    });
    child.once('exit', () => generator.wake());
    try {
      const first = await generator.next(timeoutMs, 'load generator start');
      if (first.type !== 'ready') throw new Error(`load generator: unexpected ${first.type}`);
      return generator;
    } catch (err) {
      await generator.close();
      throw err;
    }
  }

  /** Sends `cmd` and waits for its reply; an `error` reply is thrown. */
  async ask(cmd: LoadCommand, timeoutMs: number, what: string): Promise<LoadReply> {
    this.child.send(cmd);
    const reply = await this.next(timeoutMs, what);
    if (reply.type === 'error') throw new Error(`load generator: ${reply.message}`);
    return reply;
  }

  /** Asks the child to close its connection and exit; kills it if it has not within 5 s. */
  async close(): Promise<void> {
    this.unregister();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.send({ type: 'exit' } satisfies LoadCommand);
    await withDeadline(exited, 5_000, 'load generator exit').catch(() => {
      this.child.kill('SIGKILL');
    });
  }

  private async next(timeoutMs: number, what: string): Promise<LoadReply> {
    const deadline = Date.now() + timeoutMs;
    while (this.replies.length === 0) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`load generator exited during ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new BenchTimeoutError(what, timeoutMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.replies.shift() as LoadReply;
  }
}
