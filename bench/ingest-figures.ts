/** Figures of the ingest benchmark, and how one side's phases add up. */
import type { LoadResult } from './ingest-load';
import { round, summarize, type LatencySummary } from './util';

/** Akeneo's legacy sender gives up after this long. */
export const AKENEO_TIMEOUT_MS = 500;

/** One side (API or raw) of one worker setting, over every round. */
export interface IngestSideFigures extends LatencySummary {
  /** Events durably taken per second (API: `accepted` + `accepted_late`, late ones included; raw: signals that resolved). */
  eventsPerS: number;
  /** Answers by status (`raw`: ok/error). */
  statuses: Record<string, number>;
  /** Requests answered after Akeneo's 0.5 s timeout. */
  over500ms: number;
  /** The senders used every generated request (the rate is then a lower bound). */
  exhausted: boolean;
}

/** API and raw baseline with the workers running or stopped, under one load shape. */
export interface IngestModeFigures {
  workers: 'running' | 'stopped';
  /** `closed`: no pause between requests (saturation). `paced`: `requestsPerS` in all, spread over the senders. */
  load: 'closed' | 'paced';
  requestsPerS?: number;
  api: IngestSideFigures;
  raw: IngestSideFigures;
  /** API p99 / raw p99 (goal ≤ 1.2). */
  p99Ratio: number;
  /** API events/s / raw events/s (goal ≥ 0.8). */
  throughputRatio: number;
}

/** Figures of the ingest benchmark. */
export interface IngestFigures {
  senders: number;
  eventsPerRequest: number;
  poolSize: number;
  rounds: number;
  phaseS: number;
  pacedPhaseS: number;
  modes: IngestModeFigures[];
}

/** Adds up one side's phases: latencies over every request, events/s over the phases' total time. */
export function side(results: LoadResult[]): IngestSideFigures {
  const latencies = results.flatMap((r) => r.latenciesMs);
  const statuses: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const events = results.reduce((n, r) => n + r.eventsAcknowledged, 0);
  const seconds = results.reduce((n, r) => n + r.elapsedMs, 0) / 1000;
  return {
    ...summarize(latencies),
    eventsPerS: round(events / seconds, 0),
    statuses,
    over500ms: latencies.filter((ms) => ms > AKENEO_TIMEOUT_MS).length,
    exhausted: results.some((r) => r.exhausted),
  };
}
