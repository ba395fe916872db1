/**
 * The tenant an API key maps to scopes what the gateway keeps: cached results (one tenant never gets
 * another's analysis), the daily budget in Redis (one key per tenant and day, under CACHE_NAMESPACE) and the metrics (a
 * tenant label when METRICS_TENANT_DIMENSION is on). Real server, real Redis, real local AWS services.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/digest.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { ENCYCLOPEDIA } from '../fixtures/documents.js';
import { spentSince } from '../support/budget-spend.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

const ANALYZE = 'query ($input: AnalyzeDocumentInput!) { analyzeDocument(input: $input) { method cost { actualUsd } } }';

// Unique per run: an external REDIS_URL may be shared.
const run = randomUUID().slice(0, 8);
const ACME = `acme-${run}`;
const GLOBEX = `globex-${run}`;

let upstreams: LocalUpstreams;
let redis: TestRedis;
let gateway: TestGateway;
let namespace: string;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  redis = await startTestRedis();
  namespace = redis.namespace();
  gateway = await startTestGateway(
    {
      ALLOW_ANONYMOUS: 'off',
      API_KEYS: `${ACME}:${sha256Hex('acme-key')},${GLOBEX}:${sha256Hex('globex-key')}`,
      REDIS_URL: redis.url,
      CACHE_NAMESPACE: namespace,
      // The repeat must be a cache hit: a lookup over the default 50 ms bound (a busy machine) is a miss.
      CACHE_TIMEOUT_MS: '2000',
      TENANT_DAILY_BUDGET_USD: '1',
      METRICS_SINKS: 'prometheus',
      METRICS_TENANT_DIMENSION: 'on',
    },
    upstreams,
  );
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.close();
  await redis?.stop();
});
beforeEach(() => upstreams.resetCalls());

function analyze(key: string) {
  return gateway.query<{ analyzeDocument: { method: string; cost: { actualUsd: number | null } } }, { input: Record<string, unknown> }>(
    ANALYZE,
    { input: { content: `${ENCYCLOPEDIA} (${run})`, documentType: 'GENERAL', architecture: 'DECISION_TREE' } },
    { 'x-api-key': key },
  );
}

const bedrockCalls = () => upstreams.calls.filter((call) => call.service === 'bedrock').length;
const spent = (tenant: string, since: Date) => spentSince(gateway.gateway.budgets!, tenant, since);

describe('tenant scoping', () => {
  it('keeps cached results, budgets and metrics apart per tenant', async () => {
    // Act: acme analyses a document twice, then globex analyses the same document.
    const started = new Date();
    const first = await analyze('acme-key');
    const firstCalls = bedrockCalls();
    upstreams.resetCalls();
    const repeat = await analyze('acme-key');
    const repeatCalls = bedrockCalls();
    upstreams.resetCalls();
    const other = await analyze('globex-key');
    const otherCalls = bedrockCalls();

    // Assess: cache. acme's repeat is served from its cache; globex's identical document is not.
    for (const response of [first, repeat, other]) {
      expect(response.errors).toBeUndefined();
      expect(response.data!.analyzeDocument.method).toBe('BEDROCK_ONLY');
    }
    expect([firstCalls, repeatCalls, otherCalls]).toEqual([1, 0, 1]);

    // Budgets: one Redis key per tenant and UTC day under the namespace, holding that tenant's actual
    // spend (settled before the answer, in nano-USD rounded up); the cache hit cost acme nothing.
    expect(await spent(ACME, started)).toBeCloseTo(first.data!.analyzeDocument.cost.actualUsd!, 8);
    expect(await spent(GLOBEX, started)).toBeGreaterThan(0);
    expect(await spent('anonymous', started)).toBe(0);
    const keys = await redis.client.keys(`${namespace}:budget:*`);
    expect(keys).toHaveLength(2);
    expect(keys.join()).not.toContain(run);

    // Metrics: requests and cost carry the tenant as a label.
    const scraped = await (await fetch(gateway.metricsUrl!)).text();
    expect(scraped).toMatch(new RegExp(`gateway_requests_total\\{[^}]*tenant="${ACME}"[^}]*\\} 2`));
    expect(scraped).toMatch(new RegExp(`gateway_requests_total\\{[^}]*tenant="${GLOBEX}"[^}]*\\} 1`));
    expect(scraped).toMatch(new RegExp(`gateway_actual_cost_usd_total\\{[^}]*tenant="${GLOBEX}"`));
  });
});
