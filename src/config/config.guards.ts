/**
 * The settings that protect the gateway (retries, breakers, bulkheads, query limits, auth, tenant
 * budgets), parsed with the rest of the environment by `loadConfig`; kept in their own file so the
 * main schema stays readable.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CredentialsSettings } from './config.credentials.js';
import { ConfigError } from './config.errors.js';
import type { ApiKeyEntry, AuthConfig, BudgetConfig, QueryLimitsConfig, ResilienceConfig } from './config.types.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const onOff = z.enum(['on', 'off']);

export const guardEnvShape = {
  UPSTREAM_MAX_ATTEMPTS: int(1, 10).optional(),
  BEDROCK_ATTEMPT_TIMEOUT_MS: int(50, 600_000).optional(),
  SAGEMAKER_ATTEMPT_TIMEOUT_MS: int(50, 600_000).optional(),
  RETRY_BASE_DELAY_MS: int(1, 60_000).default(100),
  RETRY_MAX_DELAY_MS: int(1, 120_000).default(5_000),
  RETRY_BUDGET_TOKENS: int(0, 1_000_000).default(500),
  BREAKER_ERROR_THRESHOLD_PERCENT: int(1, 100).default(50),
  BREAKER_VOLUME_THRESHOLD: int(1, 100_000).default(10),
  BREAKER_RESET_MS: int(10, 3_600_000).default(10_000),
  BREAKER_WINDOW_MS: int(100, 3_600_000).default(10_000),
  UPSTREAM_MAX_CONCURRENCY: int(1, 10_000).default(32),
  // Room for a whole allowed operation (MAX_ANALYSES_PER_OPERATION distinct documents, each its own
  // Converse call) plus concurrent traffic: 32 + 64 rejected the last 4 analyses of a 100-alias query.
  UPSTREAM_MAX_QUEUE: int(0, 100_000).default(256),
  DECISION_TREE_FALLBACK: onOff.default('off'),
  MAX_ANALYSES_PER_OPERATION: int(1, 10_000).default(100),
  // graphql-js's own introspection query (Sandbox, codegen) is 21 deep counted through its fragments.
  MAX_QUERY_DEPTH: int(1, 1_000).default(24),
  MAX_ALIASES: int(1, 100_000).default(150),
  MAX_QUERY_TOKENS: int(10, 10_000_000).default(20_000),
  MAX_DIRECTIVES: int(0, 100_000).default(50),
  // armor's cost model: 100 analyses selecting every field cost about 9,300.
  MAX_QUERY_COST: int(1, 100_000_000).default(20_000),
  API_KEYS: z.string().optional(),
  API_KEYS_FILE: z.string().min(1).optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_JWKS_URL: z.url().optional(),
  JWT_JWKS_FILE: z.string().min(1).optional(),
  JWT_TENANT_CLAIM: z.string().min(1).default('tenant'),
  ALLOW_ANONYMOUS: z.enum(['auto', 'on', 'off', 'true', 'false']).default('auto'),
  TENANT_DAILY_BUDGET_USD: z.coerce.number().min(0).max(1_000_000).optional(),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
};

const guardEnvSchema = z.object(guardEnvShape);
type GuardEnv = z.infer<typeof guardEnvSchema>;

export interface GuardSettings {
  resilience: ResilienceConfig;
  queryLimits: QueryLimitsConfig;
  /** Without the token limits and failure log, which config.credentials.ts reads. */
  auth: Omit<AuthConfig, keyof CredentialsSettings>;
  budget: BudgetConfig;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** A tenant name, as API key entries and JWT tenant claims must spell it. */
export const TENANT = /^[\w.:@-]{1,128}$/;

/** `tenant:sha256hex,...`: keys are stored hashed, so the config never holds a usable key. */
function parseApiKeys(text: string, setting: string): ApiKeyEntry[] {
  return text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const at = entry.lastIndexOf(':');
      const tenant = entry.slice(0, at);
      const sha256 = entry.slice(at + 1).toLowerCase();
      if (at <= 0 || !TENANT.test(tenant) || !SHA256_HEX.test(sha256)) {
        throw new ConfigError(setting, 'each entry must be tenant:<64 hex chars of SHA-256 of the key>');
      }
      return { tenant, sha256 };
    });
}

const apiKeysFileSchema = z.array(z.object({ tenant: z.string().regex(TENANT), sha256: z.string().toLowerCase().regex(SHA256_HEX) }));

function readApiKeysFile(path: string): ApiKeyEntry[] {
  try {
    return apiKeysFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new ConfigError('API_KEYS_FILE', error instanceof Error ? error.message.slice(0, 300) : String(error));
  }
}

export function guardSettings(
  parsed: GuardEnv,
  awsMaxAttempts: number | undefined,
  timeouts: { bedrockMs: number; sagemakerMs: number },
  localUpstreams: boolean,
): GuardSettings {
  // Our retries replace the SDK's (the SDK gets maxAttempts 1); AWS_MAX_ATTEMPTS keeps its meaning as a fallback.
  const maxAttempts = parsed.UPSTREAM_MAX_ATTEMPTS ?? awsMaxAttempts ?? 3;
  const apiKeys = [
    ...(parsed.API_KEYS ? parseApiKeys(parsed.API_KEYS, 'API_KEYS') : []),
    ...(parsed.API_KEYS_FILE ? readApiKeysFile(parsed.API_KEYS_FILE) : []),
  ];
  if (parsed.JWT_JWKS_URL && parsed.JWT_JWKS_FILE) throw new ConfigError('JWT_JWKS_URL', 'set JWT_JWKS_URL or JWT_JWKS_FILE, not both');
  const jwksSet = Boolean(parsed.JWT_JWKS_URL || parsed.JWT_JWKS_FILE);
  if (jwksSet && !parsed.JWT_ISSUER) throw new ConfigError('JWT_ISSUER', 'required when JWT verification is configured');
  return {
    resilience: {
      maxAttempts,
      bedrockAttemptTimeoutMs: parsed.BEDROCK_ATTEMPT_TIMEOUT_MS ?? Math.ceil(timeouts.bedrockMs / maxAttempts),
      sagemakerAttemptTimeoutMs: parsed.SAGEMAKER_ATTEMPT_TIMEOUT_MS ?? Math.ceil(timeouts.sagemakerMs / maxAttempts),
      retryBaseDelayMs: parsed.RETRY_BASE_DELAY_MS,
      retryMaxDelayMs: parsed.RETRY_MAX_DELAY_MS,
      retryBudgetTokens: parsed.RETRY_BUDGET_TOKENS,
      breaker: {
        errorThresholdPercent: parsed.BREAKER_ERROR_THRESHOLD_PERCENT,
        volumeThreshold: parsed.BREAKER_VOLUME_THRESHOLD,
        resetMs: parsed.BREAKER_RESET_MS,
        windowMs: parsed.BREAKER_WINDOW_MS,
      },
      maxConcurrency: parsed.UPSTREAM_MAX_CONCURRENCY,
      maxQueue: parsed.UPSTREAM_MAX_QUEUE,
      decisionTreeFallback: parsed.DECISION_TREE_FALLBACK === 'on',
    },
    queryLimits: {
      maxAnalysesPerOperation: parsed.MAX_ANALYSES_PER_OPERATION,
      maxDepth: parsed.MAX_QUERY_DEPTH,
      maxAliases: parsed.MAX_ALIASES,
      maxTokens: parsed.MAX_QUERY_TOKENS,
      maxDirectives: parsed.MAX_DIRECTIVES,
      maxCost: parsed.MAX_QUERY_COST,
    },
    auth: {
      apiKeys,
      ...(jwksSet && parsed.JWT_ISSUER
        ? {
            jwt: {
              issuer: parsed.JWT_ISSUER,
              ...(parsed.JWT_AUDIENCE ? { audience: parsed.JWT_AUDIENCE } : {}),
              ...(parsed.JWT_JWKS_URL ? { jwksUrl: parsed.JWT_JWKS_URL } : {}),
              ...(parsed.JWT_JWKS_FILE ? { jwksFile: parsed.JWT_JWKS_FILE } : {}),
              tenantClaim: parsed.JWT_TENANT_CLAIM,
            },
          }
        : {}),
      // Open by default only when both model services are local (a laptop, a test) outside production;
      // anything pointed at real AWS spends money and sees real documents, so it must be opened on purpose.
      allowAnonymous:
        parsed.ALLOW_ANONYMOUS === 'auto' ? localUpstreams : parsed.ALLOW_ANONYMOUS === 'on' || parsed.ALLOW_ANONYMOUS === 'true',
    },
    budget: {
      ...(parsed.TENANT_DAILY_BUDGET_USD === undefined ? {} : { dailyUsd: parsed.TENANT_DAILY_BUDGET_USD }),
    },
  };
}
