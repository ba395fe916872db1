/**
 * Prometheus metrics in a registry of this gateway's own (never prom-client's global one: two
 * gateways may share a process), served as text at GET /metrics on the metrics listener
 * (src/server/prometheus.server.ts), never on the public port.
 */

import type { Logger } from 'pino';
import { Counter, Histogram, Registry } from 'prom-client';
import type { RequestObservation } from '../request-observation.js';
import type { MetricsSink, SinkStats } from './metrics-sink.js';

export interface PrometheusSinkOptions {
  /** Add a `tenant` label to request and cost series. */
  tenantDimension: boolean;
  /** Metric name prefix (default `gateway_`). */
  prefix?: string;
  /** Stats of every sink of the gateway (this one included), exported as drop and failure totals. */
  sinkStats?: () => Readonly<Record<string, SinkStats>>;
  log?: Logger;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 25, 50, 100, 250, 1000];

export class PrometheusSink implements MetricsSink {
  readonly name = 'prometheus' as const;
  readonly registry = new Registry();
  private readonly counts = { recorded: 0, dropped: 0, failures: 0 };
  private readonly tenantLabels: readonly ['tenant'] | readonly [];
  private readonly requests: Counter<string>;
  private readonly requestDuration: Histogram<string>;
  private readonly errors: Counter<string>;
  private readonly upstreamCalls: Counter<string>;
  private readonly upstreamErrors: Counter<string>;
  private readonly upstreamDuration: Histogram<string>;
  private readonly upstreamTokens: Counter<string>;
  private readonly batchSize: Histogram<string>;
  private readonly cacheHits: Counter<string>;
  private readonly cacheMisses: Counter<string>;
  private readonly coalescedWaits: Counter<string>;
  private readonly analyses: Counter<string>;
  private readonly analysisDuration: Histogram<string>;
  private readonly estimatedCost: Counter<string>;
  private readonly actualCost: Counter<string>;
  private readonly replays: Counter<string>;

  constructor(private readonly options: PrometheusSinkOptions) {
    const prefix = options.prefix ?? 'gateway_';
    const registers = [this.registry];
    this.tenantLabels = options.tenantDimension ? ['tenant'] : [];
    const counter = (name: string, help: string, labelNames: readonly string[]) =>
      new Counter({ name: `${prefix}${name}`, help, labelNames, registers });
    const histogram = (name: string, help: string, labelNames: readonly string[], buckets: number[]) =>
      new Histogram({ name: `${prefix}${name}`, help, labelNames, buckets, registers });

    this.requests = counter('requests_total', 'GraphQL operations, by operation name, type and outcome.', [
      'operation',
      'type',
      'status',
      ...this.tenantLabels,
    ]);
    this.requestDuration = histogram('request_duration_seconds', 'GraphQL operation latency.', ['operation', 'type'], LATENCY_BUCKETS);
    this.errors = counter('errors_total', 'Errors in responses, by code.', ['code', 'operation']);
    this.upstreamCalls = counter('upstream_calls_total', 'Calls to Bedrock and SageMaker, by model or endpoint and outcome.', [
      'service',
      'target',
      'status',
    ]);
    this.upstreamErrors = counter('upstream_errors_total', 'Failed upstream calls, by error code.', ['service', 'target', 'code']);
    this.upstreamDuration = histogram('upstream_duration_seconds', 'Upstream call latency.', ['service', 'target'], LATENCY_BUCKETS);
    this.upstreamTokens = counter('upstream_tokens_total', 'Tokens sent (input) and received (output).', [
      'service',
      'target',
      'direction',
    ]);
    this.batchSize = histogram('upstream_batch_size', 'Documents per upstream call.', ['service', 'target'], BATCH_BUCKETS);
    this.cacheHits = counter('cache_hits_total', 'Cache lookups that found a result.', ['side']);
    this.cacheMisses = counter('cache_misses_total', 'Cache lookups that found nothing.', ['side']);
    this.coalescedWaits = counter('coalesced_waits_total', 'Requests that waited for an identical in-flight call instead of making one.', [
      'side',
    ]);
    this.analyses = counter('analyses_total', 'Document analyses, by type, method and architecture chosen, and outcome.', [
      'document_type',
      'method',
      'architecture',
      'status',
    ]);
    this.analysisDuration = histogram(
      'analysis_duration_seconds',
      'Latency of one document analysis.',
      ['document_type', 'method'],
      LATENCY_BUCKETS,
    );
    this.estimatedCost = counter('estimated_cost_usd_total', 'Estimated cost of analyses, USD.', [
      'document_type',
      'method',
      ...this.tenantLabels,
    ]);
    this.actualCost = counter('actual_cost_usd_total', 'Actual cost of analyses (reported usage x price), USD.', [
      'document_type',
      'method',
      ...this.tenantLabels,
    ]);

    this.replays = counter('replayed_responses_total', 'Requests answered by the replay cache, without running the operation.', [
      'operation',
    ]);

    const sinkStats = options.sinkStats ?? (() => ({ prometheus: this.stats() }));
    new Counter({
      name: `${prefix}metrics_sink_dropped_total`,
      help: 'Metric samples or events a sink gave up (buffer full, rejected, out of retries).',
      labelNames: ['sink'],
      registers,
      collect() {
        this.reset();
        for (const [sink, stats] of Object.entries(sinkStats())) this.inc({ sink }, stats.dropped);
      },
    });
    new Counter({
      name: `${prefix}metrics_sink_failures_total`,
      help: 'Failed metric deliveries (API calls, writes), caught by the sink.',
      labelNames: ['sink'],
      registers,
      collect() {
        this.reset();
        for (const [sink, stats] of Object.entries(sinkStats())) this.inc({ sink }, stats.failures);
      },
    });
  }

  private tenant(observation: RequestObservation): Record<string, string> {
    return this.tenantLabels.length > 0 ? { tenant: observation.tenant } : {};
  }

  record(observation: RequestObservation): void {
    try {
      this.counts.recorded++;
      const { operation, operationType: type } = observation;
      const tenant = this.tenant(observation);
      this.requests.inc({ operation, type, status: observation.errorCodes.length === 0 ? 'ok' : 'error', ...tenant });
      this.requestDuration.observe({ operation, type }, observation.latencyMs / 1000);
      if (observation.replayed) this.replays.inc({ operation });
      for (const code of observation.errorCodes) this.errors.inc({ code, operation });
      for (const call of observation.upstreamCalls) {
        const labels = { service: call.service, target: call.target };
        this.upstreamCalls.inc({ ...labels, status: call.ok ? 'ok' : 'error' });
        if (!call.ok) this.upstreamErrors.inc({ ...labels, code: call.errorCode ?? 'UPSTREAM_ERROR' });
        this.upstreamDuration.observe(labels, call.latencyMs / 1000);
        this.batchSize.observe(labels, call.batchSize);
        if (call.inputTokens !== undefined) this.upstreamTokens.inc({ ...labels, direction: 'input' }, call.inputTokens);
        if (call.outputTokens !== undefined) this.upstreamTokens.inc({ ...labels, direction: 'output' }, call.outputTokens);
      }
      for (const lookup of observation.cacheLookups) (lookup.hit ? this.cacheHits : this.cacheMisses).inc({ side: lookup.side });
      for (const [side, waits] of Object.entries(observation.coalescedWaits)) {
        if (waits > 0) this.coalescedWaits.inc({ side }, waits);
      }
      for (const analysis of observation.analyses) {
        const labels = { document_type: analysis.documentType, method: analysis.method };
        this.analyses.inc({ ...labels, architecture: analysis.architecture, status: analysis.errorCodes.length === 0 ? 'ok' : 'partial' });
        this.analysisDuration.observe(labels, analysis.latencyMs / 1000);
        this.estimatedCost.inc({ ...labels, ...tenant }, analysis.estimatedUsd);
        if (analysis.actualUsd !== null) this.actualCost.inc({ ...labels, ...tenant }, analysis.actualUsd);
      }
    } catch (error) {
      this.counts.failures++;
      this.counts.dropped++;
      this.options.log?.warn({ err: error }, 'prometheus metrics: record failed');
    }
  }

  /** The exposition text and its content type, for the metrics listener's GET /metrics. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  async flush(): Promise<void> {}

  async stop(): Promise<void> {}

  stats(): SinkStats {
    return { ...this.counts };
  }
}
