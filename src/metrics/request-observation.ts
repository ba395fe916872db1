/**
 * What the metrics plugin saw of one GraphQL request, read from the context's RequestUsage when the
 * response is sent. Every string in it that a sink may turn into a dimension or label is bounded.
 */
import type { AnalysisRecord, CacheRecord, UpstreamCallRecord, UpstreamSide } from './request-usage.js';

export interface RequestObservation {
  /** Correlates log lines and EMF events; never a dimension. */
  requestId: string;
  /** The operation name (bounded), or 'anonymous'. */
  operation: string;
  /** query | mutation | subscription | unknown (the operation did not resolve). */
  operationType: string;
  /** The tenant (bounded); sinks use it only when the tenant dimension is on. */
  tenant: string;
  /** Epoch ms at the start of the request. */
  startedAt: number;
  latencyMs: number;
  /** One entry per error in the response (GraphQL and partial errors), by code (bounded). */
  errorCodes: readonly string[];
  upstreamCalls: readonly UpstreamCallRecord[];
  cacheLookups: readonly CacheRecord[];
  analyses: readonly AnalysisRecord[];
  coalescedWaits: Readonly<Record<UpstreamSide, number>>;
  /** Answered by the HTTP front's replay cache, without running the operation. */
  replayed?: boolean;
}

export interface ObservationTotals {
  estimatedUsd: number;
  actualUsd: number;
  cacheHits: number;
  cacheMisses: number;
}

/** Sums over what a request used; takes an observation or the request's own RequestUsage. */
export function totalsOf(observation: Pick<RequestObservation, 'analyses' | 'cacheLookups'>): ObservationTotals {
  let estimatedUsd = 0;
  let actualUsd = 0;
  for (const analysis of observation.analyses) {
    estimatedUsd += analysis.estimatedUsd;
    actualUsd += analysis.actualUsd ?? 0;
  }
  const cacheHits = observation.cacheLookups.filter((lookup) => lookup.hit).length;
  return { estimatedUsd, actualUsd, cacheHits, cacheMisses: observation.cacheLookups.length - cacheHits };
}
