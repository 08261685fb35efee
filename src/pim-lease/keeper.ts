/**
 * The lease keeper of one worker process: it asks for the PIM lease every few seconds, runs the PIM
 * caller (the PIM worker) while it holds it, renews it, and stops the caller at once when it cannot renew
 * before the lease would run out, so two processes never call the PIM together. Knows nothing about
 * Temporal: the lease is behind {@link PimLeaseService}.
 */
import type { Logger } from 'pino';
import { PimLeaseLostError } from './lease-lost-error';
import { PIM_LEASE_TIMING, type LeaseAnswer, type PimCaller, type PimLeaseService, type PimLeaseTiming, type StartPimCaller } from './types';

/** Options of {@link PimLeaseKeeper}. */
export interface PimLeaseKeeperOptions {
  service: PimLeaseService;
  /** Unique per process. */
  holderId: string;
  startCaller: StartPimCaller;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  timing?: PimLeaseTiming;
  /** Told each time this process starts or stops being the PIM caller (e.g. a gauge). */
  onHoldingChange?: (holding: boolean) => void;
  now?: () => number;
}

interface Term {
  number: number;
  caller: PimCaller;
  lost: AbortController;
}

/** Keeps (or waits for) the PIM lease and runs the PIM caller only while holding it. */
export class PimLeaseKeeper {
  private readonly timing: PimLeaseTiming;
  private readonly now: () => number;
  private stopping = false;
  private failure?: Error;
  private term?: Term;
  /** Local time before which the lease is ours if the service says so: send time of the last granted call + TTL. */
  private heldUntil = -Infinity;
  private lossTimer?: NodeJS.Timeout;
  private wake: () => void = () => undefined;
  private lastSeenHolder?: string;

  constructor(private readonly o: PimLeaseKeeperOptions) {
    this.timing = o.timing ?? PIM_LEASE_TIMING;
    this.now = o.now ?? (() => performance.now());
  }

  /** True while this process is the PIM caller. */
  get holding(): boolean {
    return this.term !== undefined && !this.term.lost.signal.aborted;
  }

  /** Runs until {@link PimLeaseKeeper.stop}: then drains the caller and releases the lease; rejects if the caller failed. */
  async run(): Promise<void> {
    try {
      while (!this.stopping || this.term) {
        const sentAt = this.now();
        await this.attempt(sentAt);
        await this.pause(sentAt + this.timing.renewEveryMs - this.now());
      }
    } finally {
      clearTimeout(this.lossTimer);
    }
    if (this.now() < this.heldUntil) await this.release();
    if (this.failure) throw this.failure;
  }

  /** Graceful stop: no new term; the running caller drains, keeps the lease meanwhile, then releases it. */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.term?.caller.drain();
    this.wake();
  }

  private async attempt(sentAt: number): Promise<void> {
    let answer: LeaseAnswer;
    try {
      answer = await this.call((signal) => this.o.service.acquire({ holderId: this.o.holderId, ttlMs: this.timing.ttlMs }, signal));
    } catch (err) {
      this.o.logger.warn({ err: errorMessage(err), holding: this.holding }, 'could not reach the PIM lease');
      return;
    }
    if (!answer.granted) {
      this.heldUntil = -Infinity;
      this.lose(`held by ${answer.holderId ?? 'another worker'}`);
      if (answer.holderId !== this.lastSeenHolder) this.o.logger.info({ holder: answer.holderId, expiresAt: answer.expiresAt }, 'standing by: another worker holds the PIM lease');
      this.lastSeenHolder = answer.holderId;
      return;
    }
    this.lastSeenHolder = this.o.holderId;
    // A new term while a caller runs means the lease changed hands meanwhile (e.g. the workflow was reset).
    if (this.term && this.term.number !== answer.term) this.lose(`term changed from ${this.term.number} to ${answer.term}`);
    this.heldUntil = sentAt + this.timing.ttlMs;
    this.armLossTimer();
    if (!this.term && !this.stopping) await this.startTerm(answer.term);
  }

  private async startTerm(number: number): Promise<void> {
    const lost = new AbortController();
    let caller: PimCaller;
    try {
      caller = await this.o.startCaller(lost.signal);
    } catch (err) {
      this.fail(err);
      return;
    }
    const term: Term = { number, caller, lost };
    this.term = term;
    this.o.logger.info({ holderId: this.o.holderId, term: number }, 'PIM lease acquired: this worker calls the PIM');
    this.o.onHoldingChange?.(true);
    // A lease lost while the caller was starting: stop it at once.
    if (this.now() >= this.heldUntil - this.timing.stopMarginMs) this.lose('not renewed in time');
    if (this.stopping) caller.drain();
    caller.done.then(
      () => this.settle(term),
      (err: unknown) => {
        this.settle(term);
        this.fail(err);
      },
    );
  }

  /** Cuts the caller off at once (PIM requests aborted); the lease may be asked for again later. */
  private lose(reason: string): void {
    const term = this.term;
    if (!term || term.lost.signal.aborted) return;
    this.o.logger.warn({ holderId: this.o.holderId, term: term.number, reason }, 'PIM lease lost: PIM calls stopped');
    term.lost.abort(new PimLeaseLostError(reason));
    term.caller.drain();
    this.o.onHoldingChange?.(false);
  }

  private settle(term: Term): void {
    if (this.term !== term) return;
    if (!term.lost.signal.aborted) {
      term.lost.abort(new PimLeaseLostError('PIM caller stopped'));
      this.o.onHoldingChange?.(false);
    }
    this.term = undefined;
    this.wake();
  }

  private fail(err: unknown): void {
    this.o.logger.error({ err: errorMessage(err) }, 'the PIM caller failed');
    this.failure ??= err instanceof Error ? err : new Error(String(err));
    this.stop();
  }

  private armLossTimer(): void {
    clearTimeout(this.lossTimer);
    const at = this.heldUntil - this.timing.stopMarginMs;
    this.lossTimer = setTimeout(() => this.lose('not renewed in time'), Math.max(0, at - this.now()));
  }

  private async release(): Promise<void> {
    try {
      await this.call((signal) => this.o.service.release(this.o.holderId, signal));
      this.o.logger.info({ holderId: this.o.holderId }, 'PIM lease released');
    } catch (err) {
      this.o.logger.warn({ err: errorMessage(err) }, 'could not release the PIM lease: it runs out by itself');
    }
  }

  /** Runs one service call with the call timeout (aborting it, and not waiting for it past the timeout). */
  private async call<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new Error(`no answer within ${this.timing.callTimeoutMs} ms`);
        controller.abort(err);
        reject(err);
      }, this.timing.callTimeoutMs);
    });
    try {
      return await Promise.race([fn(controller.signal), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private pause(ms: number): Promise<void> {
    if (ms <= 0 || (this.stopping && !this.term)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
