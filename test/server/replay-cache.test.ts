/** The replay cache's own rules: what may be replayed, and its bounds (count, bytes, TTL). */
import { describe, expect, it } from 'vitest';
import type { RequestObservation } from '../../src/metrics/request-observation.js';
import { isReplayable, ReplayCache, type ReplayEntry } from '../../src/server/replay-cache.js';

const served: RequestObservation = {
  requestId: 'r',
  operation: 'Analyze',
  operationType: 'query',
  tenant: 'anonymous',
  startedAt: 0,
  latencyMs: 1,
  errorCodes: [],
  upstreamCalls: [],
  cacheLookups: [
    { side: 'bedrock', hit: true },
    { side: 'sagemaker', hit: true },
  ],
  analyses: [],
  coalescedWaits: { bedrock: 0, sagemaker: 0 },
};

const entry = (body: string): ReplayEntry => ({ status: 200, headers: [['content-type', 'application/json']], body, observation: served });

describe('isReplayable', () => {
  it.each([
    ['an operation answered wholly from the cache', served, false, true],
    [
      'an operation that called upstream',
      { ...served, upstreamCalls: [{ service: 'bedrock', target: 'm', latencyMs: 1, ok: true, batchSize: 1 }] },
      false,
      false,
    ],
    ['an operation with a cache miss', { ...served, cacheLookups: [{ side: 'bedrock', hit: false }] }, false, false],
    ['an operation that waited for another request`s call', { ...served, coalescedWaits: { bedrock: 1, sagemaker: 0 } }, false, false],
    ['an operation with an error', { ...served, errorCodes: ['UPSTREAM_THROTTLED'] }, false, false],
    ['a mutation', { ...served, operationType: 'mutation' }, false, false],
    ['a request that asked for its usage', served, true, false],
  ] as const)('%s: %s', (_name, observation, askedForUsage, expected) => {
    expect(isReplayable(observation as RequestObservation, askedForUsage)).toBe(expected);
  });
});

describe('ReplayCache', () => {
  it('keys by tenant, accept header and exact body', () => {
    const cache = new ReplayCache({ maxEntries: 10, maxBytes: 1e6, ttlMs: 1000 });
    const keys = new Set([
      cache.keyFor('acme', '', '{"query":"{a}"}'),
      cache.keyFor('globex', '', '{"query":"{a}"}'),
      cache.keyFor('acme', 'application/graphql-response+json', '{"query":"{a}"}'),
      cache.keyFor('acme', '', '{"query":"{ a}"}'),
    ]);
    expect(keys.size).toBe(4);
    expect(cache.keyFor('acme', '', '{"query":"{a}"}')).toBe(cache.keyFor('acme', '', '{"query":"{a}"}'));
  });

  it('expires entries after the TTL', () => {
    let now = 0;
    const cache = new ReplayCache({ maxEntries: 10, maxBytes: 1e6, ttlMs: 1000, now: () => now });
    cache.set('k', entry('{"data":{}}'));
    now = 999;
    expect(cache.get('k')?.body).toBe('{"data":{}}');
    now = 1000;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the least recently used entries beyond its count and byte bounds, and never keeps an oversized answer', () => {
    const cache = new ReplayCache({ maxEntries: 2, maxBytes: 100, ttlMs: 60_000 });
    cache.set('a', entry('x'.repeat(30)));
    cache.set('b', entry('y'.repeat(30)));
    cache.get('a');
    cache.set('c', entry('z'.repeat(30)));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();

    cache.set('d', entry('w'.repeat(80)));
    expect(cache.get('d')).toBeDefined();
    expect(cache.size).toBe(1);
    cache.set('huge', entry('h'.repeat(500)));
    expect(cache.get('huge')).toBeUndefined();
  });
});
