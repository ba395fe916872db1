/** The typed configuration every other module receives; parsed once by `loadConfig`. */
import type { DocumentType } from '../domain.js';
import type { SageMakerEndpointCost } from '../routing/cost-model.js';
import type { PricingTable } from '../routing/pricing.table.js';

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

export interface Config {
  mode: GatewayMode;
  server: {
    host: string;
    port: number;
    /** Largest accepted HTTP body, bytes. */
    maxBodyBytes: number;
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
    /** Overrides the SDK default (3 attempts, or AWS_MAX_ATTEMPTS). */
    maxAttempts?: number;
  };
  bedrock: {
    modelId: string;
    maxOutputTokens: number;
    expectedOutputTokens: number;
    timeoutMs: number;
    promptVersion: string;
  };
  sagemaker: {
    endpoints: Record<DocumentType, SageMakerEndpointConfig>;
    timeoutMs: number;
    maxBatchSize: number;
    /** SageMaker rejects bodies over 6 MiB. */
    maxPayloadBytes: number;
  };
  pricing: PricingTable;
  metrics: MetricsConfig;
  log: { level: string };
}
