/**
 * The reads of one entity kind waiting to be served together: batches in arrival order, each opened by its first
 * read and ready once its window has passed or it is full, and at most a few of them in flight. While they are
 * (waiting for a token or a slot included), the reads asked for meanwhile gather in the next batch. The window is
 * short for a lone read and long during a burst of them (a mass edit, a first load), so batches grow with the
 * load rather than the number of requests. Knows nothing about HTTP or Temporal.
 */
import { setMaxListeners } from 'node:events';
import type { PimEntity } from './types';

/** One read waiting for its entity. */
export interface Waiter {
  resolve(entity: PimEntity | undefined): void;
  reject(err: Error): void;
}

/** One id of a batch and the reads waiting for it. */
export interface Entry {
  id: string;
  waiters: Set<Waiter>;
}

/** Reads served by the same requests. */
export interface Batch {
  /** By normalized id: two reads of the same entity share one answer. */
  entries: Map<string, Entry>;
  /** Aborts the batch's requests once no read waits for them any more. */
  abort: AbortController;
}

/** Options of {@link ReadBatches}. */
export interface ReadBatchesOptions {
  /** How long a batch's first read waits for more before the batch may be sent. */
  windowMs: number;
  /** The window instead, while reads come at {@link ReadBatchesOptions.burstReadsPerSecond} or more. */
  burstWindowMs: number;
  /** Reads within the last second from which the kind's reads count as a burst. */
  burstReadsPerSecond: number;
  /** Most ids per batch. */
  maxIds: number;
  /** Most characters of ids per batch (they travel in a URL). */
  maxIdChars: number;
  /** Most batches in flight at once. */
  maxInFlight: number;
  /** Answers every read of a batch; never rejects. */
  serve(batch: Batch): Promise<void>;
  /** The key two spellings of one id share. */
  normalize(id: string): string;
}

interface Queued extends Batch {
  chars: number;
  ready: boolean;
  sent: boolean;
  timer?: NodeJS.Timeout;
}

/** Batches of reads of one kind, sent in order, at most {@link ReadBatchesOptions.maxInFlight} at once. */
export class ReadBatches {
  private readonly queue: Queued[] = [];
  private inFlight = 0;
  /** When the latest reads came, oldest first, at most `burstReadsPerSecond` of them. */
  private readonly recent: number[] = [];

  constructor(private readonly o: ReadBatchesOptions) {}

  /** Resolves with what the batch's requests found for `id`; a cancelled read rejects with the signal's reason. */
  read(id: string, signal?: AbortSignal): Promise<PimEntity | undefined> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise((resolve, reject) => {
      const key = this.o.normalize(id);
      this.recordArrival();
      const batch = this.batchFor(key, id);
      const entry = batch.entries.get(key) ?? add(batch, key, id);
      const onAbort = (): void => {
        entry.waiters.delete(waiter);
        abandonIfUnwanted(batch);
        reject(signal?.reason as Error);
      };
      const waiter: Waiter = {
        resolve: (entity) => (signal?.removeEventListener('abort', onAbort), resolve(entity)),
        reject: (err) => (signal?.removeEventListener('abort', onAbort), reject(err)),
      };
      entry.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (batch.entries.size >= this.o.maxIds) this.markReady(batch);
    });
  }

  /** The last batch if `id` fits in it; else a new one, whose window starts now. */
  private batchFor(key: string, id: string): Queued {
    const last = this.queue.at(-1);
    if (last && (last.entries.has(key) || (last.entries.size < this.o.maxIds && last.chars + id.length <= this.o.maxIdChars))) return last;
    if (last) this.markReady(last);
    const batch: Queued = { entries: new Map(), abort: new AbortController(), chars: 0, ready: false, sent: false };
    // Every request of the batch listens to its signal (up to 100 confirming GETs, each waiting for a token and a slot).
    setMaxListeners(0, batch.abort.signal);
    batch.timer = setTimeout(() => this.markReady(batch), this.inBurst() ? this.o.burstWindowMs : this.o.windowMs);
    this.queue.push(batch);
    return batch;
  }

  private recordArrival(): void {
    this.recent.push(Date.now());
    if (this.recent.length > this.o.burstReadsPerSecond) this.recent.shift();
  }

  /** Whether `burstReadsPerSecond` reads came within the last second. */
  private inBurst(): boolean {
    return this.recent.length >= this.o.burstReadsPerSecond && Date.now() - this.recent[0] < 1000;
  }

  private markReady(batch: Queued): void {
    clearTimeout(batch.timer);
    batch.ready = true;
    this.dispatch();
  }

  private dispatch(): void {
    while (this.inFlight < this.o.maxInFlight && this.queue[0]?.ready) {
      const batch = this.queue.shift()!;
      batch.sent = true;
      this.inFlight++;
      void this.o.serve(batch).finally(() => {
        this.inFlight--;
        this.dispatch();
      });
    }
  }
}

function add(batch: Queued, key: string, id: string): Entry {
  const entry: Entry = { id, waiters: new Set() };
  batch.entries.set(key, entry);
  batch.chars += id.length;
  return entry;
}

/** Aborts a sent batch's requests once every read of it was cancelled. */
function abandonIfUnwanted(batch: Queued): void {
  if (!batch.sent) return;
  for (const entry of batch.entries.values()) if (entry.waiters.size > 0) return;
  batch.abort.abort(new Error('every read of the batch was cancelled'));
}

/** Answers every read of `entry` with `entity`. */
export function settle(entry: Entry, entity: PimEntity | undefined): void {
  const waiters = [...entry.waiters];
  entry.waiters.clear();
  for (const w of waiters) w.resolve(entity);
}

/** Fails every read of `entry` with `err`. */
export function fail(entry: Entry, err: Error): void {
  const waiters = [...entry.waiters];
  entry.waiters.clear();
  for (const w of waiters) w.reject(err);
}
