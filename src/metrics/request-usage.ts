/**
 * What one request used: upstream calls, cache lookups, analyses. Recorded where the work happens
 * (loaders, pipeline) into the request's context; forwarded as it arrives to the gateway-wide
 * counters, which tests read and the metrics plugin exports.
 */
import type { Architecture, DocumentType, ProcessingMethod } from '../domain.js';

export type UpstreamSide = 'bedrock' | 'sagemaker';

export interface UpstreamCallRecord {
  service: UpstreamSide;
  /** Model id or endpoint name. */
  target: string;
  latencyMs: number;
  ok: boolean;
  errorCode?: string;
  /** Documents carried by the call (SageMaker batches; 1 for Bedrock). */
  batchSize: number;
  inputTokens?: number;
  outputTokens?: number;
}

export interface CacheRecord {
  side: UpstreamSide;
  hit: boolean;
}

export interface AnalysisRecord {
  documentType: DocumentType;
  method: ProcessingMethod;
  architecture: Architecture;
  estimatedUsd: number;
  actualUsd: number | null;
  latencyMs: number;
  /** Error codes of failed sides, empty when both that ran succeeded. */
  errorCodes: string[];
}

export interface UsageListener {
  upstreamCall?(record: UpstreamCallRecord): void;
  cache?(record: CacheRecord): void;
  analysis?(record: AnalysisRecord): void;
  coalescedWait?(side: UpstreamSide): void;
}

export class RequestUsage {
  readonly upstreamCalls: UpstreamCallRecord[] = [];
  readonly cacheLookups: CacheRecord[] = [];
  readonly analyses: AnalysisRecord[] = [];
  /** Coalesced waits per side (the metrics label them). */
  readonly coalescedWaitsBySide: Record<UpstreamSide, number> = { bedrock: 0, sagemaker: 0 };

  constructor(private readonly listener: UsageListener = {}) {}

  recordUpstreamCall(record: UpstreamCallRecord): void {
    this.upstreamCalls.push(record);
    this.listener.upstreamCall?.(record);
  }

  recordCache(record: CacheRecord): void {
    this.cacheLookups.push(record);
    this.listener.cache?.(record);
  }

  recordAnalysis(record: AnalysisRecord): void {
    this.analyses.push(record);
    this.listener.analysis?.(record);
  }

  recordCoalescedWait(side: UpstreamSide): void {
    this.coalescedWaitsBySide[side]++;
    this.listener.coalescedWait?.(side);
  }

  get coalescedWaits(): number {
    return this.coalescedWaitsBySide.bedrock + this.coalescedWaitsBySide.sagemaker;
  }

  /** Sum of the actual cost of the request's analyses (unknown prices count as 0). */
  get actualUsd(): number {
    return this.analyses.reduce((sum, analysis) => sum + (analysis.actualUsd ?? 0), 0);
  }
}
