/**
 * Reads the environment once into a typed Config. The only module that looks at process.env
 * (entry points call `loadProcessConfig()`), so tests build configs from plain objects.
 */
import { z } from 'zod';
import { DocumentType } from '../domain.js';
import { loadPricing, loadPricingFile } from '../routing/pricing.js';
import type { PricingTable } from '../routing/pricing.table.js';
import { cacheEnvShape, cacheSettings } from './config.cache.js';
import { documentsEnvShape, documentsSettings } from './config.documents.js';
import { ConfigError } from './config.errors.js';
import { guardEnvShape, guardSettings, upstreamsAreLocal } from './config.guards.js';
import type { Config, LocalUpstreamsConfig, MetricsConfig, MetricsSinkName, SageMakerEndpointConfig } from './config.types.js';

export type Env = Record<string, string | undefined>;

const MIB = 1024 * 1024;

const DEFAULT_ENDPOINTS: Record<DocumentType, string> = {
  [DocumentType.LEGAL]: 'legal-document-analyzer',
  [DocumentType.MEDICAL]: 'medical-text-classifier',
  [DocumentType.FINANCIAL]: 'financial-sentiment-analyzer',
  [DocumentType.GENERAL]: 'general-text-analyzer',
};

// SageMaker's documented EndpointName pattern and length.
const endpointName = z
  .string()
  .max(63)
  .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/, 'must match ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const num = (min: number, max: number) => z.coerce.number().min(min).max(max);

const envSchema = z.object({
  ...guardEnvShape,
  ...cacheEnvShape,
  ...documentsEnvShape,
  GATEWAY_MODE: z.enum(['development', 'production']).optional(),
  NODE_ENV: z.string().optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(4000),
  // 1/true: serve the Apollo Federation 2 subgraph schema (Document entity, _service, _entities).
  SUBGRAPH: z.enum(['0', '1', 'false', 'true']).default('0'),
  MAX_BODY_BYTES: int(1024, 1024 * MIB).default(8 * MIB),
  MAX_CONTENT_BYTES: int(1, 512 * MIB).default(MIB),
  REQUEST_TIMEOUT_MS: int(100, 15 * 60_000).default(90_000),
  AWS_REGION: z.string().min(1).optional(),
  AWS_DEFAULT_REGION: z.string().min(1).optional(),
  LOCAL_UPSTREAMS: z.enum(['auto', 'on', 'off']).default('auto'),
  AWS_MAX_ATTEMPTS: int(1, 10).optional(),
  BEDROCK_MODEL_ID: z.string().min(1).max(2048).default('anthropic.claude-3-haiku-20240307-v1:0'),
  BEDROCK_MAX_TOKENS: int(64, 8192).default(512),
  BEDROCK_EXPECTED_OUTPUT_TOKENS: int(1, 8192).default(150),
  BEDROCK_TIMEOUT_MS: int(100, 600_000).default(30_000),
  BEDROCK_PROMPT_VERSION: z.string().min(1).default('analysis-v1'),
  BEDROCK_STREAMS_PER_CONNECTION: int(0, 1000).default(64),
  SAGEMAKER_MAX_SOCKETS: int(1, 10_000).default(128),
  SAGEMAKER_ENDPOINT_LEGAL: endpointName.default(DEFAULT_ENDPOINTS.LEGAL),
  SAGEMAKER_ENDPOINT_MEDICAL: endpointName.default(DEFAULT_ENDPOINTS.MEDICAL),
  SAGEMAKER_ENDPOINT_FINANCIAL: endpointName.default(DEFAULT_ENDPOINTS.FINANCIAL),
  SAGEMAKER_ENDPOINT_GENERAL: endpointName.default(DEFAULT_ENDPOINTS.GENERAL),
  SAGEMAKER_INSTANCE_TYPE: z.string().min(1).default('ml.m5.large'),
  SAGEMAKER_INSTANCE_COUNT: int(1, 1000).default(1),
  SAGEMAKER_UTILISATION: num(0, 1).default(0.5),
  SAGEMAKER_SECONDS_PER_CALL: num(0, 3600).default(0.2),
  SAGEMAKER_SECONDS_PER_1K_TOKENS: num(0, 3600).default(0.05),
  SAGEMAKER_PER_CALL_USD: num(0, 1000).optional(),
  // The container contract gives an invocation 60 s.
  SAGEMAKER_TIMEOUT_MS: int(100, 600_000).default(60_000),
  SAGEMAKER_MAX_BATCH_SIZE: int(1, 1000).default(25),
  PRICING_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_SINKS: z.string().optional(),
  // CloudWatch reserves AWS/ for its own namespaces.
  METRICS_NAMESPACE: z
    .string()
    .min(1)
    .max(255)
    .refine((value) => !value.startsWith('AWS/'), 'must not start with AWS/')
    .default('AI/DocumentProcessing'),
  METRICS_TENANT_DIMENSION: z.enum(['on', 'off']).default('off'),
  RESPONSE_USAGE_EXTENSION: z.enum(['on', 'off']).default('off'),
  METRICS_FLUSH_INTERVAL_MS: int(100, 3_600_000).default(60_000),
  METRICS_MAX_BUFFERED_DATUMS: int(10, 1_000_000).default(10_000),
});

type ParsedEnv = z.infer<typeof envSchema>;

/** Credentials the SDK's default chain could find without us; their presence means "use AWS". */
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_BEARER_TOKEN_BEDROCK',
  'AWS_LAMBDA_FUNCTION_NAME',
];

// The SDK resolves these itself; a service configured here is never replaced by a local one.
const ENDPOINT_VARIABLES = {
  bedrock: 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME',
  sagemaker: 'AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME',
  cloudwatch: 'AWS_ENDPOINT_URL_CLOUDWATCH',
} as const;

function endpointConfigured(env: Env, variable: string): boolean {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return false;
  return Boolean(env[variable] || env.AWS_ENDPOINT_URL);
}

function resolveLocal(env: Env, parsed: ParsedEnv): LocalUpstreamsConfig {
  const region = parsed.AWS_REGION ?? parsed.AWS_DEFAULT_REGION;
  const hasCredentials = CREDENTIAL_VARIABLES.some((name) => Boolean(env[name]));
  const enabled = parsed.LOCAL_UPSTREAMS === 'on' || (parsed.LOCAL_UPSTREAMS === 'auto' && !(region && hasCredentials));
  const local = (service: keyof typeof ENDPOINT_VARIABLES) => enabled && !endpointConfigured(env, ENDPOINT_VARIABLES[service]);
  const services = { bedrock: local('bedrock'), sagemaker: local('sagemaker'), cloudwatch: local('cloudwatch') };
  return { enabled: services.bedrock || services.sagemaker || services.cloudwatch, ...services };
}

const METRICS_SINKS: readonly MetricsSinkName[] = ['cloudwatch', 'emf', 'prometheus'];

/**
 * Default sinks: under Lambda EMF on stdout (no scrape target, no API call per invocation); elsewhere
 * Prometheus, plus CloudWatch when CloudWatch is our local service (the production code path, offline
 * and free). Against real AWS, PutMetricData costs money and IAM rights, so it is opted into.
 */
function resolveMetricsSinks(env: Env, parsed: ParsedEnv, local: LocalUpstreamsConfig): MetricsSinkName[] {
  if (parsed.METRICS_SINKS === undefined) {
    if (env.AWS_LAMBDA_FUNCTION_NAME) return ['emf'];
    return local.cloudwatch ? ['prometheus', 'cloudwatch'] : ['prometheus'];
  }
  const names = parsed.METRICS_SINKS.split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && name !== 'none');
  for (const name of names) {
    if (!METRICS_SINKS.includes(name as MetricsSinkName))
      throw new ConfigError('METRICS_SINKS', `unknown sink "${name}" (use ${METRICS_SINKS.join(', ')} or none)`);
  }
  return [...new Set(names as MetricsSinkName[])];
}

function metricsConfig(env: Env, parsed: ParsedEnv, local: LocalUpstreamsConfig): MetricsConfig {
  return {
    sinks: resolveMetricsSinks(env, parsed, local),
    namespace: parsed.METRICS_NAMESPACE,
    tenantDimension: parsed.METRICS_TENANT_DIMENSION === 'on',
    responseUsage: parsed.RESPONSE_USAGE_EXTENSION === 'on',
    flushIntervalMs: parsed.METRICS_FLUSH_INTERVAL_MS,
    maxBufferedDatums: parsed.METRICS_MAX_BUFFERED_DATUMS,
  };
}

function endpointFor(parsed: ParsedEnv, env: Env, type: DocumentType): SageMakerEndpointConfig {
  const instanceType = env[`SAGEMAKER_INSTANCE_TYPE_${type}`] || parsed.SAGEMAKER_INSTANCE_TYPE;
  return {
    name: parsed[`SAGEMAKER_ENDPOINT_${type}`],
    instanceType,
    instanceCount: parsed.SAGEMAKER_INSTANCE_COUNT,
    utilisation: parsed.SAGEMAKER_UTILISATION,
    secondsPerCall: parsed.SAGEMAKER_SECONDS_PER_CALL,
    secondsPer1kTokens: parsed.SAGEMAKER_SECONDS_PER_1K_TOKENS,
    ...(parsed.SAGEMAKER_PER_CALL_USD === undefined ? {} : { perCallUsd: parsed.SAGEMAKER_PER_CALL_USD }),
  };
}

function parseEnv(env: Env): ParsedEnv {
  // Empty strings mean "unset", as a shell `FOO=` does for most tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(present);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const setting = issue?.path.join('.') || 'environment';
  throw new ConfigError(setting, issue?.message ?? 'invalid value');
}

export function loadConfig(env: Env): Config {
  const parsed = parseEnv(env);
  let pricing: PricingTable;
  try {
    pricing = parsed.PRICING_FILE ? loadPricingFile(parsed.PRICING_FILE) : loadPricing();
  } catch (error) {
    throw new ConfigError('PRICING_FILE', error instanceof Error ? error.message : String(error));
  }
  const endpoints = {
    [DocumentType.LEGAL]: endpointFor(parsed, env, DocumentType.LEGAL),
    [DocumentType.MEDICAL]: endpointFor(parsed, env, DocumentType.MEDICAL),
    [DocumentType.FINANCIAL]: endpointFor(parsed, env, DocumentType.FINANCIAL),
    [DocumentType.GENERAL]: endpointFor(parsed, env, DocumentType.GENERAL),
  };
  for (const [type, endpoint] of Object.entries(endpoints)) {
    if (endpoint.perCallUsd === undefined && !pricing.sagemakerInstances[endpoint.instanceType]) {
      const setting = env[`SAGEMAKER_INSTANCE_TYPE_${type}`] ? `SAGEMAKER_INSTANCE_TYPE_${type}` : 'SAGEMAKER_INSTANCE_TYPE';
      throw new ConfigError(
        setting,
        `no price for instance type "${endpoint.instanceType}" (add it with PRICING_FILE or set SAGEMAKER_PER_CALL_USD)`,
      );
    }
  }
  const local = resolveLocal(env, parsed);
  const guardParts = guardSettings(
    parsed,
    parsed.AWS_MAX_ATTEMPTS,
    { bedrockMs: parsed.BEDROCK_TIMEOUT_MS, sagemakerMs: parsed.SAGEMAKER_TIMEOUT_MS },
    upstreamsAreLocal(env, local),
  );
  const production = parsed.GATEWAY_MODE ? parsed.GATEWAY_MODE === 'production' : parsed.NODE_ENV === 'production';
  return {
    mode: production ? 'production' : 'development',
    server: {
      host: parsed.HOST,
      port: parsed.PORT,
      maxBodyBytes: parsed.MAX_BODY_BYTES,
      shutdownGraceMs: parsed.SHUTDOWN_GRACE_MS,
      schemaKind: parsed.SUBGRAPH === '1' || parsed.SUBGRAPH === 'true' ? 'subgraph' : 'gateway',
    },
    limits: { maxContentBytes: parsed.MAX_CONTENT_BYTES, requestTimeoutMs: parsed.REQUEST_TIMEOUT_MS },
    aws: {
      region: parsed.AWS_REGION ?? parsed.AWS_DEFAULT_REGION ?? 'us-east-1',
      local,
      localCredentials: { accessKeyId: 'AKIDLOCALGATEWAY', secretAccessKey: 'local-secret' },
    },
    bedrock: {
      modelId: parsed.BEDROCK_MODEL_ID,
      maxOutputTokens: parsed.BEDROCK_MAX_TOKENS,
      expectedOutputTokens: parsed.BEDROCK_EXPECTED_OUTPUT_TOKENS,
      timeoutMs: parsed.BEDROCK_TIMEOUT_MS,
      promptVersion: parsed.BEDROCK_PROMPT_VERSION,
      streamsPerConnection: parsed.BEDROCK_STREAMS_PER_CONNECTION,
    },
    sagemaker: {
      endpoints,
      timeoutMs: parsed.SAGEMAKER_TIMEOUT_MS,
      maxBatchSize: parsed.SAGEMAKER_MAX_BATCH_SIZE,
      maxPayloadBytes: 6 * MIB,
      maxSockets: parsed.SAGEMAKER_MAX_SOCKETS,
    },
    pricing,
    ...guardParts,
    metrics: metricsConfig(env, parsed, local),
    cache: cacheSettings(parsed),
    documents: documentsSettings(parsed, parsed.MAX_BODY_BYTES),
    log: { level: parsed.LOG_LEVEL },
  };
}

/** The process's own environment: the one place the entry points (main.ts, the Lambda handler) read it. */
export function loadProcessConfig(): Config {
  return loadConfig(process.env);
}
