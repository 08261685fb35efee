/**
 * Waits for a hand-over to Temporal up to a webhook's answer deadline, without abandoning it: a hand-over
 * still running when the answer goes out goes on, and its late outcome is reported when it comes.
 */
import { EventOutcome } from '../metrics/names';
import { IntakeOverloadedError } from './ports';

/** A late hand-over's outcome: `accepted_late` (Temporal took every event after all) or why not. */
export interface LateOutcome {
  outcome: EventOutcome;
  error?: unknown;
}

/** Where a hand-over stands at the answer deadline. */
export type HandOverState =
  | { state: 'done' }
  | { state: 'failed'; error: unknown }
  | { state: 'pending'; late: Promise<LateOutcome> };

/** The outcome of a failed hand-over: `overloaded` when refused for load, `unavailable` otherwise. */
export function failureOutcome(error: unknown): EventOutcome {
  return error instanceof IntakeOverloadedError ? EventOutcome.OVERLOADED : EventOutcome.UNAVAILABLE;
}

/** Resolves when `handOver` settles or `answerMs` have passed, whichever is first; never rejects. */
export async function awaitHandOver(handOver: Promise<void>, answerMs: number): Promise<HandOverState> {
  const settled: Promise<HandOverState> = handOver.then(
    () => ({ state: 'done' }),
    (error: unknown) => ({ state: 'failed', error }),
  );
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), answerMs);
  });
  try {
    const first = await Promise.race([settled, expired]);
    if (first !== 'expired') return first;
  } finally {
    clearTimeout(timer);
  }
  const late = settled.then((s): LateOutcome => (s.state === 'failed' ? { outcome: failureOutcome(s.error), error: s.error } : { outcome: EventOutcome.ACCEPTED_LATE }));
  return { state: 'pending', late };
}
