/**
 * A chunk's usage as the metrics sinks take a request's: its upstream calls, cache lookups and
 * analyses, under the operation `analysisJob`, so job work shows in the same series as requests.
 */
import type { RequestObservation } from '../metrics/request-observation.js';
import type { GatewayContext } from '../server/context.js';

export function chunkObservation(
  context: Pick<GatewayContext, 'requestId' | 'tenant' | 'usage'>,
  startedAt: number,
  latencyMs: number,
  errorCodes: readonly string[],
): RequestObservation {
  const { usage } = context;
  return {
    requestId: context.requestId,
    operation: 'analysisJob',
    operationType: 'job',
    tenant: context.tenant,
    startedAt,
    latencyMs,
    errorCodes,
    upstreamCalls: [...usage.upstreamCalls],
    cacheLookups: [...usage.cacheLookups],
    analyses: [...usage.analyses],
    coalescedWaits: { ...usage.coalescedWaitsBySide },
  };
}
