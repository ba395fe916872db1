/** The cache-and-coalesce flow for one side, over the in-memory store and over a real Redis shared by two "replicas". */
import { setTimeout as sleep } from 'node:timers/promises';
import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisCache, type CachedSide } from '../../src/cache/analysis.cache.js';
import { CacheHealth } from '../../src/cache/cache-health.js';
import { lockKey } from '../../src/cache/cache-keys.js';
import { FailOpenCache } from '../../src/cache/fail-open.cache.js';
import { HotResults } from '../../src/cache/hot-results.js';
import { MemoryResultCache } from '../../src/cache/memory.store.js';
import { RedisResultCache } from '../../src/cache/redis.store.js';
import type { ResultCache } from '../../src/cache/result-cache.js';
import { ErrorCode, gatewayError } from '../../src/errors.js';
import { GatewayCounters } from '../../src/metrics/gateway-counters.js';
import { RequestUsage } from '../../src/metrics/request-usage.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';

interface Label {
  label: string;
  cached: boolean;
  latencyMs: number;
}

const silent = pino({ level: 'silent' });

function analysisCache(
  store: ResultCache,
  namespace = 'unit',
  overrides: { lockTtlMs?: number; lockWaitMs?: number; hotEntries?: number } = {},
) {
  const health = new CacheHealth(silent, store.kind);
  // No hot entries by default: these tests are about what goes through the store (and between replicas).
  const hot = new HotResults({ maxEntries: overrides.hotEntries ?? 0, maxAgeMs: 60_000 });
  return new AnalysisCache(new FailOpenCache(store, 2_000, health), hot, {
    scope: { namespace, analyserVersion: '1' },
    ttlMs: 60_000,
    lockTtlMs: overrides.lockTtlMs ?? 2_000,
    lockWaitMs: overrides.lockWaitMs ?? 5_000,
    bedrockVariant: '',
  });
}

/** A side whose "upstream" labels each document with its own name, after a delay; `err*` documents fail. */
function labelSide(prefix: string, delayMs = 0) {
  const calls: string[][] = [];
  const side: CachedSide<string, Label> = {
    name: 'sagemaker',
    keyOf: (document) => `${prefix}:${document}`,
    cacheable: (result) => result.label !== 'unsure',
    revive: (stored) => (typeof stored.label === 'string' ? ({ ...stored, cached: true, latencyMs: 0 } as Label) : undefined),
    async call(documents) {
      calls.push([...documents]);
      await sleep(delayMs);
      return documents.map((document) =>
        document.startsWith('err')
          ? gatewayError(ErrorCode.UPSTREAM_THROTTLED, 'throttled')
          : { label: document, cached: false, latencyMs: delayMs },
      );
    },
  };
  return { side, calls };
}

const request = (counters = new GatewayCounters()) => ({ usage: new RequestUsage(counters), counters });

describe('AnalysisCache over the memory store', () => {
  it('sends only the misses upstream, in order, and answers every document in its place', async () => {
    const cache = analysisCache(new MemoryResultCache({ maxEntries: 100, maxBytes: 1e6 }));
    const { side, calls } = labelSide('mix');
    await cache.load(['b', 'd'], side, request());

    const { usage, counters } = request();
    const outcomes = await cache.load(['a', 'b', 'c', 'd', 'e'], side, { usage });

    expect(calls).toEqual([
      ['b', 'd'],
      ['a', 'c', 'e'],
    ]);
    expect(outcomes.map((outcome) => (outcome as Label).label)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(outcomes.map((outcome) => (outcome as Label).cached)).toEqual([false, true, false, true, false]);
    expect(counters.snapshot().cacheHits.sagemaker).toBe(2);
    expect(counters.snapshot().cacheMisses.sagemaker).toBe(3);
  });

  it('makes one call for concurrent identical work in one process; the others wait, pay nothing and count a coalesced wait', async () => {
    const cache = analysisCache(new MemoryResultCache({ maxEntries: 100, maxBytes: 1e6 }));
    const { side, calls } = labelSide('flight', 50);
    const counters = new GatewayCounters();

    const outcomes = await Promise.all(Array.from({ length: 20 }, () => cache.load(['x'], side, { usage: new RequestUsage(counters) })));

    expect(calls).toEqual([['x']]);
    const cachedFlags = outcomes.map(([outcome]) => (outcome as Label).cached);
    expect(cachedFlags.filter((cached) => !cached)).toHaveLength(1);
    expect(counters.snapshot().coalescedWaits.sagemaker).toBe(19);
    expect(cache.callsInFlight).toBe(0);
  });

  it('never caches an error or a result the side calls unreliable: the next request calls again', async () => {
    const cache = analysisCache(new MemoryResultCache({ maxEntries: 100, maxBytes: 1e6 }));
    const { side, calls } = labelSide('errors');

    const first = await cache.load(['err-1', 'unsure'], side, request());
    const second = await cache.load(['err-1', 'unsure'], side, request());

    expect(first[0]).toBeInstanceOf(GraphQLError);
    expect(second[0]).toBeInstanceOf(GraphQLError);
    expect((second[1] as Label).cached).toBe(false);
    expect(calls).toEqual([
      ['err-1', 'unsure'],
      ['err-1', 'unsure'],
    ]);
  });

  it('shares an in-flight error with concurrent waiters rather than hiding it', async () => {
    const cache = analysisCache(new MemoryResultCache({ maxEntries: 100, maxBytes: 1e6 }));
    const { side, calls } = labelSide('shared-error', 30);

    const outcomes = await Promise.all([cache.load(['err-x'], side, request()), cache.load(['err-x'], side, request())]);

    expect(calls).toHaveLength(1);
    expect(outcomes.every(([outcome]) => outcome instanceof GraphQLError)).toBe(true);
  });

  it('serves repeat hits from the hot results without a store read, frozen and shared, but each with its own flags', async () => {
    const store = new MemoryResultCache({ maxEntries: 100, maxBytes: 1e6 });
    const cache = analysisCache(store, 'hot', { hotEntries: 10 });
    const { side, calls } = labelSide('hot');
    await cache.load(['h'], side, request());
    await cache.load(['h'], side, request());
    const reads: string[] = [];
    const get = store.get.bind(store);
    store.get = (key) => {
      reads.push(key);
      return get(key);
    };

    const [hit] = await cache.load(['h'], side, request());

    expect(calls).toEqual([['h']]);
    expect(reads).toEqual([]);
    expect(hit).toMatchObject({ label: 'h', cached: true });
    // Each request gets its own copy: one request changing its answer cannot touch another's.
    (hit as Label).label = 'changed';
    expect((await cache.load(['h'], side, request()))[0]).toMatchObject({ label: 'h', cached: true });
  });

  it('answers even when the side throws instead of returning errors', async () => {
    const cache = analysisCache(new MemoryResultCache({ maxEntries: 100, maxBytes: 1e6 }));
    const side: CachedSide<string, Label> = { ...labelSide('throws').side, call: () => Promise.reject(new Error('boom')) };

    const [outcome] = await cache.load(['x'], side, request());

    expect(outcome).toBeInstanceOf(GraphQLError);
    expect(cache.callsInFlight).toBe(0);
  });
});

describe('AnalysisCache across replicas sharing one Redis', () => {
  let redis: TestRedis;
  const stores: RedisResultCache[] = [];
  const replica = async (namespace: string, overrides: { lockTtlMs?: number; lockWaitMs?: number } = {}) => {
    const store = new RedisResultCache({ url: redis.url, connectTimeoutMs: 2_000 }, new CacheHealth(silent, 'redis'));
    stores.push(store);
    await store.ready(2_000);
    return analysisCache(store, namespace, overrides);
  };

  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await redis?.stop();
  });

  it('makes one upstream call for concurrent identical work on two replicas; the other replica waits for the result', async () => {
    const namespace = redis.namespace();
    const [one, two] = [await replica(namespace), await replica(namespace)];
    const { side, calls } = labelSide(`${namespace}:two-replicas`, 200);
    const counters = new GatewayCounters();

    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? one : two).load(['doc'], side, { usage: new RequestUsage(counters) })),
    );

    expect(calls).toEqual([['doc']]);
    expect(outcomes.every(([outcome]) => (outcome as Label).label === 'doc')).toBe(true);
    expect(counters.snapshot().coalescedWaits.sagemaker + counters.snapshot().cacheHits.sagemaker).toBe(39);
  });

  it('takes over when the lock holder died: the lock lapses, a waiter calls once, and stores the result', async () => {
    const namespace = redis.namespace();
    const cache = await replica(namespace, { lockTtlMs: 300 });
    const { side, calls } = labelSide(`${namespace}:dead-holder`);
    // A replica that took the lock and crashed: the lock is there, no result ever comes, nobody renews it.
    // Timed from before the SET, so the lock lapses at least 400 ms later however slow its reply is.
    const started = performance.now();
    await redis.client.set(lockKey(side.keyOf('doc')), 'crashed-replica', 'PX', 400);

    const [outcome] = await cache.load(['doc'], side, request());
    const waitedMs = performance.now() - started;
    const [again] = await cache.load(['doc'], side, request());

    expect((outcome as Label).label).toBe('doc');
    expect(waitedMs).toBeGreaterThanOrEqual(300);
    expect(calls).toEqual([['doc']]);
    expect((again as Label).cached).toBe(true);
  });

  it('calls itself when another replica holds the lock for longer than the bounded wait', async () => {
    const namespace = redis.namespace();
    const cache = await replica(namespace, { lockWaitMs: 200 });
    const { side, calls } = labelSide(`${namespace}:slow-holder`);
    await redis.client.set(lockKey(side.keyOf('doc')), 'stuck-replica', 'PX', 10_000);
    const started = performance.now();

    const [outcome] = await cache.load(['doc'], side, request());

    expect((outcome as Label).label).toBe('doc');
    expect(calls).toEqual([['doc']]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('renews the lock while a slow call runs, so nobody takes over a live holder', async () => {
    const namespace = redis.namespace();
    // The call outlasts the lease more than twice, so only renewals keep it; the lease is long enough
    // that a busy machine running a renewal late does not let it lapse.
    const [one, two] = [await replica(namespace, { lockTtlMs: 1_000 }), await replica(namespace, { lockTtlMs: 1_000 })];
    const { side, calls } = labelSide(`${namespace}:slow-call`, 2_500);

    const [first] = await Promise.all([one.load(['doc'], side, request()), sleep(50).then(() => two.load(['doc'], side, request()))]);

    expect((first[0] as Label).label).toBe('doc');
    expect(calls).toEqual([['doc']]);
  });
});
