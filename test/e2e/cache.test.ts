/** The result cache end to end: real gateway over HTTP, real local AWS services, real Redis. */
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.load.js';
import { sha256Hex } from '../../src/digest.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { createGateway } from '../../src/server/gateway.js';
import { startHttpServer } from '../../src/server/http.js';
import { CONTRACT, EARNINGS } from '../fixtures/documents.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startTestGateway, startTestUpstreams, type TestGateway, upstreamCallsTo } from '../support/test-gateway.js';

interface Analysis {
  bedrock: { cached: boolean; topic: string | null; error: string | null } | null;
  sagemaker: { cached: boolean; label: string | null; score: number | null; details: unknown; error: string | null } | null;
  cost: { actualUsd: number | null; bedrockUsd: number | null; sagemakerUsd: number | null };
}

let upstreams: LocalUpstreams;
let redis: TestRedis;
let namespace: string;
let gateway: TestGateway;
const extraGateways: TestGateway[] = [];

beforeAll(async () => {
  [upstreams, redis] = await Promise.all([startTestUpstreams(), startTestRedis()]);
  namespace = redis.namespace();
  gateway = await startTestGateway(
    { REDIS_URL: redis.url, CACHE_NAMESPACE: namespace, CACHE_TIMEOUT_MS: SLOW_RUN_TIMEOUT, AWS_MAX_ATTEMPTS: '1' },
    upstreams,
  );
});
afterAll(async () => {
  await Promise.all([gateway, ...extraGateways].map((started) => started?.close()));
  await upstreams?.close();
  await redis?.stop();
});
beforeEach(() => {
  upstreams.setFaults([]);
  upstreams.resetCalls();
  gateway.gateway.counters.reset();
});

// A loaded test run can push a 50 ms cache call over its bound, and a timed-out lookup is (rightly) a
// miss; these tests are about what is cached, so they give the cache room. Timeouts: test/cache/.
const SLOW_RUN_TIMEOUT = '2000';

let unique = 0;
/** Each test analyses its own text, so no test finds another's entries. */
const fresh = (text: string) => `${text}\n\nReference ${++unique}-${Date.now()}.`;

const analyze = (content: string, documentType = 'LEGAL', architecture = 'PARALLEL') =>
  `{ analyzeDocument(input: {content: ${JSON.stringify(content)}, documentType: ${documentType}, architecture: ${architecture}}) {
      bedrock { cached topic error } sagemaker { cached label score details error } cost { actualUsd bedrockUsd sagemakerUsd } } }`;

const callsTo = (service: 'bedrock' | 'sagemaker') => upstreamCallsTo(upstreams, service);

async function analysis(target: TestGateway, content: string, documentType?: string): Promise<Analysis> {
  const { data, errors } = await target.query<{ analyzeDocument: Analysis }, never>(analyze(content, documentType));
  expect(errors).toBeUndefined();
  return data!.analyzeDocument;
}

describe('result cache', () => {
  it('serves the second identical analysis from the cache: cached on both sides, costs 0, and calls nothing upstream', async () => {
    const content = fresh(CONTRACT);

    const first = await analysis(gateway, content);
    const callsAfterFirst = upstreams.calls.length;
    const second = await analysis(gateway, content);

    expect([first.bedrock!.cached, first.sagemaker!.cached]).toEqual([false, false]);
    expect(first.cost.actualUsd).toBeGreaterThan(0);
    expect([second.bedrock!.cached, second.sagemaker!.cached]).toEqual([true, true]);
    expect(second.cost).toEqual({ actualUsd: 0, bedrockUsd: 0, sagemakerUsd: 0 });
    expect(second.bedrock!.topic).toBe(first.bedrock!.topic);
    expect(second.sagemaker!.details).toEqual(first.sagemaker!.details);
    expect(upstreams.calls.length).toBe(callsAfterFirst);
    expect([callsTo('bedrock').length, callsTo('sagemaker').length]).toEqual([1, 1]);
    const counters = gateway.gateway.counters.snapshot();
    expect(counters.cacheMisses).toEqual({ bedrock: 1, sagemaker: 1 });
    expect(counters.cacheHits).toEqual({ bedrock: 1, sagemaker: 1 });
    expect(counters.upstreamCalls).toEqual({ bedrock: 1, sagemaker: 1 });
  });

  it('misses for another document type with the same text', async () => {
    const content = fresh(EARNINGS);
    await analysis(gateway, content, 'LEGAL');

    const other = await analysis(gateway, content, 'FINANCIAL');

    expect([other.bedrock!.cached, other.sagemaker!.cached]).toEqual([false, false]);
    expect([callsTo('bedrock').length, callsTo('sagemaker').length]).toEqual([2, 2]);
  });

  it('misses on the Bedrock side for another model id (sharing the Redis), while the SageMaker side still hits', async () => {
    const content = fresh(CONTRACT);
    await analysis(gateway, content);
    const otherModel = await startTestGateway(
      {
        REDIS_URL: redis.url,
        CACHE_NAMESPACE: namespace,
        CACHE_TIMEOUT_MS: SLOW_RUN_TIMEOUT,
        BEDROCK_MODEL_ID: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
      },
      upstreams,
    );
    extraGateways.push(otherModel);

    const other = await analysis(otherModel, content);

    expect(other.bedrock!.cached).toBe(false);
    expect(other.sagemaker!.cached).toBe(true);
    expect(callsTo('bedrock').map((call) => call.target)).toEqual([
      'anthropic.claude-3-haiku-20240307-v1:0',
      'anthropic.claude-3-5-sonnet-20240620-v1:0',
    ]);
    expect(callsTo('sagemaker')).toHaveLength(1);
  });

  it('never serves one tenant’s result to another (tenants from API keys)', async () => {
    const tenants = await startTestGateway(
      {
        REDIS_URL: redis.url,
        CACHE_NAMESPACE: namespace,
        CACHE_TIMEOUT_MS: SLOW_RUN_TIMEOUT,
        API_KEYS: `alpha:${sha256Hex('key-alpha')},beta:${sha256Hex('key-beta')}`,
      },
      upstreams,
    );
    extraGateways.push(tenants);
    const content = fresh(CONTRACT);
    const as = async (key: string) =>
      (await tenants.query<{ analyzeDocument: Analysis }, never>(analyze(content), undefined, { 'x-api-key': key })).data!.analyzeDocument;

    const alpha = await as('key-alpha');
    const beta = await as('key-beta');
    const alphaAgain = await as('key-alpha');

    expect([alpha.bedrock!.cached, beta.bedrock!.cached, alphaAgain.bedrock!.cached]).toEqual([false, false, true]);
    expect([alpha.sagemaker!.cached, beta.sagemaker!.cached, alphaAgain.sagemaker!.cached]).toEqual([false, false, true]);
    expect([callsTo('bedrock').length, callsTo('sagemaker').length]).toEqual([2, 2]);
  });

  it('never caches an error: a throttled Bedrock answer is not replayed, the next request calls Bedrock again', async () => {
    const content = fresh(CONTRACT);
    upstreams.setFaults([{ service: 'bedrock', errorType: 'ThrottlingException' }]);

    const failed = await gateway.query<{ analyzeDocument: Analysis }, never>(analyze(content));
    upstreams.setFaults([]);
    const retried = await analysis(gateway, content);

    expect(failed.data!.analyzeDocument.bedrock!.error).toBeTruthy();
    expect(failed.errors?.[0]?.extensions?.code).toBe('UPSTREAM_THROTTLED');
    expect(failed.data!.analyzeDocument.sagemaker!.cached).toBe(false);
    expect(retried.bedrock!.error).toBeNull();
    expect(retried.bedrock!.cached).toBe(false);
    expect(retried.sagemaker!.cached).toBe(true);
    expect(callsTo('bedrock').filter((call) => call.status === 200)).toHaveLength(1);
    expect(callsTo('bedrock').length).toBeGreaterThanOrEqual(2);
  });

  it('stores results compactly: a ~1 MiB document puts only a few KiB in Redis, and never its text', async () => {
    const big = await startTestGateway(
      {
        REDIS_URL: redis.url,
        CACHE_NAMESPACE: redis.namespace(),
        CACHE_TIMEOUT_MS: SLOW_RUN_TIMEOUT,
        MAX_CONTENT_BYTES: String(2 * 1024 * 1024),
      },
      upstreams,
    );
    extraGateways.push(big);
    const paragraph = `${CONTRACT}\n\n`;
    const content = fresh(paragraph.repeat(Math.ceil((1024 * 1024) / paragraph.length)));
    expect(Buffer.byteLength(content)).toBeGreaterThan(1024 * 1024);

    const first = await analysis(big, content);
    const keys = await redis.client.keys(`${big.config.cache.namespace}:r:*`);
    const sizes = await Promise.all(keys.map((key) => redis.client.strlen(key)));
    const values = await Promise.all(keys.map((key) => redis.client.getBuffer(key)));

    expect(first.bedrock!.cached).toBe(false);
    expect(keys).toHaveLength(2);
    expect(Math.max(...sizes)).toBeLessThan(16 * 1024);
    expect(values.some((value) => value!.includes('MASTER SERVICES AGREEMENT'))).toBe(false);
    expect((await analysis(big, content)).sagemaker!.cached).toBe(true);
  });

  it('sends only the misses of a SageMaker batch upstream, in order, and each document gets its own result', async () => {
    const documents = Array.from({ length: 5 }, (_, i) =>
      fresh(`${CONTRACT}\n\nSchedule ${i}: the fees are $${(i + 1) * 10_000} per year.`),
    );
    const batch = (indexes: number[]) =>
      `{ ${indexes
        .map(
          (i) =>
            `d${i}: analyzeDocument(input: {content: ${JSON.stringify(documents[i])}, documentType: LEGAL, architecture: PARALLEL}) { sagemaker { cached label score details } }`,
        )
        .join('\n')} }`;
    const uncached = await startTestGateway({ CACHE_ENABLED: 'off' }, upstreams);
    extraGateways.push(uncached);
    const expected = (await uncached.query<Record<string, Analysis>, never>(batch([0, 1, 2, 3, 4]))).data!;
    upstreams.resetCalls();
    await gateway.query(batch([1, 3]));
    upstreams.resetCalls();

    const { data, errors } = await gateway.query<Record<string, Analysis>, never>(batch([0, 1, 2, 3, 4]));

    expect(errors).toBeUndefined();
    expect(callsTo('sagemaker').map((call) => call.instances)).toEqual([3]);
    expect([0, 1, 2, 3, 4].map((i) => data![`d${i}`]!.sagemaker!.cached)).toEqual([false, true, false, true, false]);
    for (const i of [0, 1, 2, 3, 4]) {
      const { cached: _cached, ...result } = data![`d${i}`]!.sagemaker!;
      const { cached: _expectedCached, ...want } = expected[`d${i}`]!.sagemaker!;
      expect(result).toEqual(want);
    }
  });
});

describe.runIf(!process.env.REDIS_URL)('when Redis goes away', () => {
  it('answers uncached without errors while Redis is down, logs the outage once, and uses the cache again when Redis returns', async () => {
    const lines: Array<{ msg: string }> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const config = loadConfig({
      LOG_LEVEL: 'info',
      REDIS_URL: redis.url,
      CACHE_NAMESPACE: redis.namespace(),
      CACHE_TIMEOUT_MS: SLOW_RUN_TIMEOUT,
    });
    const own = await createGateway(config, { localUpstreams: upstreams, logger });
    const http = await startHttpServer(own, '127.0.0.1', 0);
    const query = async (content: string) => {
      const response = await fetch(http.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: analyze(content) }),
      });
      return (await response.json()) as { data?: { analyzeDocument: Analysis }; errors?: unknown[] };
    };
    const content = fresh(CONTRACT);
    try {
      await redis.kill();
      // One after another: concurrent ones would share one in-flight call, which needs no Redis.
      const during: Array<Awaited<ReturnType<typeof query>>> = [];
      for (let i = 0; i < 5; i++) during.push(await query(content));
      const again = await query(content);
      await redis.restart();
      let recovered: Analysis | undefined;
      // Each side writes on its own once the store reconnects, so one may land a request later.
      for (let attempt = 0; attempt < 100 && !(recovered?.bedrock?.cached && recovered.sagemaker?.cached); attempt++) {
        recovered = (await query(content)).data?.analyzeDocument;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      expect(during.every((body) => body.errors === undefined && body.data?.analyzeDocument.bedrock?.cached === false)).toBe(true);
      expect(again.errors).toBeUndefined();
      expect(again.data!.analyzeDocument.sagemaker!.cached).toBe(false);
      expect(recovered?.bedrock?.cached).toBe(true);
      expect(recovered?.sagemaker?.cached).toBe(true);
      expect(lines.filter((line) => line.msg === 'cache unavailable: serving uncached until it returns')).toHaveLength(1);
      expect(lines.filter((line) => line.msg === 'cache available again')).toHaveLength(1);
    } finally {
      await http.close();
      await own.stop();
    }
  });
});

describe.runIf(!process.env.REDIS_URL)('through a Redis Cluster', () => {
  it('caches results when configured with REDIS_CLUSTER_NODES alone', async () => {
    // Prepare
    const cluster = await startTestRedis({ cluster: true });
    const clustered = await startTestGateway(
      { REDIS_CLUSTER_NODES: cluster.node, CACHE_NAMESPACE: cluster.namespace(), CACHE_TIMEOUT_MS: SLOW_RUN_TIMEOUT },
      upstreams,
    );
    const content = fresh(CONTRACT);
    try {
      // Act
      const first = await analysis(clustered, content);
      const second = await analysis(clustered, content);

      // Assess: the second answer came from the cluster, where both sides' results now live.
      expect([first.bedrock!.cached, first.sagemaker!.cached]).toEqual([false, false]);
      expect([second.bedrock!.cached, second.sagemaker!.cached]).toEqual([true, true]);
      expect([callsTo('bedrock').length, callsTo('sagemaker').length]).toEqual([1, 1]);
      expect(await cluster.client.keys(`${clustered.config.cache.namespace}:r:*`)).toHaveLength(2);
    } finally {
      await clustered.close();
      await cluster.stop();
    }
  });
});
