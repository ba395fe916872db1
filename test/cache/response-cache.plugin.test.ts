/** Whole-response caching: the plugin around a small real Apollo server, then in the gateway over HTTP with Redis. */
import { ApolloServer } from '@apollo/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheHealth } from '../../src/cache/cache-health.js';
import { FailOpenCache } from '../../src/cache/fail-open.cache.js';
import { MemoryResultCache } from '../../src/cache/memory.store.js';
import { type ResponseCacheContext, ResponseCachePlugin } from '../../src/cache/response-cache.plugin.js';
import { ResponseKeyValueCache } from '../../src/cache/response-key-value.cache.js';
import { sha256Hex } from '../../src/digest.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { CONTRACT } from '../fixtures/documents.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

const typeDefs = `#graphql
  enum CacheControlScope { PUBLIC PRIVATE }
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
  type Query {
    price(item: String!): Float! @cacheControl(maxAge: 60, scope: PRIVATE)
    flaky: Float! @cacheControl(maxAge: 60, scope: PRIVATE)
    broken: Float @cacheControl(maxAge: 60, scope: PRIVATE)
    unlisted: Float! @cacheControl(maxAge: 60, scope: PRIVATE)
    uncacheable: Float!
  }
`;

describe('ResponseCachePlugin', () => {
  const executions: Record<string, number> = {};
  const count = (field: string) => {
    executions[field] = (executions[field] ?? 0) + 1;
    return executions[field];
  };
  let server: ApolloServer<ResponseCacheContext>;

  beforeAll(async () => {
    const store = new FailOpenCache(
      new MemoryResultCache({ maxEntries: 100, maxBytes: 1e6 }),
      50,
      new CacheHealth(pino({ level: 'silent' }), 'memory'),
    );
    server = new ApolloServer<ResponseCacheContext>({
      typeDefs,
      resolvers: {
        Query: {
          price: () => count('price'),
          flaky: (_: unknown, __: unknown, context: ResponseCacheContext) => {
            (context.partialErrors as unknown[]).push(new Error('one side failed'));
            return count('flaky');
          },
          broken: () => {
            count('broken');
            throw new Error('broken');
          },
          unlisted: () => count('unlisted'),
          uncacheable: () => count('uncacheable'),
        },
      },
      plugins: [
        ResponseCachePlugin({
          cache: new ResponseKeyValueCache(store, { namespace: 'test', analyserVersion: '1' }, 60),
          rootFields: new Set(['price', 'flaky', 'broken', 'uncacheable']),
        }),
      ],
    });
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const run = (query: string, tenant = 'alpha') => server.executeOperation({ query }, { contextValue: { tenant, partialErrors: [] } });

  it('answers a repeated query from the cache, per tenant', async () => {
    await run('{ price(item: "a") }', 'alpha');
    const repeated = await run('{ price(item: "a") }', 'alpha');
    await run('{ price(item: "a") }', 'beta');
    await run('{ price(item: "b") }', 'alpha');

    expect(executions.price).toBe(3);
    expect(repeated.http.headers.get('age')).not.toBeUndefined();
    expect(repeated.body.kind === 'single' && repeated.body.singleResult.data).toEqual({ price: 1 });
  });

  it.each([
    ['partial errors reported beside the data', '{ flaky }', 'flaky'],
    ['errors', '{ broken }', 'broken'],
    ['no cache hint', '{ uncacheable }', 'uncacheable'],
    ['a root field outside the replay-safe list', '{ unlisted }', 'unlisted'],
  ])('never stores or replays a response with %s', async (_, query, field) => {
    await run(query);
    await run(query);

    expect(executions[field]).toBe(2);
  });
});

describe('response cache in the gateway (RESPONSE_CACHE=on, Redis)', () => {
  let upstreams: LocalUpstreams;
  let redis: TestRedis;
  let gateway: TestGateway;

  beforeAll(async () => {
    [upstreams, redis] = await Promise.all([startTestUpstreams(), startTestRedis()]);
    gateway = await startTestGateway(
      // The replay cache (in front of GraphQL) would answer the repeats before this plugin sees them.
      { REDIS_URL: redis.url, CACHE_NAMESPACE: redis.namespace(), CACHE_TIMEOUT_MS: '2000', RESPONSE_CACHE: 'on', REPLAY_CACHE: 'off' },
      upstreams,
    );
  });
  afterAll(async () => {
    await gateway?.close();
    await upstreams?.close();
    await redis?.stop();
  });

  const responseKeys = () => redis.client.keys(`${gateway.config.cache.namespace}:q:*`);

  it('serves a repeated estimateCost from Redis, marked private so shared HTTP caches keep tenants apart', async () => {
    const query = `{ estimateCost(input: {content: ${JSON.stringify(`${CONTRACT} ${Date.now()}`)}, documentType: LEGAL}) { inputTokens methods { method estimatedUsd } } }`;

    const first = await gateway.query(query);
    const second = await gateway.query(query);

    expect(first.errors).toBeUndefined();
    expect(second.data).toEqual(first.data);
    expect(first.headers.get('age')).toBeNull();
    expect(second.headers.get('age')).not.toBeNull();
    expect(first.headers.get('cache-control')).toBe('max-age=60, private');
    expect(await responseKeys()).toHaveLength(1);
  });

  it('keeps tenants apart: one tenant’s cached response is never served to another', async () => {
    // Prepare: a gateway whose tenants come from API keys, over the same Redis.
    const tenants = await startTestGateway(
      {
        REDIS_URL: redis.url,
        CACHE_NAMESPACE: redis.namespace(),
        CACHE_TIMEOUT_MS: '2000',
        RESPONSE_CACHE: 'on',
        REPLAY_CACHE: 'off',
        API_KEYS: `alpha:${sha256Hex('key-alpha')},beta:${sha256Hex('key-beta')}`,
      },
      upstreams,
    );
    const query = `{ chooseMethod(input: {content: ${JSON.stringify(`${CONTRACT} ${Date.now()}`)}, documentType: LEGAL}) { method } }`;
    const as = (key: string) => tenants.query(query, undefined, { 'x-api-key': key });

    try {
      // Act
      const alpha = await as('key-alpha');
      const beta = await as('key-beta');
      const alphaAgain = await as('key-alpha');
      const betaAgain = await as('key-beta');

      // Assess: each tenant's first answer is computed (no Age), its repeat is a hit; one entry per tenant.
      expect([alpha, beta, alphaAgain, betaAgain].map((response) => response.errors)).toEqual([undefined, undefined, undefined, undefined]);
      expect([alpha, beta, alphaAgain, betaAgain].map((response) => response.headers.get('age') !== null)).toEqual([
        false,
        false,
        true,
        true,
      ]);
      expect(await redis.client.keys(`${tenants.config.cache.namespace}:q:*`)).toHaveLength(2);
    } finally {
      await tenants.close();
    }
  });

  it('leaves analyzeDocument to the per-side cache: no whole response stored, the repeat is honest about being cached', async () => {
    const before = (await responseKeys()).length;
    const query = `{ analyzeDocument(input: {content: ${JSON.stringify(`${CONTRACT} ${Date.now()}`)}, documentType: LEGAL, architecture: PARALLEL}) { bedrock { cached } sagemaker { cached } cost { actualUsd } } }`;

    await gateway.query(query);
    const second = await gateway.query<{ analyzeDocument: { bedrock: { cached: boolean }; cost: { actualUsd: number } } }, never>(query);

    expect(second.headers.get('age')).toBeNull();
    expect(second.data!.analyzeDocument.bedrock.cached).toBe(true);
    expect(second.data!.analyzeDocument.cost.actualUsd).toBe(0);
    expect((await responseKeys()).length).toBe(before);
  });
});
