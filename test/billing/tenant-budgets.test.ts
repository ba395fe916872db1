/** Per-tenant daily budgets: reservations settled to actual cost, routing capped by what is left, refusal when spent; Redis-backed across replicas. */

import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSpendStore } from '../../src/billing/redis-spend.store.js';
import { MemorySpendStore } from '../../src/billing/spend.store.js';
import { type Reservation, TenantBudgets } from '../../src/billing/tenant-budgets.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { CONTRACT } from '../fixtures/documents.js';
import { spentSince } from '../support/budget-spend.js';
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
  it('keeps spend per tenant and per UTC day, counting reservations in flight as spent until settled', async () => {
    let now = new Date('2026-03-01T23:59:00Z');
    const budgets = new TenantBudgets({ dailyUsd: 1, namespace: 'ns', store: new MemorySpendStore(() => now.getTime()), now: () => now });
    const first = (await budgets.reserve('acme', 0.4)) as Reservation;
    const second = (await budgets.reserve('acme', 0.5)) as Reservation;
    expect(await budgets.remainingUsd('acme')).toBeCloseTo(0.1, 9);
    // 0.4 + 0.5 reserved: 0.2 more does not fit, whatever the first two end up costing.
    expect(await budgets.reserve('acme', 0.2)).toMatchObject({ kind: 'refused', limitUsd: 1, requestedUsd: 0.2 });
    await first.settle(0.3);
    await second.release();
    await second.settle(0.5);
    expect(await budgets.totalsUsd('acme')).toEqual({ spentUsd: 0.3, reservedUsd: 0 });
    expect(await budgets.remainingUsd('acme')).toBeCloseTo(0.7, 9);
    expect(await budgets.remainingUsd('globex')).toBe(1);
    now = new Date('2026-03-02T00:01:00Z');
    expect(await budgets.remainingUsd('acme')).toBe(1);
    expect(budgets.keyFor('acme')).toMatch(/^ns:budget:2026-03-02:[0-9a-f]{64}$/);
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

  const log = pino({ level: 'silent' });
  const replica = (namespace: string) =>
    new TenantBudgets({
      dailyUsd: 2,
      namespace,
      store: new RedisSpendStore({ client: new Redis(url), ownsClient: true, timeoutMs: 2_000, log }),
    });

  it('shares spend between replicas (two stores on one Redis)', async () => {
    const namespace = redis.namespace();
    const a = replica(namespace);
    const b = replica(namespace);
    try {
      await ((await a.reserve('acme', 0.75)) as Reservation).settle(0.5);
      await ((await b.reserve('acme', 0.25)) as Reservation).settle(0.25);
      expect(await a.remainingUsd('acme')).toBeCloseTo(1.25, 9);
      expect(await b.remainingUsd('acme')).toBeCloseTo(1.25, 9);
      expect(await redis.client.hgetall(a.keyFor('acme'))).toEqual({ spent: '750000000', reserved: '0' });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps spend in Redis under CACHE_NAMESPACE even with the result cache off (a connection from the same settings)', async () => {
    const namespace = redis.namespace();
    const gateway = await startTestGateway(
      { CACHE_ENABLED: 'off', REDIS_URL: url, CACHE_NAMESPACE: namespace, TENANT_DAILY_BUDGET_USD: '1', JOB_WORKER_CONCURRENCY: '0' },
      upstreams,
    );
    gateways.push(gateway);
    const since = new Date();

    const { data, errors } = await gateway.query<{ analyzeDocument: { cost: { actualUsd: number } } }, { input: Record<string, unknown> }>(
      ANALYZE,
      { input: { content: `${CONTRACT} (cache off)`, documentType: 'LEGAL', architecture: 'DECISION_TREE' } },
    );

    expect(errors).toBeUndefined();
    // Job queues share the namespace (and may leave their own keys there); spend is one key of its own.
    const keys = (await redis.client.keys(`${namespace}:*`)).filter((key) => !/:(bull|jobs):/.test(key));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${namespace}:budget:`));
    expect(await spentSince(gateway.gateway.budgets!, 'anonymous', since)).toBeCloseTo(data!.analyzeDocument.cost.actualUsd, 8);
  });

  it('falls back to memory when Redis is unreachable, without failing', async () => {
    const client = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
    client.on('error', () => undefined);
    const budgets = new TenantBudgets({
      dailyUsd: 1,
      namespace: 'ns',
      store: new RedisSpendStore({ client, ownsClient: true, timeoutMs: 200, log }),
    });
    await ((await budgets.reserve('acme', 0.5)) as Reservation).settle(0.25);
    expect(await budgets.remainingUsd('acme')).toBeCloseTo(0.75, 9);
    await budgets.close();
  });
});
