/** The typed configuration every other module receives; parsed once by `loadConfig`. */
import type { DocumentType } from '../domain.js';
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

export interface SageMakerEndpointConfig {
  name: string;
  instanceType: string;
  instanceCount: number;
  utilisation: number;
  secondsPerCall: number;
  secondsPer1kTokens: number;
  perCallUsd?: number;
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
  log: { level: string };
}
