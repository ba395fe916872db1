/** The per-request context: one factory for the HTTP server, Lambda and the subgraph. */
import { randomUUID } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { ANONYMOUS_TENANT, type Authenticator, headerValue, type RequestHeaders } from '../auth/authenticator.js';
import type { AnalysisCache } from '../cache/analysis.cache.js';
import type { Config } from '../config/config.types.js';
import type { BedrockDataSource } from '../datasources/bedrock/bedrock.datasource.js';
import { createRequestLoaders } from '../datasources/loaders.js';
import type { SageMakerDataSource } from '../datasources/sagemaker/sagemaker.datasource.js';
import type { DocumentReader, ReadFile } from '../documents/document-reader.js';
import type { GatewayCounters } from '../metrics/gateway-counters.js';
import type { RequestObservation } from '../metrics/request-observation.js';
import { RequestUsage } from '../metrics/request-usage.js';
import { AnalysisService } from '../pipeline/analysis.service.js';
import type { AnalysisGuards } from '../resilience/analysis-guards.js';
import { Deadline } from '../resilience/deadline.js';
import { requestBudget, type TenantBudgets } from '../resilience/tenant-budget.js';
import type { UpstreamResilience } from '../resilience/upstream-resilience.js';

export interface GatewayContext {
  requestId: string;
  config: Config;
  log: Logger;
  analysis: AnalysisService;
  /** Errors of failed sides, reported beside partial data (see partial-errors.plugin.ts). */
  partialErrors: GraphQLError[];
  /** Aborts every upstream call of this request at REQUEST_TIMEOUT_MS; disposed when the response is sent. */
  deadline: Deadline;
  /** Who is asking; scopes caches, budgets and metrics. 'anonymous' when access is open. */
  tenant: string;
  /** Upstream calls, cache lookups and analyses of this request. */
  usage: RequestUsage;
  /**
   * What the metrics plugin recorded, set when the response is sent (the HTTP front's replay cache
   * reads it). A holder, because Apollo hands plugins a shallow copy of the context object.
   */
  recorded: { observation?: RequestObservation };
}

export interface ContextDependencies {
  config: Config;
  log: Logger;
  bedrock: BedrockDataSource;
  sagemaker: SageMakerDataSource;
  counters: GatewayCounters;
  /** Who may ask (src/auth/); without it every request is anonymous. */
  auth?: Authenticator;
  /** Circuit state for routing (src/resilience/). */
  resilience?: UpstreamResilience;
  /** Per-tenant daily budgets, when TENANT_DAILY_BUDGET_USD is set. */
  budgets?: TenantBudgets;
  /** Results shared across requests and replicas (src/cache/); absent when caching is off. */
  cache?: AnalysisCache | undefined;
  /** Reads file inputs (src/documents/); one per gateway, its worker threads shared by every request. */
  documents?: DocumentReader;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export type ContextFactory = (request: {
  headers: RequestHeaders;
  /** Set when the caller already authenticated this request (the HTTP front does, for its replay cache). */
  tenant?: string;
}) => Promise<GatewayContext>;

/** The caller's `x-request-id` when it is a sane one, else a new UUID. */
export function requestIdFrom(headers: RequestHeaders): string {
  const offered = headerValue(headers, 'x-request-id');
  return offered && REQUEST_ID.test(offered) ? offered : randomUUID();
}

/** The gateway's reader, bound to one request's deadline. */
function readFileUnder(documents: DocumentReader | undefined, signal: AbortSignal): ReadFile | undefined {
  if (!documents) return undefined;
  return (file, maxTextBytes) => documents.read(file, maxTextBytes, signal);
}

export function createContextFactory(deps: ContextDependencies): ContextFactory {
  return async ({ headers, tenant: authenticated }) => {
    const requestId = requestIdFrom(headers);
    // Before anything else: an unauthenticated request gets a 401 and costs nothing.
    const tenant = authenticated ?? (deps.auth ? await deps.auth.authenticate(headers) : ANONYMOUS_TENANT);
    const log = deps.log.child({ requestId });
    const resilience = deps.resilience;
    const guards: AnalysisGuards = {
      ...(resilience ? { unavailable: (targets: { bedrock: string; sagemaker: string }) => resilience.unavailableFor(targets) } : {}),
      ...(deps.budgets ? { budget: await requestBudget(deps.budgets, tenant, log) } : {}),
      decisionTreeFallback: deps.config.resilience.decisionTreeFallback,
    };
    const deadline = new Deadline(deps.config.limits.requestTimeoutMs);
    const usage = new RequestUsage(deps.counters);
    const loaders = createRequestLoaders(
      deps.bedrock,
      deps.sagemaker,
      { maxBatchSize: deps.config.sagemaker.maxBatchSize, maxPayloadBytes: deps.config.sagemaker.maxPayloadBytes },
      usage,
      deadline.signal,
      deps.cache && { results: deps.cache, tenant: () => tenant },
    );
    return {
      requestId,
      config: deps.config,
      log,
      analysis: new AnalysisService(deps.config, loaders, usage, guards, readFileUnder(deps.documents, deadline.signal)),
      partialErrors: [],
      recorded: {},
      deadline,
      tenant,
      usage,
    };
  };
}
