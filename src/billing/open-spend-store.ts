/**
 * Picks where a gateway counts spend: the result cache's Redis connection when it has one, else a
 * connection built from the same settings (URL or Cluster nodes, TLS), else this process's memory.
 */
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redisStoreOptions } from '../cache/gateway-cache.js';
import { connectRedis } from '../cache/redis.store.js';
import type { CacheConfig } from '../config/config.types.js';
import { RedisSpendStore } from './redis-spend.store.js';
import { MemorySpendStore, type SpendStore } from './spend.store.js';

// A reservation sits before every paid upstream call; Redis answers in about a millisecond, and a
// slower answer is treated as an outage (memory) rather than holding the call up.
const SPEND_CALL_TIMEOUT_MS = 1_000;

function firstReady(client: Redis | Cluster, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    client.on('ready', done);
  });
}

export async function openSpendStore(cache: CacheConfig, log: Logger, shared: Redis | Cluster | undefined): Promise<SpendStore> {
  if (shared) return new RedisSpendStore({ client: shared, ownsClient: false, timeoutMs: SPEND_CALL_TIMEOUT_MS, log });
  const options = redisStoreOptions(cache);
  if (!options) return new MemorySpendStore();
  const client = connectRedis(options);
  // The store logs outages when a call fails; without a listener ioredis prints every reconnect.
  client.on('error', () => undefined);
  await firstReady(client, cache.connectTimeoutMs);
  return new RedisSpendStore({ client, ownsClient: true, timeoutMs: SPEND_CALL_TIMEOUT_MS, log });
}
