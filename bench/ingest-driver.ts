/**
 * The parent side of bench/ingest-load.ts (or of another load script speaking the same protocol, e.g.
 * bench/burst-load.ts): forks the load generator and exchanges one reply per command.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { LoadCommand, LoadReply } from './ingest-load';
import { BenchTimeoutError, onAbort, withDeadline } from './util';

const ROOT = path.resolve(__dirname, '..');

/** What every load script understands besides its own commands. */
type ExitCommand = { type: 'exit' };
/** What every load script may answer besides its own replies. */
type BaseReply = { type: 'ready' } | { type: 'error'; message: string };

/** A running load generator process; `C` and `R` are its script's commands and replies. */
export class LoadGenerator<C extends { type: string } = LoadCommand, R extends { type: string } = LoadReply> {
  private readonly unregister = onAbort(() => this.close());

  private constructor(
    private readonly child: ChildProcess,
    private readonly replies: Array<R | BaseReply>,
    private wake: () => void,
  ) {}

  /** Forks `script` (default the ingest generator; ts-node, transpile only) for the Temporal server at `temporalAddress`. */
  static async start<C extends { type: string } = LoadCommand, R extends { type: string } = LoadReply>(
    temporalAddress: string,
    timeoutMs = 60_000,
    script = 'ingest-load.ts',
  ): Promise<LoadGenerator<C, R>> {
    const child = fork(path.join(__dirname, script), [temporalAddress], {
      cwd: ROOT,
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const generator = new LoadGenerator<C, R>(child, [], () => undefined);
    child.on('message', (reply: R | BaseReply) => {
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
  async ask(cmd: C, timeoutMs: number, what: string): Promise<R> {
    this.child.send(cmd);
    const reply = await this.next(timeoutMs, what);
    if (isBase(reply)) throw new Error(`load generator: ${reply.type === 'error' ? reply.message : 'unexpected ready'}`);
    return reply;
  }

  /** Asks the child to close its connection and exit; kills it if it has not within 5 s. */
  async close(): Promise<void> {
    this.unregister();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.send({ type: 'exit' } satisfies ExitCommand);
    await withDeadline(exited, 5_000, 'load generator exit').catch(() => {
      this.child.kill('SIGKILL');
    });
  }

  private async next(timeoutMs: number, what: string): Promise<R | BaseReply> {
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
    return this.replies.shift() as R | BaseReply;
  }
}

function isBase<R extends { type: string }>(reply: R | BaseReply): reply is BaseReply {
  return reply.type === 'ready' || reply.type === 'error';
}
