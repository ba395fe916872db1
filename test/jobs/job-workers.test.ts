/**
 * Jobs on BullMQ with real `npm run worker` processes sharing a real Redis: two workers finish a job
 * of 200 documents, and a worker SIGKILLed mid-job loses nothing and costs no repeated upstream call
 * for what it had already stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import {
  ACME,
  allResults,
  jobDocuments,
  sagemakerDocuments,
  startWorker,
  submitJob,
  TWO_TENANTS,
  type WorkerChild,
  waitForJob,
} from '../support/jobs.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

describe('analysis jobs on worker processes', () => {
  let redis: TestRedis;
  let upstreams: LocalUpstreams;
  let gateway: TestGateway;
  let shared: Record<string, string>;
  let namespace: string;
  const workers: WorkerChild[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    upstreams = await startTestUpstreams();
    // Each batched SageMaker call takes 40 ms more, so a kill lands while work is in flight.
    upstreams.setFaults([{ service: 'sagemaker', latencyMs: 40 }]);
    namespace = redis.namespace();
    shared = { ...TWO_TENANTS, REDIS_URL: redis.url, CACHE_NAMESPACE: namespace, JOB_CHUNK_SIZE: '10', JOB_LOCK_MS: '2000' };
    // The gateway only submits and answers: every chunk runs in a worker process.
    gateway = await startTestGateway({ ...shared, JOB_WORKER_CONCURRENCY: '0', METRICS_SINKS: 'none' }, upstreams);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await gateway?.close();
    await upstreams?.close();
    await redis?.stop();
  });

  it('two workers finish a job of 200 documents, each analysed once', { timeout: 180_000 }, async () => {
    // Prepare
    workers.push(await startWorker({ ...shared, JOB_WORKER_CONCURRENCY: '2' }, upstreams.url));
    workers.push(await startWorker({ ...shared, JOB_WORKER_CONCURRENCY: '2' }, upstreams.url));
    upstreams.resetCalls();
    const documents = jobDocuments('two-workers', 200);
    // Act
    const submitted = await submitJob(gateway, { documents }, ACME);
    const done = await waitForJob(gateway, submitted.id, ACME, undefined, 150_000);
    const results = await allResults(gateway, submitted.id, ACME);
    // Assess
    expect(gateway.gateway.jobs.queue.kind).toBe('bullmq');
    expect(done).toMatchObject({ status: 'SUCCEEDED', completed: 200, failed: 0 });
    expect(results.map((edge) => edge.node.index)).toEqual(documents.map((_, index) => index));
    expect(sagemakerDocuments(upstreams.calls)).toBe(200);
  });

  it('a worker killed mid-job loses nothing: its chunks go to the other worker after the lock time', { timeout: 180_000 }, async () => {
    // Prepare
    const [victim, survivor] = workers;
    if (!victim || !survivor) throw new Error('the first test starts two workers');
    upstreams.resetCalls();
    const documents = jobDocuments('killed-worker', 200);
    const submitted = await submitJob(gateway, { documents }, ACME);
    await waitForJob(gateway, submitted.id, ACME, (job) => job.completed >= 40, 120_000);
    // Act
    process.kill(victim.pid, 'SIGKILL');
    // Calls the local SageMaker had received but not answered: their answers never reached a cache.
    const inFlight = upstreams.calls.filter((call) => call.service === 'sagemaker' && call.status === 0);
    const inFlightDocuments = inFlight.reduce((sum, call) => sum + call.instances, 0);
    const done = await waitForJob(gateway, submitted.id, ACME, undefined, 150_000);
    const results = await allResults(gateway, submitted.id, ACME);
    // Assess
    expect(done).toMatchObject({ status: 'SUCCEEDED', completed: 200, failed: 0 });
    expect(new Set(results.map((edge) => edge.node.index)).size).toBe(200);
    expect(results.every((edge) => edge.node.analysis !== null)).toBe(true);
    // Every document reached SageMaker; only those in flight at the kill may have gone twice, and at
    // most one batch more: an answer that reached the victim in its last milliseconds, before its
    // cache write (a loaded machine widens that window).
    const analysed = sagemakerDocuments(upstreams.calls);
    expect(analysed).toBeGreaterThanOrEqual(200);
    expect(analysed, `in flight at the kill: ${inFlightDocuments}`).toBeLessThanOrEqual(200 + inFlightDocuments + 10);
    // The victim held chunks: BullMQ's stalled-job check handed them on (its event stream says so).
    const events = await redis.client.xrange(`${namespace}:bull:analysis-chunks:events`, '-', '+');
    expect(events.filter(([, fields]) => fields[1] === 'stalled').length).toBeGreaterThanOrEqual(1);
  });
});
