/**
 * 8. Analysis jobs: documents/s of one job with 1 and 2 `npm run worker` processes against 50 ms
 * upstreams, the queue's cost per document (Redis commands and Redis CPU), and the Redis memory a
 * finished job's results hold per 1,000 documents.
 */
import type { Redis } from 'ioredis';
import { startWorker, type WorkerChild } from '../../test/support/jobs.js';
import { startTestRedis } from '../../test/support/redis-server.js';
import { distinctDocument } from '../support/documents.js';
import type { BenchSettings, Scenario, ScenarioResult } from '../support/scenario.js';
import { fixedLatency, startGateway, startUpstreams, stopAll, UPSTREAM_LATENCY_MS } from '../support/servers.js';

interface JobRun {
  workers: number;
  documents: number;
  seconds: number;
  documentsPerSecond: number;
  redisCommandsPerDocument: number;
  redisCpuMsPerDocument: number;
  redisBytesPerDocument: number;
  /** MEMORY USAGE of the job's own keys (its hash and its results), per document. */
  jobBytesPerDocument: number;
}

async function jobBytes(client: Redis, namespace: string, id: string): Promise<number> {
  const keys = [`${namespace}:jobs:job:${id}`, `${namespace}:jobs:job:${id}:results`];
  const sizes = await Promise.all(keys.map((key) => client.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')));
  return sizes.reduce<number>((sum, size) => sum + Number(size ?? 0), 0);
}

async function redisFigures(client: Redis): Promise<{ commands: number; cpuMs: number; usedBytes: number }> {
  const stats = String(await client.info('commandstats'));
  const commands = [...stats.matchAll(/calls=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
  const cpu = String(await client.info('cpu'));
  const cpuMs = ['used_cpu_sys', 'used_cpu_user'].reduce(
    (sum, name) => sum + Number(new RegExp(`${name}:([\\d.]+)`).exec(cpu)?.[1] ?? 0) * 1000,
    0,
  );
  const memory = String(await client.info('memory'));
  return { commands, cpuMs, usedBytes: Number(/used_memory:(\d+)/.exec(memory)?.[1] ?? 0) };
}

async function graphql<T>(url: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(`job call failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

interface JobTimes {
  id: string;
  status: string;
  createdAt: string;
  finishedAt: string | null;
  completed: number;
}

async function runJob(url: string, documents: number, run: string): Promise<JobTimes> {
  const input = { documents: Array.from({ length: documents }, (_, n) => distinctDocument(run, n)) };
  const { submitAnalysisJob } = await graphql<{ submitAnalysisJob: { id: string } }>(
    url,
    'mutation($input: SubmitAnalysisJobInput!) { submitAnalysisJob(input: $input) { id } }',
    { input },
  );
  for (;;) {
    const { analysisJob } = await graphql<{ analysisJob: JobTimes }>(
      url,
      'query($id: ID!) { analysisJob(id: $id) { id status createdAt finishedAt completed } }',
      {
        id: submitAnalysisJob.id,
      },
    );
    if (analysisJob.finishedAt) return analysisJob;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function measure(settings: BenchSettings): Promise<ScenarioResult> {
  const documents = settings.quick ? 60 : 1000;
  const redis = await startTestRedis();
  const namespace = redis.namespace();
  const upstreams = await startUpstreams('memoised', fixedLatency(UPSTREAM_LATENCY_MS));
  const shared = { REDIS_URL: redis.url, CACHE_NAMESPACE: namespace, JOB_CHUNK_SIZE: '10' };
  const gateway = await startGateway(upstreams, { ...shared, JOB_WORKER_CONCURRENCY: '0' }, settings, 'jobs');
  const runs: JobRun[] = [];
  let workers: WorkerChild[] = [];
  try {
    const stamp = Date.now().toString(36);
    for (const count of [1, 2]) {
      workers = await Promise.all(
        Array.from({ length: count }, () =>
          startWorker({ ...shared, LOG_LEVEL: 'silent', JOB_WORKER_CONCURRENCY: '4' }, upstreams.info.url),
        ),
      );
      const before = await redisFigures(redis.client);
      const job = await runJob(gateway.info.url, documents, `${stamp}-w${count}`);
      const after = await redisFigures(redis.client);
      const seconds = (Date.parse(job.finishedAt ?? job.createdAt) - Date.parse(job.createdAt)) / 1000;
      runs.push({
        workers: count,
        documents,
        seconds,
        documentsPerSecond: job.completed / seconds,
        redisCommandsPerDocument: (after.commands - before.commands) / documents,
        redisCpuMsPerDocument: (after.cpuMs - before.cpuMs) / documents,
        // The job's hash and results stay (JOB_RESULT_TTL_SECONDS); the result cache's entries are counted too.
        redisBytesPerDocument: (after.usedBytes - before.usedBytes) / documents,
        jobBytesPerDocument: (await jobBytes(redis.client, namespace, job.id)) / documents,
      });
      await Promise.all(workers.map((worker) => worker.stop()));
      workers = [];
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await stopAll(gateway, upstreams);
    await redis.stop();
  }
  const one = runs[0] as JobRun;
  const two = runs[1] as JobRun;
  const scaling = two.documentsPerSecond / one.documentsPerSecond;
  const met = scaling >= 1.5;
  return {
    goal: 'a second worker process adds at least half again the documents/s of one (50 ms upstreams)',
    met,
    verdict: `${met ? 'met' : 'missed'}: ${one.documentsPerSecond.toFixed(0)} docs/s with 1 worker, ${two.documentsPerSecond.toFixed(0)} with 2 (${scaling.toFixed(2)}x)`,
    table: {
      headers: [
        'workers',
        'documents',
        'seconds',
        'docs/s',
        'Redis commands/doc',
        'Redis CPU ms/doc',
        'job keys KiB per 1,000 docs',
        'Redis used_memory KiB per 1,000 docs',
      ],
      rows: runs.map((run) => [
        String(run.workers),
        String(run.documents),
        run.seconds.toFixed(2),
        run.documentsPerSecond.toFixed(1),
        run.redisCommandsPerDocument.toFixed(1),
        run.redisCpuMsPerDocument.toFixed(3),
        ((run.jobBytesPerDocument * 1000) / 1024).toFixed(0),
        ((run.redisBytesPerDocument * 1000) / 1024).toFixed(0),
      ]),
    },
    notes: [
      'Each worker runs JOB_WORKER_CONCURRENCY=4 chunks of 10 documents at once; the gateway runs none (JOB_WORKER_CONCURRENCY=0).',
      'Documents are distinct and rotate through the four types, so each is a cache miss (SageMaker calls batch per chunk).',
      "Job keys: MEMORY USAGE of the job's hash and results hash (kept JOB_RESULT_TTL_SECONDS). used_memory after minus before also counts the result cache's entries and BullMQ's bookkeeping (noisy on small jobs).",
      'On a shared 2-core machine the workers, the gateway, the upstreams and Redis compete for the same cores, which caps the scaling.',
    ],
    figures: { runs, scaling },
    runs,
  };
}

export const jobThroughput: Scenario = {
  name: 'job-throughput',
  title: 'Analysis jobs: documents/s with 1 and 2 workers, queue cost and Redis memory per document',
  run: measure,
};
