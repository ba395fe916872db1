/** The typed configuration every other module receives; parsed once by `loadConfig`. */
import type { DocumentType } from '../domain.js';
import type { SageMakerEndpointCost } from '../routing/cost-model.js';
import type { PricingTable } from '../routing/pricing.table.js';
import type { DocumentsConfig } from './config.documents.js';

export type GatewayMode = 'development' | 'production';

/** Which upstreams the gateway points at our local services instead of AWS. */
export interface LocalUpstreamsConfig {
  /** Start the embedded local services in-process. */
  enabled: boolean;
  bedrock: boolean;
  sagemaker: boolean;
  cloudwatch: boolean;
}

/** An endpoint's name plus what the cost model needs to price a call on it. */
export interface SageMakerEndpointConfig extends Omit<SageMakerEndpointCost, 'endpoint'> {
  name: string;
}

/** Where the metrics plugin sends what it observes (see src/metrics/). */
export type MetricsSinkName = 'cloudwatch' | 'emf' | 'prometheus';

export interface MetricsConfig {
  sinks: MetricsSinkName[];
  /** CloudWatch namespace of the CloudWatch and EMF sinks. */
  namespace: string;
  /** Add the tenant as a dimension / label (off: tenant names never become dimension values). */
  tenantDimension: boolean;
  /** Always add `extensions.usage` to responses (otherwise only on `x-gateway-usage: 1`). */
  responseUsage: boolean;
  /** How often the CloudWatch sink sends its buffer, ms. */
  flushIntervalMs: number;
  /** Aggregated datums the CloudWatch sink holds at most; beyond it samples are dropped and counted. */
  maxBufferedDatums: number;
}

/** Retries, circuit breakers and bulkheads in front of each upstream target (see src/resilience/). */
export interface ResilienceConfig {
  /** Attempts per upstream call, the first included; the SDK's own retries are off. */
  maxAttempts: number;
  bedrockAttemptTimeoutMs: number;
  sagemakerAttemptTimeoutMs: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** Token bucket per target: a retry costs 5 (10 after a timeout), a first-try success refunds 1. */
  retryBudgetTokens: number;
  breaker: { errorThresholdPercent: number; volumeThreshold: number; resetMs: number; windowMs: number };
  /** Concurrent calls per target, and callers allowed to wait for a slot. */
  maxConcurrency: number;
  maxQueue: number;
  /** DECISION_TREE runs the other service when the chosen one fails. */
  decisionTreeFallback: boolean;
}

/** Limits on one GraphQL operation, checked before anything runs (see src/server/armor.ts). */
export interface QueryLimitsConfig {
  maxAnalysesPerOperation: number;
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
}

export interface ApiKeyEntry {
  tenant: string;
  /** Hex SHA-256 of the key. */
  sha256: string;
}

export interface AuthConfig {
  apiKeys: ApiKeyEntry[];
  jwt?: { issuer: string; audience?: string; jwksUrl?: string; jwksFile?: string; tenantClaim: string };
  allowAnonymous: boolean;
}

export interface BudgetConfig {
  /** Daily spend per tenant, USD; absent means no budget. Kept in the cache's Redis (REDIS_URL) when set. */
  dailyUsd?: number;
}

/** The result cache, the response cache and de-duplication (src/cache/). */
export interface CacheConfig {
  enabled: boolean;
  /** Redis (redis:// or rediss://); without it, and without cluster nodes, an in-process store. */
  redisUrl?: string;
  /** Redis Cluster seed nodes; wins over redisUrl. */
  redisClusterNodes?: string[];
  /** PEM of the CA that signs the Redis certificates, for `rediss://` with a private CA. */
  redisTlsCa?: string;
  ttlSeconds: number;
  /** Bound on every cache call; a slower cache is treated as a miss. */
  timeoutMs: number;
  connectTimeoutMs: number;
  namespace: string;
  /** Part of every result key: bump it to drop all cached results (e.g. after redeploying a model). */
  analyserVersion: string;
  lockTtlMs: number;
  lockWaitMs: number;
  memory: { maxEntries: number; maxBytes: number };
  /** Decoded results kept in this process in front of the store (0 entries turns it off). */
  hot: { maxEntries: number; maxAgeMs: number };
  /** Whole-response caching of operations whose fields carry @cacheControl hints. */
  responseCache: boolean;
  /** Exact repeats of fully cache-served requests, answered by the HTTP front before GraphQL runs. */
  replay: { enabled: boolean; ttlMs: number; maxEntries: number; maxBytes: number };
}

export interface Config {
  mode: GatewayMode;
  server: {
    host: string;
    port: number;
    /** Largest accepted HTTP body, bytes. */
    maxBodyBytes: number;
    /** How long close() waits for in-flight requests before cutting connections, ms. */
    shutdownGraceMs: number;
    /** `subgraph` (SUBGRAPH=1): the Apollo Federation 2 subgraph schema instead of the plain one. */
    schemaKind: 'gateway' | 'subgraph';
  };
  limits: {
    /** Largest accepted document, UTF-8 bytes. */
    maxContentBytes: number;
    /** Deadline for a whole analysis, ms. */
    requestTimeoutMs: number;
  };
  aws: {
    region: string;
    local: LocalUpstreamsConfig;
    /** Used only for services served locally, where AWS credentials must not be required. */
    localCredentials: { accessKeyId: string; secretAccessKey: string };
  };
  bedrock: {
    modelId: string;
    maxOutputTokens: number;
    expectedOutputTokens: number;
    timeoutMs: number;
    promptVersion: string;
    /** Concurrent HTTP/2 streams per pooled connection; 0 keeps the SDK default of a new connection per call. */
    streamsPerConnection: number;
  };
  sagemaker: {
    endpoints: Record<DocumentType, SageMakerEndpointConfig>;
    timeoutMs: number;
    maxBatchSize: number;
    /** SageMaker rejects bodies over 6 MiB. */
    maxPayloadBytes: number;
    /** Keep-alive sockets to the SageMaker Runtime endpoint (the SDK's default is 50). */
    maxSockets: number;
  };
  pricing: PricingTable;
  resilience: ResilienceConfig;
  queryLimits: QueryLimitsConfig;
  auth: AuthConfig;
  budget: BudgetConfig;
  metrics: MetricsConfig;
  cache: CacheConfig;
  /** File input: limits, extraction workers (src/documents/). */
  documents: DocumentsConfig;
  log: { level: string };
}
