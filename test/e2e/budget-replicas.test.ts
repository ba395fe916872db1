/**
 * Two gateway processes (replicas) sharing one real Redis: their concurrent analyses for one tenant
 * never together spend more than the tenant's daily budget, because every upstream call reserves on
 * the same key with the same atomic script. Real child processes (`src/main.ts`), real local AWS
 * services in this process (so every model call of both replicas is counted), real Redis.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSpendStore } from '../../src/billing/redis-spend.store.js';
import { TenantBudgets } from '../../src/billing/tenant-budgets.js';
import { loadConfig } from '../../src/config/config.load.js';
import { sha256Hex } from '../../src/digest.js';
import { DocumentType } from '../../src/domain.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { costSettingsFor } from '../../src/pipeline/cost-settings.js';
import { estimateMethodCosts } from '../../src/routing/cost-model.js';
import { ENCYCLOPEDIA } from '../fixtures/documents.js';
import { budgetTotalsSince } from '../support/budget-spend.js';
import { readyUrl } from '../support/ready-url.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startTestUpstreams, upstreamCallsTo } from '../support/test-gateway.js';

const root = new URL('../../', import.meta.url).pathname;
const run = randomUUID().slice(0, 8);
const TENANT = `acme-${run}`;
const KEY = `key-${run}`;
const REQUESTS_PER_REPLICA = 20;
const ROUNDING_USD = 1e-7;

interface Answer {
  data?: { analyzeDocument: { cost: { actualUsd: number | null }; bedrock: { error: string | null } } | null } | null;
  errors?: Array<{ path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

let upstreams: LocalUpstreams;
let redis: TestRedis;
let namespace: string;
const replicas: ChildProcess[] = [];
const urls: string[] = [];
let budgetUsd: number;

function startReplica(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  replicas.push(child);
  return child;
}

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  redis = await startTestRedis();
  namespace = redis.namespace();
  // Ten estimates of one document: a handful of calls fit (each reserves its most, above the estimate).
  const settings = costSettingsFor(loadConfig({}), DocumentType.GENERAL);
  budgetUsd = 10 * estimateMethodCosts(ENCYCLOPEDIA, settings).methods[0]!.estimatedUsd;
  const env = {
    PORT: '0',
    LOCAL_UPSTREAMS: 'off',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDREPLICATEST',
    AWS_SECRET_ACCESS_KEY: 'replica-test-secret',
    AWS_ENDPOINT_URL: upstreams.url,
    ALLOW_ANONYMOUS: 'off',
    API_KEYS: `${TENANT}:${sha256Hex(KEY)}`,
    REDIS_URL: redis.url,
    CACHE_NAMESPACE: namespace,
    TENANT_DAILY_BUDGET_USD: String(budgetUsd),
    METRICS_SINKS: 'none',
  };
  const children = [startReplica(env), startReplica(env)];
  urls.push(...(await Promise.all(children.map((child) => readyUrl(child, 60_000)))));
}, 90_000);

afterAll(async () => {
  await Promise.all(
    replicas.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    }),
  );
  await upstreams?.close();
  await redis?.stop();
});

describe('budgets across replicas', () => {
  it('two gateway processes on one Redis never together spend more than the budget', async () => {
    // Prepare: 20 distinct documents per replica, all sent at once.
    upstreams.resetCalls();
    const since = new Date();
    const query = 'query ($input: AnalyzeDocumentInput!) { analyzeDocument(input: $input) { cost { actualUsd } bedrock { error } } }';

    // Act
    const answers = await Promise.all(
      urls.flatMap((url, replica) =>
        Array.from({ length: REQUESTS_PER_REPLICA }, (_, i) =>
          post(url, query, {
            input: {
              content: `${ENCYCLOPEDIA} (replica ${replica}, copy ${i}, run ${run})`,
              documentType: 'GENERAL',
              architecture: 'DECISION_TREE',
            },
          }),
        ),
      ),
    );

    // Assess: each analysis ran or was refused with BUDGET_EXCEEDED; the ones that ran cost at most the budget.
    let spent = 0;
    let ran = 0;
    for (const answer of answers) {
      const analysis = answer.data?.analyzeDocument;
      if (analysis && analysis.bedrock.error === null) {
        expect(answer.errors).toBeUndefined();
        ran++;
        spent += analysis.cost.actualUsd!;
      } else {
        expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['BUDGET_EXCEEDED']);
      }
    }
    expect(ran).toBeGreaterThan(0);
    expect(ran).toBeLessThan(answers.length);
    expect(spent).toBeLessThanOrEqual(budgetUsd);
    expect(upstreamCallsTo(upstreams, 'bedrock')).toHaveLength(ran);

    // The shared store booked exactly that, and holds nothing more.
    const client = new Redis(redis.url);
    const budgets = new TenantBudgets({
      dailyUsd: budgetUsd,
      namespace,
      store: new RedisSpendStore({ client, ownsClient: true, timeoutMs: 5_000, log: pino({ level: 'silent' }) }),
    });
    try {
      const stored = await budgetTotalsSince(budgets, TENANT, since);
      expect(stored.spentUsd).toBeLessThanOrEqual(budgetUsd);
      expect(Math.abs(stored.spentUsd - spent)).toBeLessThan(ROUNDING_USD);
      expect(stored.reservedUsd).toBe(0);
    } finally {
      await budgets.close();
    }
  });
});
