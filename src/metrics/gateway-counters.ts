/** Process-wide totals of upstream economy, readable by tests and exported by the metrics sinks. */
import type { AnalysisRecord, CacheRecord, UpstreamCallRecord, UpstreamSide, UsageListener } from './request-usage.js';

export interface CountersSnapshot {
  upstreamCalls: Record<UpstreamSide, number>;
  upstreamFailures: Record<UpstreamSide, number>;
  /** Documents sent to SageMaker per InvokeEndpoint call, one entry per call. */
  sagemakerBatchSizes: number[];
  cacheHits: Record<UpstreamSide, number>;
  cacheMisses: Record<UpstreamSide, number>;
  coalescedWaits: Record<UpstreamSide, number>;
  analyses: number;
}

const zero = (): Record<UpstreamSide, number> => ({ bedrock: 0, sagemaker: 0 });

export class GatewayCounters implements UsageListener {
  private state: CountersSnapshot = GatewayCounters.empty();

  private static empty(): CountersSnapshot {
    return {
      upstreamCalls: zero(),
      upstreamFailures: zero(),
      sagemakerBatchSizes: [],
      cacheHits: zero(),
      cacheMisses: zero(),
      coalescedWaits: zero(),
      analyses: 0,
    };
  }

  upstreamCall(record: UpstreamCallRecord): void {
    this.state.upstreamCalls[record.service]++;
    if (!record.ok) this.state.upstreamFailures[record.service]++;
    // Bounded: the list feeds tests and a histogram, not an ever-growing log.
    if (record.service === 'sagemaker' && this.state.sagemakerBatchSizes.length < 10_000)
      this.state.sagemakerBatchSizes.push(record.batchSize);
  }

  cache(record: CacheRecord): void {
    (record.hit ? this.state.cacheHits : this.state.cacheMisses)[record.side]++;
  }

  coalescedWait(side: UpstreamSide): void {
    this.state.coalescedWaits[side]++;
  }

  analysis(_record: AnalysisRecord): void {
    this.state.analyses++;
  }

  snapshot(): CountersSnapshot {
    return structuredClone(this.state);
  }

  reset(): void {
    this.state = GatewayCounters.empty();
  }
}
