/**
 * The cache settings (result cache, response cache, de-duplication), parsed with the rest of the
 * environment by `loadConfig`; kept in their own file so the main schema stays readable.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './config.errors.js';
import type { CacheConfig } from './config.types.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.enum(['on', 'off', 'true', 'false', '1', '0']);
const enabled = (value: z.infer<typeof flag>) => value === 'on' || value === 'true' || value === '1';

const MIB = 1024 * 1024;

export const cacheEnvShape = {
  CACHE_ENABLED: flag.default('on'),
  // Shared with tenant budgets (config.guards.ts): one Redis per deployment.
  REDIS_URL: z.string().min(1).optional(),
  REDIS_CLUSTER_NODES: z.string().min(1).optional(),
  // PEM bundle that signs the Redis server certificates (a private CA); public CAs need nothing.
  REDIS_TLS_CA_FILE: z.string().min(1).optional(),
  CACHE_TTL_SECONDS: int(1, 30 * 24 * 3600).default(3600),
  // A cache lookup must cost less than the call it saves; Redis answers in about a millisecond.
  CACHE_TIMEOUT_MS: int(1, 10_000).default(50),
  CACHE_CONNECT_TIMEOUT_MS: int(10, 60_000).default(2000),
  CACHE_NAMESPACE: z
    .string()
    .regex(/^[\w.-]{1,32}$/, 'must be 1-32 letters, digits, _ . -')
    .default('hag'),
  CACHE_VERSION: z
    .string()
    .regex(/^[\w.-]{1,32}$/, 'must be 1-32 letters, digits, _ . -')
    .default('1'),
  CACHE_LOCK_TTL_MS: int(100, 600_000).default(5000),
  CACHE_LOCK_WAIT_MS: int(0, 900_000).default(30_000),
  CACHE_MEMORY_MAX_ENTRIES: int(1, 10_000_000).default(10_000),
  CACHE_MEMORY_MAX_BYTES: int(1024, 16 * 1024 * MIB).default(64 * MIB),
  CACHE_HOT_ENTRIES: int(0, 1_000_000).default(2000),
  CACHE_HOT_MAX_AGE_SECONDS: int(1, 30 * 24 * 3600).default(300),
  RESPONSE_CACHE: flag.default('off'),
  REPLAY_CACHE: flag.default('on'),
  REPLAY_CACHE_TTL_MS: int(1, 3_600_000).default(10_000),
  REPLAY_CACHE_MAX_ENTRIES: int(0, 1_000_000).default(1000),
  REPLAY_CACHE_MAX_BYTES: int(1024, 4 * 1024 * MIB).default(32 * MIB),
};

const cacheEnvSchema = z.object(cacheEnvShape);
type CacheEnv = z.infer<typeof cacheEnvSchema>;

function clusterNodes(list: string | undefined): string[] | undefined {
  if (!list) return undefined;
  const nodes = list
    .split(',')
    .map((node) => node.trim())
    .filter((node) => node.length > 0);
  for (const node of nodes) {
    if (!/^(rediss?:\/\/[^/\s]+|[^:/\s]+:\d{1,5})$/.test(node)) {
      throw new ConfigError('REDIS_CLUSTER_NODES', `"${node}" is not host:port or redis(s)://host:port`);
    }
  }
  return nodes.length > 0 ? nodes : undefined;
}

function readCa(path: string | undefined): string | undefined {
  if (!path) return undefined;
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('REDIS_TLS_CA_FILE', `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError('REDIS_TLS_CA_FILE', `${path} holds no PEM certificate`);
  return pem;
}

export function cacheSettings(parsed: CacheEnv): CacheConfig {
  const nodes = clusterNodes(parsed.REDIS_CLUSTER_NODES);
  if (parsed.REDIS_URL && !/^rediss?:\/\//.test(parsed.REDIS_URL)) {
    throw new ConfigError('REDIS_URL', 'must start with redis:// or rediss://');
  }
  return {
    enabled: enabled(parsed.CACHE_ENABLED),
    ...(parsed.REDIS_URL ? { redisUrl: parsed.REDIS_URL } : {}),
    ...(nodes ? { redisClusterNodes: nodes } : {}),
    ...(parsed.REDIS_TLS_CA_FILE ? { redisTlsCa: readCa(parsed.REDIS_TLS_CA_FILE) } : {}),
    ttlSeconds: parsed.CACHE_TTL_SECONDS,
    timeoutMs: parsed.CACHE_TIMEOUT_MS,
    connectTimeoutMs: parsed.CACHE_CONNECT_TIMEOUT_MS,
    namespace: parsed.CACHE_NAMESPACE,
    analyserVersion: parsed.CACHE_VERSION,
    lockTtlMs: parsed.CACHE_LOCK_TTL_MS,
    lockWaitMs: parsed.CACHE_LOCK_WAIT_MS,
    memory: { maxEntries: parsed.CACHE_MEMORY_MAX_ENTRIES, maxBytes: parsed.CACHE_MEMORY_MAX_BYTES },
    hot: { maxEntries: parsed.CACHE_HOT_ENTRIES, maxAgeMs: parsed.CACHE_HOT_MAX_AGE_SECONDS * 1000 },
    responseCache: enabled(parsed.RESPONSE_CACHE),
    replay: {
      enabled: enabled(parsed.CACHE_ENABLED) && enabled(parsed.REPLAY_CACHE),
      ttlMs: parsed.REPLAY_CACHE_TTL_MS,
      maxEntries: parsed.REPLAY_CACHE_MAX_ENTRIES,
      maxBytes: parsed.REPLAY_CACHE_MAX_BYTES,
    },
  };
}
