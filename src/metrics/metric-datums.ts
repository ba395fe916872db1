/**
 * The CloudWatch metrics of one request (shared by the CloudWatch and EMF sinks): names, units and
 * dimension sets in one table-like place, as a pure function of the observation.
 */
import type { RequestObservation } from './request-observation.js';

/** The CloudWatch units we use (a subset of the StandardUnit enum). */
export type MetricUnit = 'Milliseconds' | 'Count' | 'None';

export interface MetricDatum {
  name: string;
  unit: MetricUnit;
  /** Dimension name -> value; at most a handful, never content or ids. */
  dimensions: Readonly<Record<string, string>>;
  value: number;
}

export const MetricName = {
  ProcessingTime: 'ProcessingTime',
  ProcessingSuccess: 'ProcessingSuccess',
  Errors: 'Errors',
  EstimatedCost: 'EstimatedCost',
  ActualCost: 'ActualCost',
  Analyses: 'Analyses',
  UpstreamCalls: 'UpstreamCalls',
  UpstreamErrors: 'UpstreamErrors',
  InputTokens: 'InputTokens',
  OutputTokens: 'OutputTokens',
  BatchSize: 'BatchSize',
  CacheHit: 'CacheHit',
  CoalescedWaits: 'CoalescedWaits',
  CircuitOpen: 'CircuitOpen',
} as const;

export interface DatumSettings {
  /** Add `Tenant` to the request and analysis dimension sets. */
  tenantDimension: boolean;
}

export function datumsFor(observation: RequestObservation, settings: DatumSettings): MetricDatum[] {
  const datums: MetricDatum[] = [];
  const tenant: Record<string, string> = settings.tenantDimension ? { Tenant: observation.tenant } : {};
  const push = (name: string, unit: MetricUnit, dimensions: Record<string, string>, value: number): void => {
    // CloudWatch rejects NaN and infinities; a missing measurement is not a zero.
    if (Number.isFinite(value)) datums.push({ name, unit, dimensions, value });
  };

  // The whole request ("gateway total").
  const gateway = { Service: 'gateway', ...tenant };
  push(MetricName.ProcessingTime, 'Milliseconds', gateway, observation.latencyMs);
  push(MetricName.ProcessingSuccess, 'Count', gateway, observation.errorCodes.length === 0 ? 1 : 0);
  for (const code of observation.errorCodes) push(MetricName.Errors, 'Count', { ...gateway, ErrorCode: code }, 1);

  // Each analysis: the seed's per-document-type metrics, plus the method and architecture chosen.
  for (const analysis of observation.analyses) {
    const byType = { Service: 'gateway', DocumentType: analysis.documentType, ...tenant };
    const byMethod = { DocumentType: analysis.documentType, Method: analysis.method, ...tenant };
    push(MetricName.ProcessingTime, 'Milliseconds', byType, analysis.latencyMs);
    push(MetricName.ProcessingSuccess, 'Count', byType, analysis.errorCodes.length === 0 ? 1 : 0);
    push(MetricName.EstimatedCost, 'None', byMethod, analysis.estimatedUsd);
    if (analysis.actualUsd !== null) push(MetricName.ActualCost, 'None', byMethod, analysis.actualUsd);
    push(MetricName.Analyses, 'Count', { ...byMethod, Architecture: analysis.architecture }, 1);
  }

  // Each upstream call, per service.
  for (const call of observation.upstreamCalls) {
    const service = { Service: call.service };
    push(MetricName.ProcessingTime, 'Milliseconds', service, call.latencyMs);
    push(MetricName.ProcessingSuccess, 'Count', service, call.ok ? 1 : 0);
    push(MetricName.UpstreamCalls, 'Count', service, 1);
    if (!call.ok) push(MetricName.UpstreamErrors, 'Count', { ...service, ErrorCode: call.errorCode ?? 'UPSTREAM_ERROR' }, 1);
    if (call.inputTokens !== undefined) push(MetricName.InputTokens, 'Count', service, call.inputTokens);
    if (call.outputTokens !== undefined) push(MetricName.OutputTokens, 'Count', service, call.outputTokens);
    if (call.service === 'sagemaker') push(MetricName.BatchSize, 'Count', service, call.batchSize);
  }

  // Cache lookups as 1/0, so the average is the hit rate and the sum the hits.
  for (const lookup of observation.cacheLookups) push(MetricName.CacheHit, 'Count', { Service: lookup.side }, lookup.hit ? 1 : 0);
  for (const [side, waits] of Object.entries(observation.coalescedWaits)) {
    if (waits > 0) push(MetricName.CoalescedWaits, 'Count', { Service: side }, waits);
  }
  return datums;
}
