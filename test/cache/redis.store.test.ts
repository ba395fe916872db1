/** The Redis store behind FailOpenCache against a real redis-server: bounded calls, fail-open, recovery, one log line per transition. */
import { setTimeout as sleep } from 'node:timers/promises';
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
    await sleep(2_100);
    expect((await cache.get(key))?.toString()).toBe('v');
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
