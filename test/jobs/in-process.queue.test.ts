/** Jobs without Redis: the in-process queue and store run the same processor inside the gateway. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { ACME, allResults, jobDocuments, submitJob, TWO_TENANTS, waitForJob } from '../support/jobs.js';
import { startTestGateway, startTestUpstreams, type TestGateway, upstreamCallsTo } from '../support/test-gateway.js';

describe('analysis jobs on the in-process queue', () => {
  let upstreams: LocalUpstreams;
  let gateway: TestGateway;

  beforeAll(async () => {
    upstreams = await startTestUpstreams();
    gateway = await startTestGateway(
      { ...TWO_TENANTS, JOB_WORKER_CONCURRENCY: '2', JOB_CHUNK_SIZE: '5', METRICS_SINKS: 'none' },
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
  });
});
