/**
 * A tenant's daily budget is reserved before each upstream call and settled to the actual cost after
 * it, so neither the aliases of one request nor concurrent requests can together spend more than it.
 * Real gateways over HTTP, real Redis, real local AWS services (with their fault injection).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { CONTRACT, ENCYCLOPEDIA } from '../fixtures/documents.js';
import { budgetTotalsSince } from '../support/budget-spend.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { type GraphQLResponse, startTestGateway, startTestUpstreams, type TestGateway, upstreamCallsTo } from '../support/test-gateway.js';

interface Analysis {
  method: string;
  cost: { actualUsd: number | null; estimatedUsd: number };
  bedrock: { error: string | null } | null;
  sagemaker: { error: string | null } | null;
}

const FIELDS = 'method cost { actualUsd estimatedUsd } bedrock { error } sagemaker { error }';
const ANALYZE = `query ($input: AnalyzeDocumentInput!) { analyzeDocument(input: $input) { ${FIELDS} } }`;
const ESTIMATE = 'query ($input: EstimateCostInput!) { estimateCost(input: $input) { methods { method estimatedUsd } } }';
const TENANT = 'anonymous';
// The most a sum of per-call costs, each booked in nano-USD rounded up, can differ from the plain sum.
const ROUNDING_USD = 1e-7;

const run = randomUUID().slice(0, 8);
const encyclopedia = (i: number) => `${ENCYCLOPEDIA} (copy ${i} of run ${run})`;

let upstreams: LocalUpstreams;
let redis: TestRedis;
const gateways: TestGateway[] = [];
/** What each method is estimated to cost for one copy of the encyclopedia article. */
let estimate: Record<string, number>;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  redis = await startTestRedis();
  const plain = await gatewayWith({});
  estimate = await estimateOf(plain, encyclopedia(0), 'GENERAL');
});
afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  await upstreams?.close();
  await redis?.stop();
});
beforeEach(() => {
  upstreams.setFaults([]);
  upstreams.resetCalls();
});

async function gatewayWith(env: Record<string, string>): Promise<TestGateway> {
  const gateway = await startTestGateway(
    { REDIS_URL: redis.url, CACHE_NAMESPACE: redis.namespace(), CACHE_TIMEOUT_MS: '2000', JOB_WORKER_CONCURRENCY: '0', ...env },
    upstreams,
  );
  gateways.push(gateway);
  return gateway;
}

async function estimateOf(gateway: TestGateway, content: string, documentType: string): Promise<Record<string, number>> {
  const response = await gateway.query<
    { estimateCost: { methods: Array<{ method: string; estimatedUsd: number }> } },
    { input: Record<string, unknown> }
  >(ESTIMATE, { input: { content, documentType } });
  return Object.fromEntries(response.data!.estimateCost.methods.map((method) => [method.method, method.estimatedUsd]));
}

const totals = (gateway: TestGateway, since: Date) => budgetTotalsSince(gateway.gateway.budgets!, TENANT, since);

type Outcome = { kind: 'ran'; actualUsd: number } | { kind: 'refused' };

/**
 * Each analysis ran (no error, a cost), or was refused with BUDGET_EXCEEDED (scope tenantDaily): on its
 * Bedrock path when its reservation failed, on its own path when what was left no longer fit at routing.
 */
function outcomeOf(
  analysis: Analysis | null | undefined,
  errors: GraphQLResponse<unknown>['errors'],
  path: Array<string | number>,
): Outcome {
  const own = (errors ?? []).filter((error) => JSON.stringify(error.path?.slice(0, path.length)) === JSON.stringify(path));
  if (!analysis) {
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ path, extensions: { code: 'BUDGET_EXCEEDED', scope: 'tenantDaily' } });
    return { kind: 'refused' };
  }
  if (analysis.bedrock?.error === null) {
    expect(own).toEqual([]);
    expect(analysis.cost.actualUsd).toBeGreaterThan(0);
    return { kind: 'ran', actualUsd: analysis.cost.actualUsd! };
  }
  expect(own).toHaveLength(1);
  expect(own[0]).toMatchObject({
    path: [...path, 'bedrock'],
    extensions: { code: 'BUDGET_EXCEEDED', scope: 'tenantDaily', service: 'bedrock' },
  });
  expect(analysis.cost.actualUsd).toBe(0);
  return { kind: 'refused' };
}

function assessInvariant(outcomes: Outcome[], budgetUsd: number, stored: { spentUsd: number; reservedUsd: number }): void {
  const ran = outcomes.filter((outcome) => outcome.kind === 'ran');
  const spent = ran.reduce((sum, outcome) => sum + outcome.actualUsd, 0);
  // Some ran, some were refused: the budget was the limit, not the number of documents.
  expect(ran.length).toBeGreaterThan(0);
  expect(ran.length).toBeLessThan(outcomes.length);
  // What the answers report, what the store booked, and the budget agree.
  expect(spent).toBeLessThanOrEqual(budgetUsd);
  expect(stored.spentUsd).toBeLessThanOrEqual(budgetUsd);
  expect(Math.abs(stored.spentUsd - spent)).toBeLessThan(ROUNDING_USD);
  expect(stored.reservedUsd).toBe(0);
  // A refused analysis made no call.
  expect(upstreamCallsTo(upstreams, 'bedrock')).toHaveLength(ran.length);
}

describe('tenant budget reservations', () => {
  it('one request with 100 aliases of distinct documents never spends more than the budget', async () => {
    // Prepare: a budget of ten estimates; each call reserves its most (the full output cap), more than that.
    const budgetUsd = 10 * estimate.BEDROCK_ONLY!;
    const gateway = await gatewayWith({ TENANT_DAILY_BUDGET_USD: String(budgetUsd) });
    const aliases = Array.from(
      { length: 100 },
      (_, i) =>
        `a${i}: analyzeDocument(input: { content: ${JSON.stringify(encyclopedia(i + 1))}, documentType: GENERAL, architecture: DECISION_TREE }) { ${FIELDS} }`,
    );
    const since = new Date();

    // Act
    const response = await gateway.query<Record<string, Analysis>, never>(`{ ${aliases.join('\n')} }`);

    // Assess
    expect(response.status).toBe(200);
    const outcomes = Array.from({ length: 100 }, (_, i) => outcomeOf(response.data?.[`a${i}`], response.errors, [`a${i}`]));
    assessInvariant(outcomes, budgetUsd, await totals(gateway, since));
  });

  it('40 concurrent requests against one gateway never spend more than the budget', async () => {
    const budgetUsd = 10 * estimate.BEDROCK_ONLY!;
    const gateway = await gatewayWith({ TENANT_DAILY_BUDGET_USD: String(budgetUsd) });
    const since = new Date();

    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        gateway.query<{ analyzeDocument: Analysis }, { input: Record<string, unknown> }>(ANALYZE, {
          input: { content: encyclopedia(200 + i), documentType: 'GENERAL', architecture: 'DECISION_TREE' },
        }),
      ),
    );

    const outcomes = responses.map((response) => outcomeOf(response.data?.analyzeDocument, response.errors, ['analyzeDocument']));
    assessInvariant(outcomes, budgetUsd, await totals(gateway, since));
  });

  it('STAGED keeps the Bedrock result when the SageMaker stage no longer fits, reporting BUDGET_EXCEEDED on its path', async () => {
    // Prepare: SageMaker priced far above Bedrock. The budget fits one HYBRID estimate and both Bedrock
    // first passes, but after those only one of the two SageMaker stages.
    const bedrockUsd = (await estimateOf(gateways[0]!, CONTRACT, 'LEGAL')).BEDROCK_ONLY!;
    const sagemakerUsd = 100 * bedrockUsd;
    const budgetUsd = sagemakerUsd + 8 * bedrockUsd;
    const gateway = await gatewayWith({ TENANT_DAILY_BUDGET_USD: String(budgetUsd), SAGEMAKER_PER_CALL_USD: String(sagemakerUsd) });
    const staged = (i: number) =>
      `s${i}: analyzeDocument(input: { content: ${JSON.stringify(`${CONTRACT} (${i} ${run})`)}, documentType: LEGAL, architecture: STAGED }) { ${FIELDS} }`;
    const since = new Date();

    // Act
    const response = await gateway.query<Record<string, Analysis>, never>(`{ ${staged(1)} ${staged(2)} }`);

    // Assess: both first passes stand; exactly one deep analysis ran, the other was refused on its own path.
    expect(response.status).toBe(200);
    const analyses = [response.data!.s1!, response.data!.s2!];
    for (const analysis of analyses) expect(analysis.bedrock!.error).toBeNull();
    const deep = analyses.filter((analysis) => analysis.sagemaker!.error === null);
    expect(deep).toHaveLength(1);
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ extensions: { code: 'BUDGET_EXCEEDED', scope: 'tenantDaily', service: 'sagemaker' } });
    expect(response.errors![0]!.path?.[1]).toBe('sagemaker');
    expect(upstreamCallsTo(upstreams, 'sagemaker')).toHaveLength(1);
    const spent = analyses.reduce((sum, analysis) => sum + analysis.cost.actualUsd!, 0);
    const stored = await totals(gateway, since);
    expect(stored.spentUsd).toBeLessThanOrEqual(budgetUsd);
    expect(Math.abs(stored.spentUsd - spent)).toBeLessThan(ROUNDING_USD);
    expect(stored.reservedUsd).toBe(0);
  });
});

/** How many times Redis ran each command (INFO commandstats): the budget reads with HMGET and reserves with EVALSHA. */
async function commandCalls(): Promise<Record<string, number>> {
  const info = String(await redis.client.info('commandstats'));
  return Object.fromEntries([...info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)].map((match) => [match[1]!, Number(match[2])]));
}

describe('reading the budget', () => {
  it('reads and reserves only for an analysis that calls upstream, never for estimates or introspection', async () => {
    // Prepare: a gateway of its own on this file's Redis (nothing else uses these commands meanwhile).
    const gateway = await gatewayWith({ TENANT_DAILY_BUDGET_USD: '1' });
    const before = await commandCalls();

    // Act: requests that analyse nothing.
    await estimateOf(gateway, encyclopedia(400), 'GENERAL');
    await gateway.query('{ __schema { queryType { name } } }');
    const idle = await commandCalls();
    const input = { content: encyclopedia(401), documentType: 'GENERAL', architecture: 'DECISION_TREE' };
    const { errors } = await gateway.query(ANALYZE, { input });
    const analysed = await commandCalls();

    // Assess
    expect(errors).toBeUndefined();
    expect([idle.hmget ?? 0, idle.evalsha ?? 0]).toEqual([before.hmget ?? 0, before.evalsha ?? 0]);
    // One read for routing; a reservation and its settlement (EVALSHA, or EVAL the first time a script runs).
    expect((analysed.hmget ?? 0) - (idle.hmget ?? 0)).toBe(1);
    const scripts = (calls: Record<string, number>) => (calls.evalsha ?? 0) + (calls.eval ?? 0);
    expect(scripts(analysed) - scripts(idle)).toBeGreaterThanOrEqual(2);
  });
});

describe('settling a reservation', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await gatewayWith({ TENANT_DAILY_BUDGET_USD: '1' });
  });

  it('holds the call`s most while it runs, then books its actual cost, not the estimate', async () => {
    // Prepare: Bedrock answers after a delay, so the reservation can be seen while the call runs.
    upstreams.setFaults([{ service: 'bedrock', latencyMs: 1500 }]);
    const since = new Date();

    // Act
    const pending = gateway.query<{ analyzeDocument: Analysis }, { input: Record<string, unknown> }>(ANALYZE, {
      input: { content: encyclopedia(300), documentType: 'GENERAL', architecture: 'DECISION_TREE' },
    });
    let held = 0;
    while (held === 0) {
      held = (await totals(gateway, since)).reservedUsd;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const { data, errors } = await pending;

    // Assess: the hold was the call's most (more than the estimate); the booking is the actual cost.
    expect(errors).toBeUndefined();
    const { actualUsd, estimatedUsd } = data!.analyzeDocument.cost;
    expect(held).toBeGreaterThan(estimatedUsd);
    const stored = await totals(gateway, since);
    expect(stored.reservedUsd).toBe(0);
    expect(Math.abs(stored.spentUsd - actualUsd!)).toBeLessThan(1e-9 + Number.EPSILON);
    expect(stored.spentUsd).not.toBeCloseTo(estimatedUsd, 9);
  });

  it('concurrent identical analyses make one call and book it once: de-duplication followers reserve nothing', async () => {
    const since = new Date();
    const input = { content: encyclopedia(302), documentType: 'GENERAL', architecture: 'DECISION_TREE' };
    upstreams.setFaults([{ service: 'bedrock', latencyMs: 300 }]);
    const before = await totals(gateway, since);

    const responses = await Promise.all(
      Array.from({ length: 5 }, () => gateway.query<{ analyzeDocument: Analysis }, { input: Record<string, unknown> }>(ANALYZE, { input })),
    );

    const costs = responses.map((response) => response.data!.analyzeDocument.cost.actualUsd!);
    expect(upstreamCallsTo(upstreams, 'bedrock')).toHaveLength(1);
    expect(costs.filter((cost) => cost > 0)).toHaveLength(1);
    const stored = await totals(gateway, since);
    expect(Math.abs(stored.spentUsd - before.spentUsd - Math.max(...costs))).toBeLessThan(ROUNDING_USD);
    expect(stored.reservedUsd).toBe(0);
  });

  it('a cache hit reserves nothing and costs nothing', async () => {
    const since = new Date();
    const input = { content: encyclopedia(301), documentType: 'GENERAL', architecture: 'DECISION_TREE' };
    await gateway.query(ANALYZE, { input });
    const before = await totals(gateway, since);
    upstreams.resetCalls();

    const { data, errors } = await gateway.query<{ analyzeDocument: Analysis }, { input: Record<string, unknown> }>(ANALYZE, { input });

    expect(errors).toBeUndefined();
    expect(data!.analyzeDocument.cost.actualUsd).toBe(0);
    expect(upstreamCallsTo(upstreams, 'bedrock')).toHaveLength(0);
    expect(await totals(gateway, since)).toEqual(before);
  });

  it('releases the reservation of a failed call (Bedrock throttled, SageMaker model error)', async () => {
    const since = new Date();
    const before = await totals(gateway, since);
    upstreams.setFaults([
      { service: 'bedrock', errorType: 'ThrottlingException' },
      { service: 'sagemaker', errorType: 'ModelError' },
    ]);

    const response = await gateway.query<{ analyzeDocument: Analysis }, { input: Record<string, unknown> }>(ANALYZE, {
      input: { content: `${CONTRACT} (failing ${run})`, documentType: 'LEGAL', architecture: 'PARALLEL' },
    });

    // Assess: both sides failed upstream (not for budget), and the store holds exactly what it held before.
    expect(response.errors?.map((error) => error.extensions?.code).sort()).toEqual(['UPSTREAM_MODEL_ERROR', 'UPSTREAM_THROTTLED']);
    expect(upstreamCallsTo(upstreams, 'bedrock').length).toBeGreaterThan(0);
    expect(upstreamCallsTo(upstreams, 'sagemaker').length).toBeGreaterThan(0);
    expect(await totals(gateway, since)).toEqual(before);
  });
});
