/**
 * The Redis store behind FailOpenCache against a real redis-server: bounded calls, fail-open, recovery,
 * one log line per transition; and against a real (one-node) Redis Cluster, with TLS from the URL scheme.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster, Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheHealth } from '../../src/cache/cache-health.js';
import { FailOpenCache } from '../../src/cache/fail-open.cache.js';
import { RedisResultCache } from '../../src/cache/redis.store.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.stop();
});

function collectingLogger() {
  const lines: Array<{ msg: string; level: number }> = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines, count: (msg: string) => lines.filter((line) => line.msg === msg).length };
}

async function openStore(log = pino({ level: 'silent' }), timeoutMs = 2_000) {
  const health = new CacheHealth(log, 'redis');
  const store = new RedisResultCache({ url: redis.url, connectTimeoutMs: 1_000 }, health);
  await store.ready(2_000);
  return { store, cache: new FailOpenCache(store, timeoutMs, health), health };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
}

describe('RedisResultCache', () => {
  it('stores values with a TTL in Redis', async () => {
    const { store, cache } = await openStore();
    const key = `${redis.namespace()}:ttl`;

    await cache.set(key, Buffer.from('value'), 5_000);

    expect((await cache.get(key))?.toString()).toBe('value');
    const ttl = await redis.client.pttl(key);
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_000);
    await store.close();
  });

  it('locks with SET NX PX: one holder, compare-and-release, compare-and-renew', async () => {
    const { store, cache } = await openStore();
    const key = `${redis.namespace()}:lock`;

    const outcomes = [await cache.acquireLock(key, 'a', 1_000), await cache.acquireLock(key, 'b', 1_000)];
    await cache.releaseLock(key, 'b');
    const renewedByOther = await cache.renewLock(key, 'b', 5_000);
    const renewed = await cache.renewLock(key, 'a', 5_000);
    await cache.releaseLock(key, 'a');

    expect(outcomes).toEqual(['acquired', 'held']);
    expect([renewedByOther, renewed]).toEqual([false, true]);
    expect(await redis.client.exists(key)).toBe(0);
    await store.close();
  });

  it('bounds every call by the timeout when Redis stops answering (CLIENT PAUSE), serving "no answer" instead of waiting', async () => {
    const { store, cache } = await openStore(undefined, 100);
    const key = `${redis.namespace()}:paused`;
    await cache.set(key, Buffer.from('v'), 60_000);
    await redis.client.call('CLIENT', 'PAUSE', '2000', 'ALL');
    const started = performance.now();

    const [value, lock] = await Promise.all([cache.get(key), cache.acquireLock(`${key}:lock`, 't', 1_000)]);
    const tookMs = performance.now() - started;

    expect(value).toBeUndefined();
    expect(lock).toBe('unavailable');
    expect(tookMs).toBeLessThan(1_500);
    // Served again once the pause ends. Polled: a single 100 ms read just after the pause can miss its
    // bound on a busy machine while Redis works through the commands queued during the pause.
    await until(async () => (await cache.get(key))?.toString() === 'v');
    await store.close();
  });

  it.runIf(!process.env.REDIS_URL)(
    'fails open while Redis is down, recovers by itself when it returns, and logs each transition once',
    async () => {
      const { log, count } = collectingLogger();
      const { store, cache } = await openStore(log);
      const key = `${redis.namespace()}:outage`;
      await cache.set(key, Buffer.from('before'), 60_000);

      await redis.kill();
      await until(() => !store.connected);
      const started = performance.now();
      const during = await Promise.all(Array.from({ length: 50 }, () => cache.get(key)));
      const writes = await Promise.all(Array.from({ length: 10 }, () => cache.set(key, Buffer.from('during'), 60_000)));
      const tookMs = performance.now() - started;
      await redis.restart();
      await until(() => store.connected);
      await cache.set(key, Buffer.from('after'), 60_000);
      const after = await cache.get(key);

      expect(during.every((value) => value === undefined)).toBe(true);
      expect(writes.every((written) => written === false)).toBe(true);
      expect(tookMs).toBeLessThan(500);
      expect(after?.toString()).toBe('after');
      expect(count('cache unavailable: serving uncached until it returns')).toBe(1);
      expect(count('cache available again')).toBe(1);
      await store.close();
    },
  );
});

describe('RedisResultCache over a Redis Cluster', () => {
  let cluster: TestRedis;
  beforeAll(async () => {
    if (!process.env.REDIS_URL) cluster = await startTestRedis({ cluster: true });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it.runIf(!process.env.REDIS_URL)('stores, reads and locks through the Cluster client (REDIS_CLUSTER_NODES)', async () => {
    // Prepare
    const health = new CacheHealth(pino({ level: 'silent' }), 'redis-cluster');
    const store = new RedisResultCache({ clusterNodes: [cluster.node], connectTimeoutMs: 1_000 }, health);
    const cache = new FailOpenCache(store, 2_000, health);
    const key = `${cluster.namespace()}:clustered`;

    try {
      // Act
      const connected = await store.ready(5_000);
      const written = await cache.set(key, Buffer.from('value'), 5_000);
      const read = await cache.get(key);
      const locks = [await cache.acquireLock(`${key}:lock`, 'a', 1_000), await cache.acquireLock(`${key}:lock`, 'b', 1_000)];
      const renewed = await cache.renewLock(`${key}:lock`, 'a', 5_000);
      await cache.releaseLock(`${key}:lock`, 'a');

      // Assess: the Cluster client (slot-routed, scripts by key), not a plain connection.
      expect(store.client).toBeInstanceOf(Cluster);
      expect([connected, written, read?.toString()]).toEqual([true, true, 'value']);
      expect(locks).toEqual(['acquired', 'held']);
      expect(renewed).toBe(true);
      expect(await cluster.client.exists(`${key}:lock`)).toBe(0);
      expect(await cluster.client.pttl(key)).toBeGreaterThan(4_000);
    } finally {
      await store.close();
    }
  });
});

describe('RedisResultCache connection settings', () => {
  // A closed port: only the client's settings are under test; it never connects.
  const open = (options: { url?: string; clusterNodes?: string[] }) =>
    new RedisResultCache({ ...options, connectTimeoutMs: 100 }, new CacheHealth(pino({ level: 'silent' }), 'redis'));

  it('uses TLS for a rediss:// URL and plain TCP for redis://', async () => {
    const secure = open({ url: 'rediss://user:secret@127.0.0.1:1/2' });
    const plain = open({ url: 'redis://127.0.0.1:1' });

    const secureOptions = (secure.client as Redis).options;
    const plainOptions = (plain.client as Redis).options;
    await Promise.all([secure.close(), plain.close()]);

    expect(secure.client).toBeInstanceOf(Redis);
    expect(secureOptions.tls).toBeTruthy();
    expect(secureOptions).toMatchObject({ username: 'user', password: 'secret', db: 2 });
    expect(plainOptions.tls).toBeFalsy();
  });

  it('uses TLS and the credentials of rediss:// cluster nodes, keeping hostnames for certificate checks', async () => {
    const store = open({ clusterNodes: ['rediss://user:secret@127.0.0.1:1', '127.0.0.1:2'] });

    const options = (store.client as Cluster).options;
    await store.close();

    expect(store.client).toBeInstanceOf(Cluster);
    expect(options.redisOptions).toMatchObject({ tls: {}, username: 'user', password: 'secret' });
    // Commands fail fast while the cluster is unreachable, as with a single node.
    expect(options.enableOfflineQueue).toBe(false);
    // ElastiCache's certificates name the configuration endpoint, so the address must not be resolved.
    const resolved = await new Promise((resolve) => options.dnsLookup?.('clustercfg.example.com', (_error, address) => resolve(address)));
    expect(resolved).toBe('clustercfg.example.com');
  });
});
