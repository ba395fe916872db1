/**
 * Observes every GraphQL operation (HTTP, Lambda or subgraph alike: it needs only the plugin API and
 * the context) and hands one RequestObservation to each sink when the response is sent. Adds
 * `extensions.usage` when asked, and writes one structured log line per request. Nothing here can
 * fail or delay a request: sinks only buffer or write, and every step is guarded.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { errorCodeOf } from '../errors.js';
import type { GatewayContext } from '../server/context.js';
import type { BoundedLabels, LabelKind, LabelSource } from './bounded-labels.js';
import { type RequestObservation, totalsOf } from './request-observation.js';
import type { MetricsSink } from './sinks/metrics-sink.js';
import { usageExtension } from './usage-extension.js';

export interface MetricsPluginOptions {
  sinks: readonly MetricsSink[];
  /** Bounds operation names, error codes, tenants and targets before they reach a sink. */
  labels: BoundedLabels;
  /** Whether a tenant proved who it is (its label values get a pool anonymous callers cannot fill); default none. */
  authenticated?: (tenant: string) => boolean;
  /** Attach `extensions.usage` to every response; otherwise only when the request has `x-gateway-usage: 1`. */
  responseUsage?: boolean;
  /** How an upstream target is named in `extensions.usage` (the model as the graph shows it, never its ARN in production). */
  shownTarget?: (target: string) => string;
  /** One `info` line per request on the request's logger (default true). */
  logRequests?: boolean;
  /** Called with anything a sink or this plugin threw (sinks are expected to catch their own). */
  onError?: (error: unknown) => void;
  /**
   * Runs the sinks and the log line; default at once. The gateway passes a queue drained right after
   * the response is written, so a request's latency does not include its own accounting.
   */
  defer?: (task: () => void) => void;
}

export const USAGE_HEADER = 'x-gateway-usage';

const ASKS = new Set(['1', 'true', 'on', 'yes']);

function guarded(options: Pick<MetricsPluginOptions, 'onError'>, step: () => void): void {
  try {
    step();
  } catch (error) {
    options.onError?.(error);
  }
}

/** Hands one observation to every sink and writes its log line; used for replayed answers too. */
export function recordObservation(
  observation: RequestObservation,
  log: Logger,
  options: Pick<MetricsPluginOptions, 'sinks' | 'logRequests' | 'onError'>,
  codes: readonly string[] = observation.errorCodes,
): void {
  for (const sink of options.sinks) guarded(options, () => sink.record(observation));
  if (options.logRequests === false) return;
  guarded(options, () => {
    const totals = totalsOf(observation);
    // Names, numbers and codes only: never document content.
    log.info(
      {
        operation: observation.operation === 'anonymous' ? null : observation.operation.slice(0, 100),
        operationType: observation.operationType,
        durationMs: Math.round(observation.latencyMs * 10) / 10,
        estimatedUsd: totals.estimatedUsd,
        actualUsd: totals.actualUsd,
        analyses: observation.analyses.length,
        upstreamCalls: observation.upstreamCalls.length,
        upstreamFailures: observation.upstreamCalls.filter((call) => !call.ok).length,
        cacheHits: totals.cacheHits,
        cacheMisses: totals.cacheMisses,
        errorCodes: codes,
        ...(observation.replayed ? { replayed: true } : {}),
      },
      'graphql request',
    );
  });
}

export function MetricsPlugin(options: MetricsPluginOptions): ApolloServerPlugin<GatewayContext> {
  const guard = (step: () => void): void => guarded(options, step);

  return {
    async requestDidStart({ request }) {
      const started = performance.now();
      const startedAt = Date.now();
      const errors: GraphQLError[] = [];
      const wantsUsage = options.responseUsage === true || ASKS.has((request.http?.headers.get(USAGE_HEADER) ?? '').trim().toLowerCase());
      return {
        async didEncounterErrors({ errors: encountered }) {
          errors.push(...encountered);
        },
        async willSendResponse({ response, contextValue, operation, operationName }) {
          const latencyMs = performance.now() - started;
          const { usage, log, requestId } = contextValue;
          const codes = [...errors, ...contextValue.partialErrors].map(errorCodeOf);

          if (wantsUsage) {
            guard(() => {
              const extension = usageExtension(requestId, usage, latencyMs, options.shownTarget);
              const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
              result.extensions = { ...result.extensions, usage: extension };
            });
          }

          guard(() => {
            const source: LabelSource = options.authenticated?.(contextValue.tenant) ? 'authenticated' : 'anonymous';
            const label = (kind: LabelKind, raw: string) => options.labels.value(kind, raw, source);
            const observation: RequestObservation = {
              requestId,
              operation: operationName ? label('operation', operationName) : 'anonymous',
              operationType: operation?.operation ?? 'unknown',
              tenant: label('tenant', contextValue.tenant),
              startedAt,
              latencyMs,
              errorCodes: codes.map((code) => label('errorCode', code)),
              upstreamCalls: usage.upstreamCalls.map((call) => ({
                ...call,
                target: label('target', call.target),
                ...(call.errorCode === undefined ? {} : { errorCode: label('errorCode', call.errorCode) }),
              })),
              cacheLookups: [...usage.cacheLookups],
              analyses: [...usage.analyses],
              coalescedWaits: { ...usage.coalescedWaitsBySide },
            };
            contextValue.recorded.observation = observation;
            const record = () => recordObservation(observation, log, options, codes);
            if (options.defer) options.defer(record);
            else record();
          });
        },
      };
    },
  };
}
