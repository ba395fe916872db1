/** `extensions.usage` of a response: what this request cost and called, for the client that asked. */
import { totalsOf } from './request-observation.js';
import type { RequestUsage, UpstreamSide } from './request-usage.js';

export interface UsageExtensionCall {
  service: UpstreamSide;
  target: string;
  latencyMs: number;
  ok: boolean;
  batchSize: number;
  errorCode?: string;
  inputTokens?: number;
  outputTokens?: number;
}

export interface UsageExtension {
  requestId: string;
  latencyMs: number;
  estimatedUsd: number;
  actualUsd: number;
  analyses: number;
  upstreamCalls: UsageExtensionCall[];
  cache: { hits: number; misses: number };
  coalescedWaits: number;
}

const ms = (value: number): number => Math.round(value * 10) / 10;

export function usageExtension(
  requestId: string,
  usage: RequestUsage,
  latencyMs: number,
  shownTarget: (target: string) => string = (target) => target,
): UsageExtension {
  const totals = totalsOf(usage);
  return {
    requestId,
    latencyMs: ms(latencyMs),
    estimatedUsd: totals.estimatedUsd,
    actualUsd: totals.actualUsd,
    analyses: usage.analyses.length,
    upstreamCalls: usage.upstreamCalls.map((call) => ({
      service: call.service,
      target: shownTarget(call.target),
      latencyMs: ms(call.latencyMs),
      ok: call.ok,
      batchSize: call.batchSize,
      ...(call.errorCode === undefined ? {} : { errorCode: call.errorCode }),
      ...(call.inputTokens === undefined ? {} : { inputTokens: call.inputTokens }),
      ...(call.outputTokens === undefined ? {} : { outputTokens: call.outputTokens }),
    })),
    cache: { hits: totals.cacheHits, misses: totals.cacheMisses },
    coalescedWaits: usage.coalescedWaits,
  };
}
