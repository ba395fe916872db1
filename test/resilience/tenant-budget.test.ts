/** Per-tenant daily budgets: spend from actual cost, routing capped by what is left, refusal when spent; Redis-backed across replicas. */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { MemorySpendStore, RedisSpendStore, TenantBudgets } from '../../src/resilience/tenant-budget.js';
import { CONTRACT } from '../fixtures/documents.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

const ANALYZE = 'query ($input: AnalyzeDocumentInput!) { analyzeDocument(input: $input) { method reasons cost { actualUsd } } }';
const ESTIMATE = 'query ($input: EstimateCostInput!) { estimateCost(input: $input) { methods { method estimatedUsd } } }';

let upstreams: LocalUpstreams;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  upstreams = await startTestUpstreams();
});
afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  await upstreams?.close();
});

describe('tenant budgets in memory', () => {
  it('keeps spend per tenant and per UTC day', async () => {
    let now = new Date('2026-03-01T23:59:00Z');
    const budgets = new TenantBudgets(1, new MemorySpendStore(), () => now);
    await budgets.record('acme', 0.4);
    await budgets.record('acme', 0.3);
    expect(await budgets.remainingUsd('acme')).toBeCloseTo(0.3);
    expect(await budgets.remainingUsd('globex')).toBe(1);
    now = new Date('2026-03-02T00:01:00Z');
    expect(await budgets.remainingUsd('acme')).toBe(1);
  });

  it('downgrades an expensive method to fit what is left, says why, and refuses once the budget is spent', async () => {
    const plain = await startTestGateway({ CACHE_ENABLED: 'off' }, upstreams);
    gateways.push(plain);
    const estimate = await plain.query<
      { estimateCost: { methods: Array<{ method: string; estimatedUsd: number }> } },
      { input: Record<string, unknown> }
    >(ESTIMATE, {
      input: { content: CONTRACT, documentType: 'LEGAL' },
    });
    const cost = Object.fromEntries(estimate.data!.estimateCost.methods.map((m) => [m.method, m.estimatedUsd]));
    // Enough for SageMaker alone, not for both models.
    const daily = (cost.SAGEMAKER_ONLY! + cost.HYBRID!) / 2;
    const gateway = await startTestGateway({ CACHE_ENABLED: 'off', TENANT_DAILY_BUDGET_USD: String(daily) }, upstreams);
    gateways.push(gateway);

    const first = await gateway.query<{ analyzeDocument: { method: string; reasons: string[] } }, { input: Record<string, unknown> }>(
      ANALYZE,
      {
        input: { content: CONTRACT, documentType: 'LEGAL', accuracy: 'HIGH' },
      },
    );
    expect(first.errors).toBeUndefined();
    expect(first.data!.analyzeDocument.method).not.toBe('HYBRID');
    expect(first.data!.analyzeDocument.reasons[0]).toMatch(/tenant anonymous has \$[\d.]+ left of its daily budget/);

    // An explicitly requested expensive architecture is refused rather than downgraded.
    const parallel = await gateway.query(ANALYZE, {
      input: { content: `${CONTRACT} (parallel)`, documentType: 'LEGAL', architecture: 'PARALLEL' },
    });
    expect(parallel.errors?.[0]?.extensions).toMatchObject({ code: 'BUDGET_EXCEEDED', cheapestMethod: 'HYBRID' });
    expect(upstreams.calls.filter((call) => call.service === 'bedrock')).toHaveLength(0);
  });

  it('refuses every analysis once the day`s budget is spent (BUDGET_EXCEEDED, scope tenantDaily)', async () => {
    const gateway = await startTestGateway({ CACHE_ENABLED: 'off', TENANT_DAILY_BUDGET_USD: '0' }, upstreams);
    gateways.push(gateway);
    upstreams.resetCalls();
    const { errors } = await gateway.query(ANALYZE, { input: { content: CONTRACT, documentType: 'LEGAL' } });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BUDGET_EXCEEDED', scope: 'tenantDaily' });
    expect(upstreams.calls).toHaveLength(0);
  });
});

describe('tenant budgets in Redis', () => {
  let redis: TestRedis;
  let url: string;

  // Our own redis-server on a free port (or REDIS_URL), ready before the first test.
  beforeAll(async () => {
    redis = await startTestRedis();
    url = redis.url;
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('shares spend between replicas (two stores on one Redis)', async () => {
    const log = pino({ level: 'silent' });
    const a = new TenantBudgets(2, new RedisSpendStore(url, log));
    const b = new TenantBudgets(2, new RedisSpendStore(url, log));
    // A tenant of this run only: a shared REDIS_URL keeps the day's spend between runs.
    const tenant = `acme-${redis.namespace()}`;
    try {
      await a.record(tenant, 0.5);
      await b.record(tenant, 0.25);
      expect(await a.remainingUsd(tenant)).toBeCloseTo(1.25);
      expect(await b.remainingUsd(tenant)).toBeCloseTo(1.25);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('falls back to memory when Redis is unreachable, without failing', async () => {
    const budgets = new TenantBudgets(1, new RedisSpendStore('redis://127.0.0.1:1', pino({ level: 'silent' })));
    await budgets.record('acme', 0.25);
    expect(await budgets.remainingUsd('acme')).toBeCloseTo(0.75);
    await budgets.close();
  });
});
