/** Jobs without Redis: the in-process queue and store run the same processor inside the gateway. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { ACME, allResults, GLOBEX, jobDocuments, submitJob, TWO_TENANTS, waitForJob } from '../support/jobs.js';
import { startTestGateway, startTestUpstreams, type TestGateway, upstreamCallsTo } from '../support/test-gateway.js';

describe('analysis jobs on the in-process queue', () => {
  let upstreams: LocalUpstreams;
  let gateway: TestGateway;

  beforeAll(async () => {
    upstreams = await startTestUpstreams();
    gateway = await startTestGateway(
      { ...TWO_TENANTS, JOB_WORKER_CONCURRENCY: '2', JOB_CHUNK_SIZE: '5', METRICS_SINKS: 'prometheus' },
      upstreams,
    );
  });

  afterAll(async () => {
    await gateway?.close();
    await upstreams?.close();
  });

  it('runs every document once through the pipeline, batching each chunk, and keeps the results in submission order', async () => {
    // Prepare
    upstreams.resetCalls();
    const documents = jobDocuments('inproc', 23);
    // Act
    const submitted = await submitJob(gateway, { documents }, ACME);
    const done = await waitForJob(gateway, submitted.id, ACME);
    const results = await allResults(gateway, submitted.id, ACME);
    // Assess
    expect(gateway.gateway.jobs.queue.kind).toBe('in-process');
    expect(submitted).toMatchObject({ total: 23, completed: 0, status: 'QUEUED' });
    expect(done).toMatchObject({ status: 'SUCCEEDED', total: 23, completed: 23, failed: 0 });
    expect(done.actualUsd).toBeGreaterThan(0);
    expect(results.map((edge) => edge.node.index)).toEqual(documents.map((_, index) => index));
    expect(results.map((edge) => edge.node.documentId)).toEqual(documents.map((document) => document.id));
    expect(results.every((edge) => edge.node.analysis !== null && edge.node.error === null)).toBe(true);
    // GENERAL documents route to SageMaker only; a chunk's documents share one batched call.
    const calls = upstreamCallsTo(upstreams, 'sagemaker');
    expect(calls.reduce((sum, call) => sum + call.instances, 0)).toBe(23);
    expect(calls).toHaveLength(5);
    // Each chunk is recorded with the metrics sinks as an operation of its own.
    const exposition = await gateway.gateway.metrics.prometheus?.exposition();
    expect(exposition?.body).toMatch(/requests_total\{[^}]*operation="analysisJob"[^}]*\} 5/);
  });

  it("lists the tenant's jobs newest first, a page at a time, filtered by status", { timeout: 60_000 }, async () => {
    // Prepare: three finished jobs and one cancelled, for a tenant of their own
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) {
      const job = await submitJob(gateway, { documents: jobDocuments(`list-${n}`, 2) }, GLOBEX);
      await waitForJob(gateway, job.id, GLOBEX);
      ids.push(job.id);
    }
    const cancelled = await submitJob(gateway, { documents: jobDocuments('list-cancelled', 200) }, GLOBEX);
    await gateway.query('mutation($id: ID!) { cancelAnalysisJob(id: $id) { id } }', { id: cancelled.id }, GLOBEX);
    const list =
      'query($first: Int, $after: String, $status: JobStatus) { analysisJobs(first: $first, after: $after, status: $status) { edges { cursor node { id status } } pageInfo { hasNextPage endCursor } } }';
    type Page = {
      analysisJobs: {
        edges: Array<{ cursor: string; node: { id: string; status: string } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    // Act
    const first = await gateway.query<Page, unknown>(list, { first: 2 }, GLOBEX);
    const second = await gateway.query<Page, unknown>(list, { first: 2, after: first.data?.analysisJobs.pageInfo.endCursor }, GLOBEX);
    const succeeded = await gateway.query<Page, unknown>(list, { first: 10, status: 'SUCCEEDED' }, GLOBEX);
    // Assess
    expect(first.data?.analysisJobs.edges.map((edge) => edge.node.id)).toEqual([cancelled.id, ids[2]]);
    expect(first.data?.analysisJobs.pageInfo.hasNextPage).toBe(true);
    expect(second.data?.analysisJobs.edges.map((edge) => edge.node.id)).toEqual([ids[1], ids[0]]);
    expect(second.data?.analysisJobs.pageInfo.hasNextPage).toBe(false);
    expect(succeeded.data?.analysisJobs.edges.map((edge) => edge.node.id)).toEqual([ids[2], ids[1], ids[0]]);
  });
});
