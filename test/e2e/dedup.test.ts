/** De-duplication in flight: concurrent identical requests across two gateways sharing one Redis make one upstream call per side. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { CONTRACT } from '../fixtures/documents.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startTestGateway, startTestUpstreams, type TestGateway, upstreamCallsTo } from '../support/test-gateway.js';

interface Analysis {
  bedrock: { cached: boolean; error: string | null } | null;
  sagemaker: { cached: boolean; error: string | null } | null;
  cost: { actualUsd: number | null };
}

let upstreams: LocalUpstreams;
let redis: TestRedis;
let replicas: TestGateway[];

beforeAll(async () => {
  [upstreams, redis] = await Promise.all([startTestUpstreams(), startTestRedis()]);
  // A generous bound: under a loaded test run a 50 ms cache call can time out, and failing open then
  // (rightly) calls upstream, which is not what this file measures.
  const env = { REDIS_URL: redis.url, CACHE_NAMESPACE: redis.namespace(), CACHE_TIMEOUT_MS: '2000' };
  replicas = await Promise.all([startTestGateway(env, upstreams), startTestGateway(env, upstreams)]);
});
afterAll(async () => {
  await Promise.all((replicas ?? []).map((replica) => replica.close()));
  await upstreams?.close();
  await redis?.stop();
});
beforeEach(() => {
  upstreams.resetCalls();
  for (const replica of replicas) replica.gateway.counters.reset();
});

const analyze = (content: string) =>
  `{ analyzeDocument(input: {content: ${JSON.stringify(content)}, documentType: LEGAL, architecture: PARALLEL}) {
      bedrock { cached error } sagemaker { cached error } cost { actualUsd } } }`;

const callsTo = (service: 'bedrock' | 'sagemaker') => upstreamCallsTo(upstreams, service);

const total = (pick: (replica: TestGateway) => number) => replicas.reduce((sum, replica) => sum + pick(replica), 0);

describe('de-duplication in flight', () => {
  it('answers 100 concurrent identical requests over 2 gateways with exactly 1 Bedrock call and 1 SageMaker call', async () => {
    const content = `${CONTRACT}\n\nDedup run ${Date.now()}.`;
    // Slow upstreams, so that all 100 requests arrive while the first call is still running.
    upstreams.setFaults([
      { service: 'bedrock', latencyMs: 400 },
      { service: 'sagemaker', latencyMs: 400 },
    ]);

    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => replicas[i % 2]!.query<{ analyzeDocument: Analysis }, never>(analyze(content))),
    );
    upstreams.setFaults([]);

    expect(responses.every((response) => response.errors === undefined)).toBe(true);
    expect(callsTo('bedrock')).toHaveLength(1);
    expect(callsTo('sagemaker')).toHaveLength(1);
    const results = responses.map((response) => response.data!.analyzeDocument);
    // One request paid for each side; the other 99 were served by its call (waited, or found it cached).
    expect(results.filter((result) => !result.bedrock!.cached)).toHaveLength(1);
    expect(results.filter((result) => !result.sagemaker!.cached)).toHaveLength(1);
    expect(results.filter((result) => (result.cost.actualUsd ?? 0) > 0).length).toBeLessThanOrEqual(2);
    expect(total((replica) => replica.gateway.counters.snapshot().upstreamCalls.bedrock)).toBe(1);
    expect(total((replica) => replica.gateway.counters.snapshot().upstreamCalls.sagemaker)).toBe(1);
    for (const side of ['bedrock', 'sagemaker'] as const) {
      const served = total((replica) => {
        const counters = replica.gateway.counters.snapshot();
        return counters.coalescedWaits[side] + counters.cacheHits[side];
      });
      expect(served).toBe(99);
    }
    // Both gateways waited on a call they did not make, not just the one that made it.
    expect(replicas.every((replica) => replica.gateway.counters.snapshot().coalescedWaits.bedrock > 0)).toBe(true);
  });

  it('does not share a failed call: once the fault clears, the next request calls again', async () => {
    const content = `${CONTRACT}\n\nDedup failure run ${Date.now()}.`;
    upstreams.setFaults([{ service: 'bedrock', errorType: 'ValidationException', latencyMs: 200 }]);

    const failed = await Promise.all(
      Array.from({ length: 10 }, (_, i) => replicas[i % 2]!.query<{ analyzeDocument: Analysis }, never>(analyze(content))),
    );
    upstreams.setFaults([]);
    const later = await replicas[0]!.query<{ analyzeDocument: Analysis }, never>(analyze(content));

    expect(failed.every((response) => response.data!.analyzeDocument.bedrock!.error !== null)).toBe(true);
    expect(later.data!.analyzeDocument.bedrock!.error).toBeNull();
    expect(later.data!.analyzeDocument.bedrock!.cached).toBe(false);
  });
});
