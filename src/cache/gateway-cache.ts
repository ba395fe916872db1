/**
 * Builds the caches a gateway shares across its requests from the config: the store (Redis when
 * configured, memory otherwise), the result cache with de-duplication, and the response cache.
 */
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CacheConfig } from '../config/config.types.js';
import { AnalysisCache } from './analysis.cache.js';
import { CacheHealth } from './cache-health.js';
import type { KeyScope } from './cache-keys.js';
import { FailOpenCache } from './fail-open.cache.js';
import { HotResults } from './hot-results.js';
import { MemoryResultCache } from './memory.store.js';
import { RedisResultCache, type RedisStoreOptions } from './redis.store.js';
import { ResponseKeyValueCache } from './response-key-value.cache.js';
import type { ResultCache } from './result-cache.js';

export interface GatewayCache {
  readonly store: FailOpenCache;
  readonly results: AnalysisCache;
  readonly responses: KeyValueCache<string>;
  /** The Redis connection, when the store is Redis: tenant budgets share it. */
  readonly redis: Redis | Cluster | undefined;
  close(): Promise<void>;
}

export interface GatewayCacheOptions {
  /** What else shapes a Bedrock answer besides the model and the document. */
  bedrock: { promptVersion: string; maxOutputTokens: number };
}

/** How to reach the deployment's Redis; undefined when none is configured. */
export function redisStoreOptions(config: CacheConfig): RedisStoreOptions | undefined {
  if (!config.redisClusterNodes && !config.redisUrl) return undefined;
  return {
    ...(config.redisUrl ? { url: config.redisUrl } : {}),
    ...(config.redisClusterNodes ? { clusterNodes: config.redisClusterNodes } : {}),
    connectTimeoutMs: config.connectTimeoutMs,
    ...(config.redisTlsCa ? { tlsCa: config.redisTlsCa } : {}),
  };
}

function openStore(config: CacheConfig, health: CacheHealth): ResultCache {
  const redis = redisStoreOptions(config);
  return redis ? new RedisResultCache(redis, health) : new MemoryResultCache(config.memory);
}

/** Undefined when caching is off. Never fails on an unreachable Redis: it serves uncached and keeps reconnecting. */
export async function createGatewayCache(
  config: CacheConfig,
  log: Logger,
  options: GatewayCacheOptions,
): Promise<GatewayCache | undefined> {
  if (!config.enabled) return undefined;
  const kind = config.redisClusterNodes ? 'redis-cluster' : config.redisUrl ? 'redis' : 'memory';
  const health = new CacheHealth(log, kind);
  const raw = openStore(config, health);
  // Start with a connection when one is there to be had, so the first requests are not all misses.
  if (raw instanceof RedisResultCache) await raw.ready(config.connectTimeoutMs);
  log.info({ store: kind, connected: raw.connected, ttlSeconds: config.ttlSeconds }, 'result cache ready');
  const store = new FailOpenCache(raw, config.timeoutMs, health);
  const scope: KeyScope = { namespace: config.namespace, analyserVersion: config.analyserVersion };
  const results = new AnalysisCache(store, new HotResults(config.hot), {
    scope,
    ttlMs: config.ttlSeconds * 1000,
    lockTtlMs: config.lockTtlMs,
    lockWaitMs: config.lockWaitMs,
    bedrockVariant: `prompt=${options.bedrock.promptVersion};maxTokens=${options.bedrock.maxOutputTokens}`,
  });
  return {
    store,
    results,
    responses: new ResponseKeyValueCache(store, scope, config.ttlSeconds),
    redis: raw instanceof RedisResultCache ? raw.client : undefined,
    close: () => raw.close(),
  };
}
