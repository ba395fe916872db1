/**
 * A job's life on BullMQ and Redis, with the workers inside the gateway: idempotent submit, cancel,
 * a budget that stops a job, tenant isolation, and fairness between a large and a small job.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import {
  ACME,
  allResults,
  CANCEL,
  GLOBEX,
  type JobView,
  jobDocuments,
  readJob,
  sagemakerDocuments,
  submitJob,
  TWO_TENANTS,
  waitForJob,
} from '../support/jobs.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

describe('analysis job lifecycle', () => {
  let redis: TestRedis;
  let upstreams: LocalUpstreams;
  let gateway: TestGateway;

  beforeEach(() => upstreams?.setFaults([{ service: 'sagemaker', latencyMs: 30 }]));

  beforeAll(async () => {
    redis = await startTestRedis();
    upstreams = await startTestUpstreams();
    upstreams.setFaults([{ service: 'sagemaker', latencyMs: 30 }]);
    // One chunk at a time: the order chunks run in is the order the queue hands them out.
    gateway = await startTestGateway(
      {
        ...TWO_TENANTS,
        REDIS_URL: redis.url,
        CACHE_NAMESPACE: redis.namespace(),
        JOB_WORKER_CONCURRENCY: '1',
        JOB_CHUNK_SIZE: '5',
        METRICS_SINKS: 'none',
      },
      upstreams,
    );
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await upstreams?.close();
    await redis?.stop();
  });

  it('the same idempotency key from the same tenant returns the same job and runs nothing twice', { timeout: 60_000 }, async () => {
    // Prepare
    upstreams.resetCalls();
    const input = { documents: jobDocuments('idempotent', 12), idempotencyKey: 'batch-2026-12-03' };
    // Act
    const first = await submitJob(gateway, input, ACME);
    const again = await submitJob(gateway, input, ACME);
    const otherTenant = await submitJob(gateway, input, GLOBEX);
    await waitForJob(gateway, first.id, ACME);
    await waitForJob(gateway, otherTenant.id, GLOBEX);
    // Assess
    expect(again.id).toBe(first.id);
    expect(otherTenant.id).not.toBe(first.id);
    // Results are cached per tenant: acme's two submits ran once, globex's job once more.
    expect(sagemakerDocuments(upstreams.calls)).toBe(24);
    expect((await readJob(gateway, first.id, ACME))?.completed).toBe(12);
  });

  it('another tenant cannot read, list or cancel a job', { timeout: 60_000 }, async () => {
    // Prepare
    const job = await submitJob(gateway, { documents: jobDocuments('private', 3) }, ACME);
    // Act
    const read = await readJob(gateway, job.id, GLOBEX);
    const cancel = await gateway.query<{ cancelAnalysisJob: JobView }, unknown>(CANCEL, { id: job.id }, GLOBEX);
    const listed = await gateway.query<{ analysisJobs: { edges: Array<{ node: { id: string } }> } }, unknown>(
      '{ analysisJobs(first: 100) { edges { node { id } } } }',
      {},
      GLOBEX,
    );
    const finished = await waitForJob(gateway, job.id, ACME);
    // Assess
    expect(read).toBeNull();
    expect(cancel.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(listed.data?.analysisJobs.edges.map((edge) => edge.node.id)).not.toContain(job.id);
    expect(finished.status).toBe('SUCCEEDED');
  });

  it('cancel stops a running job: CANCELLED, counts frozen, results so far kept', { timeout: 60_000 }, async () => {
    // Prepare
    upstreams.resetCalls();
    upstreams.setFaults([{ service: 'sagemaker', latencyMs: 200 }]);
    const job = await submitJob(gateway, { documents: jobDocuments('cancel', 100) }, ACME);
    await waitForJob(gateway, job.id, ACME, (view) => view.completed >= 5);
    // Act
    const cancelled = await gateway.query<{ cancelAnalysisJob: JobView }, unknown>(CANCEL, { id: job.id }, ACME);
    // A chunk running at the cancel finishes its calls but records nothing more.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const later = await readJob(gateway, job.id, ACME);
    const results = await allResults(gateway, job.id, ACME);
    // Assess
    expect(cancelled.data?.cancelAnalysisJob.status).toBe('CANCELLED');
    expect(later).toMatchObject({ status: 'CANCELLED', completed: cancelled.data?.cancelAnalysisJob.completed });
    expect(results).toHaveLength(later?.completed ?? -1);
    expect(sagemakerDocuments(upstreams.calls)).toBeLessThan(100);
  });

  it('a job stops as PARTIAL when its maxCostUsd is spent; the rest fail with BUDGET_EXCEEDED', { timeout: 60_000 }, async () => {
    // Prepare: what one document costs, from a job of one
    const probe = await waitForJob(gateway, (await submitJob(gateway, { documents: jobDocuments('price', 1) }, ACME)).id, ACME);
    const perDocument = probe.actualUsd;
    // Act
    const job = await submitJob(gateway, { documents: jobDocuments('budget', 20), maxCostUsd: perDocument * 6.5 }, ACME);
    const done = await waitForJob(gateway, job.id, ACME);
    const results = await allResults(gateway, job.id, ACME);
    // Assess
    expect(perDocument).toBeGreaterThan(0);
    expect(done.status).toBe('PARTIAL');
    expect(done.completed).toBeGreaterThanOrEqual(1);
    expect(done.completed).toBeLessThanOrEqual(6);
    expect(done.failed).toBe(20 - done.completed);
    expect(done.actualUsd).toBeLessThanOrEqual(perDocument * 6.5 + 1e-12);
    const errors = results.filter((edge) => edge.node.error !== null).map((edge) => edge.node.error?.code);
    expect(errors).toHaveLength(done.failed);
    expect(new Set(errors)).toEqual(new Set(['BUDGET_EXCEEDED']));
  });

  it("one tenant's large job does not starve another tenant's small job", { timeout: 120_000 }, async () => {
    // Prepare: slow enough upstreams that the large job is still running when the small one ends
    upstreams.setFaults([{ service: 'sagemaker', latencyMs: 150 }]);
    const large = await submitJob(gateway, { documents: jobDocuments('large', 300) }, ACME);
    await waitForJob(gateway, large.id, ACME, (view) => view.completed >= 5);
    // Act
    const small = await submitJob(gateway, { documents: jobDocuments('small', 5) }, GLOBEX);
    const smallDone = await waitForJob(gateway, small.id, GLOBEX);
    const largeThen = await readJob(gateway, large.id, ACME);
    // Assess: the small job ran next, not after the 295 documents queued before it.
    expect(smallDone.status).toBe('SUCCEEDED');
    expect(largeThen?.status).toBe('RUNNING');
    expect(largeThen?.completed).toBeLessThan(60);
    await gateway.query(CANCEL, { id: large.id }, ACME);
  });
});
