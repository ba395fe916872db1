/** Graceful shutdown: close() stops accepting, lets in-flight requests finish (within a bound), then the gateway stops. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.load.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { createGateway } from '../../src/server/gateway.js';
import { startHttpServer } from '../../src/server/http.js';
import { ENCYCLOPEDIA } from '../fixtures/documents.js';
import { startTestRedis } from '../support/redis-server.js';
import { startTestUpstreams } from '../support/test-gateway.js';

let upstreams: LocalUpstreams;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
});
afterAll(async () => {
  await upstreams?.close();
});
beforeEach(() => {
  upstreams.resetCalls();
  upstreams.setFaults([]);
});

async function serve(env: Record<string, string>) {
  const gateway = await createGateway(loadConfig({ LOG_LEVEL: 'silent', CACHE_ENABLED: 'off', ...env }), { localUpstreams: upstreams });
  const http = await startHttpServer(gateway, '127.0.0.1', 0);
  return { gateway, http };
}

function analyze(url: string, tag: string) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `{ analyzeDocument(input: {content: ${JSON.stringify(`${ENCYCLOPEDIA} ${tag}`)}, architecture: DECISION_TREE}) { bedrock { topic error } } }`,
    }),
  });
}

async function untilUpstreamCalled(): Promise<void> {
  while (!upstreams.calls.some((call) => call.service === 'bedrock')) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('graceful shutdown', () => {
  it('finishes a slow in-flight request, refuses new connections, then stops the gateway', async () => {
    const { gateway, http } = await serve({});
    // Twice the bound asserted below: a busy machine may notice the upstream call late.
    upstreams.setFaults([{ service: 'bedrock', latencyMs: 1_000 }]);
    const inFlight = analyze(http.url, '(slow)');
    await untilUpstreamCalled();

    const started = performance.now();
    const closing = http.close();
    // New connections are refused at once, while the slow request is still running.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(fetch(http.url.replace('/graphql', '/health'))).rejects.toThrow();

    const response = await inFlight;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { analyzeDocument: { bedrock: { topic: string; error: string | null } } } };
    expect(body.data.analyzeDocument.bedrock).toMatchObject({ error: null, topic: expect.any(String) });
    await closing;
    expect(performance.now() - started).toBeGreaterThanOrEqual(500);
    await gateway.stop();
  });

  it('does not wait past SHUTDOWN_GRACE_MS for a request that never ends', async () => {
    const { gateway, http } = await serve({ SHUTDOWN_GRACE_MS: '200', BEDROCK_TIMEOUT_MS: '30000' });
    upstreams.setFaults([{ service: 'bedrock', hang: true }]);
    const inFlight = analyze(http.url, '(hung)').then(
      (response) => response.status,
      () => 'connection closed',
    );
    await untilUpstreamCalled();
    const started = performance.now();
    await http.close();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1_500);
    expect(await inFlight).toBe('connection closed');
    await gateway.stop();
  });

  it('stops the gateway by flushing buffered metrics and closing its Redis connections (cache and budgets)', async () => {
    // Prepare: CloudWatch metrics buffered for ten minutes, the result cache and the budgets on one Redis.
    const redis = await startTestRedis();
    const clients = async () =>
      String(await redis.client.call('CLIENT', 'LIST'))
        .trim()
        .split('\n').length;
    try {
      const before = await clients();
      const { gateway, http } = await serve({
        CACHE_ENABLED: 'on',
        CACHE_NAMESPACE: redis.namespace(),
        REDIS_URL: redis.url,
        TENANT_DAILY_BUDGET_USD: '5',
        METRICS_SINKS: 'cloudwatch',
        METRICS_FLUSH_INTERVAL_MS: '600000',
      });
      const response = await analyze(http.url, '(flushed at stop)');
      expect(response.status).toBe(200);
      expect(await clients()).toBeGreaterThan(before);
      expect(upstreams.calls.filter((call) => call.service === 'cloudwatch')).toHaveLength(0);

      // Act
      await http.close();
      await gateway.stop();

      // Assess: the request's metrics reached CloudWatch only through the final flush, and this
      // process (still running) holds no Redis connection any more.
      expect(upstreams.calls.filter((call) => call.service === 'cloudwatch').length).toBeGreaterThan(0);
      await expect.poll(clients, { timeout: 2_000 }).toBe(before);
    } finally {
      await redis.stop();
    }
  });
});
