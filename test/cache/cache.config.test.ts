import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.load.js';

describe('cache configuration', () => {
  it('defaults to an in-memory cache with a one-hour TTL, a 50 ms bound on cache calls and no response cache', () => {
    const { cache } = loadConfig({});

    expect(cache).toMatchObject({
      enabled: true,
      ttlSeconds: 3600,
      timeoutMs: 50,
      responseCache: false,
      namespace: 'hag',
      analyserVersion: '1',
    });
    expect(cache.redisUrl).toBeUndefined();
    expect(cache.redisClusterNodes).toBeUndefined();
  });

  it('reads Redis, Redis Cluster and the switches', () => {
    const { cache } = loadConfig({
      REDIS_URL: 'rediss://user:secret@cache.example.com:6380/0',
      REDIS_CLUSTER_NODES: 'node-1:6379, rediss://node-2:6379',
      CACHE_ENABLED: 'false',
      RESPONSE_CACHE: 'on',
      CACHE_TTL_SECONDS: '60',
    });

    expect(cache.redisUrl).toBe('rediss://user:secret@cache.example.com:6380/0');
    expect(cache.redisClusterNodes).toEqual(['node-1:6379', 'rediss://node-2:6379']);
    expect([cache.enabled, cache.responseCache, cache.ttlSeconds]).toEqual([false, true, 60]);
  });

  it.each([
    [{ REDIS_URL: 'http://cache:6379' }, 'REDIS_URL'],
    [{ REDIS_CLUSTER_NODES: 'node-1' }, 'REDIS_CLUSTER_NODES'],
    [{ CACHE_TIMEOUT_MS: '0' }, 'CACHE_TIMEOUT_MS'],
    [{ CACHE_NAMESPACE: 'has space' }, 'CACHE_NAMESPACE'],
  ])('rejects %o naming %s', (env, setting) => {
    expect(() => loadConfig(env)).toThrow(setting);
  });
});
