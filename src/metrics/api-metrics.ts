/**
 * The API's Prometheus metrics (prom-client): one Registry per app, so tests can build many apps, plus
 * Node's process metrics from one shared registry created at the first scrape.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { MetricName } from './names';

/** Buckets of the ack histogram, in seconds: fine below Akeneo's 0.5 s budget, 0.3 s being the alert threshold. */
export const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1] as const;

/** The metrics of one API app. */
export interface ApiMetrics {
  registry: Registry;
  eventsReceived: Counter<'route' | 'type' | 'outcome'>;
  ackSeconds: Histogram<'route' | 'status'>;
  /** Requests refused to protect the API, by error code. */
  refused: Counter<'code'>;
  /** Makes the intake gauge report `gate` at each scrape. */
  observeIntake(gate: IntakeGateView): void;
  /** Makes the request-body gauge report `bodies` at each scrape. */
  observeBodies(bodies: BodyBudgetView): void;
}

/** Creates the API metrics in a fresh Registry. */
export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  const eventsReceived = new Counter({
    name: MetricName.EVENTS_RECEIVED,
    help: 'Webhook events received, by route, event type and outcome (per request when the body could not be parsed)',
    labelNames: ['route', 'type', 'outcome'] as const,
    registers: [registry],
  });
  const ackSeconds = new Histogram({
    name: MetricName.ACK_SECONDS,
    help: 'Seconds from webhook request to answer, by route and HTTP status',
    labelNames: ['route', 'status'] as const,
    buckets: [...ACK_BUCKETS],
    registers: [registry],
  });
  let gate: IntakeGateView | undefined;
  new Gauge({
    name: MetricName.INTAKE_EVENTS,
    help: 'Events in flight to Temporal, late hand-overs included (state=in_flight), the memory budget past which webhooks are refused (state=budget), and the Event Platform route\'s adaptive limit past which it answers 429 (state=limit)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      if (!gate) return;
      this.set({ state: 'in_flight' }, gate.eventsInFlight());
      this.set({ state: 'budget' }, gate.budget);
      this.set({ state: 'limit' }, gate.limit());
    },
  });
  const refused = new Counter({
    name: MetricName.API_REFUSED,
    help: 'Requests refused to protect the API, by error code: busy (the budget of request-body bytes being read was full), unauthorized (an operator route without its bearer token), too_many_requests (too many history queries at once)',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  let bodies: BodyBudgetView | undefined;
  new Gauge({
    name: MetricName.REQUEST_BODY_BYTES,
    help: 'Request-body bytes being read now (state=in_flight), and the budget past which bodies are refused with 429 busy (state=budget)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      if (!bodies) return;
      this.set({ state: 'in_flight' }, bodies.bytesInFlight);
      this.set({ state: 'budget' }, bodies.maxBytes);
    },
  });
  return { registry, eventsReceived, ackSeconds, refused, observeIntake: (g) => void (gate = g), observeBodies: (b) => void (bodies = b) };
}

/** What the request-body gauge reads at each scrape. */
export interface BodyBudgetView {
  readonly bytesInFlight: number;
  /** `API_MAX_BODY_BYTES_IN_FLIGHT`. */
  readonly maxBytes: number;
}

/** What the intake gauge reads at each scrape. */
export interface IntakeGateView {
  /** Events in flight to Temporal, both routes, late hand-overs included. */
  eventsInFlight: () => number;
  /** The memory budget (`API_MAX_EVENTS_IN_FLIGHT`). */
  budget: number;
  /** The Event Platform route's adaptive limit. */
  limit: () => number;
}

let processRegistry: Registry | undefined;

/** The Prometheus text of `metrics` followed by the process-wide Node metrics. */
export async function scrape(metrics: ApiMetrics): Promise<{ contentType: string; body: string }> {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  const merged = Registry.merge([metrics.registry, processRegistry]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}
