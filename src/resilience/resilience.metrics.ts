/**
 * The resilience state as Prometheus series, read from `UpstreamResilience.snapshot()` at scrape
 * time: a breaker's state is a level, not an event, so it cannot come from the per-request
 * observations the other series are built from (an open circuit sees no requests to observe).
 */
import { Gauge, type Registry } from 'prom-client';
import { type MetricDatum, MetricName } from '../metrics/metric-datums.js';
import type { CircuitState } from './circuit-breaker.js';
import type { TargetSnapshot, UpstreamResilience } from './upstream-resilience.js';

const STATES: readonly CircuitState[] = ['closed', 'open', 'halfOpen'];

type Level = (target: TargetSnapshot) => number;

/** Registers the per-target circuit, bulkhead and retry series in the gateway's own registry. */
export function registerResilienceMetrics(registry: Registry, resilience: UpstreamResilience, prefix = 'gateway_'): void {
  const labelNames = ['service', 'target'] as const;
  const gauge = (name: string, help: string, level: Level) =>
    new Gauge({
      name: `${prefix}${name}`,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const target of resilience.snapshot().targets) this.set({ service: target.service, target: target.target }, level(target));
      },
    });

  // One series per state, 1 for the current one: alert on `state="open"` without decoding numbers.
  new Gauge({
    name: `${prefix}upstream_circuit_state`,
    help: 'Circuit breaker state per upstream target: 1 for the current state (closed, open, halfOpen), 0 for the others.',
    labelNames: [...labelNames, 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const target of resilience.snapshot().targets) {
        for (const state of STATES) this.set({ service: target.service, target: target.target, state }, target.circuit === state ? 1 : 0);
      }
    },
  });
  // Gauges holding running totals: the totals live in the guards, so a Counter would only copy them.
  gauge('upstream_circuit_opens', 'Times the circuit of an upstream target opened since start.', (t) => t.circuitOpens);
  gauge('upstream_short_circuits', 'Attempts refused without a call because the circuit was open, since start.', (t) => t.shortCircuits);
  gauge('upstream_in_flight', 'Calls in flight to an upstream target (bulkhead slots taken).', (t) => t.inFlight);
  gauge('upstream_queued', 'Calls waiting for a bulkhead slot.', (t) => t.queued);
  gauge('upstream_bulkhead_rejections', 'Calls refused because the bulkhead queue was full, since start.', (t) => t.bulkheadRejections);
  gauge('upstream_retries', 'Retries of failed attempts, since start.', (t) => t.retries);
  gauge('upstream_retry_tokens', 'Tokens left in the retry budget of an upstream target.', (t) => t.retryTokens);
}

/**
 * The same state for CloudWatch, sampled on each timed flush: `CircuitOpen` per Service and Target,
 * 1 while the circuit refuses calls (open or half-open), else 0; alarm on its Maximum.
 */
export function circuitLevels(resilience: UpstreamResilience): MetricDatum[] {
  return resilience.snapshot().targets.map((target) => ({
    name: MetricName.CircuitOpen,
    unit: 'Count',
    dimensions: { Service: target.service, Target: target.target },
    value: target.circuit === 'closed' ? 0 : 1,
  }));
}
