/**
 * Analysis-job settings (src/jobs/): workers, chunking, how long results are kept, and where a job's
 * callback may go. Parsed with the rest of the environment by `loadConfig`.
 */
import { z } from 'zod';
import { ConfigError } from './config.errors.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const jobsEnvShape = {
  // The queue's Redis when it is not the cache's: BullMQ needs maxmemory-policy noeviction, a cache
  // wants allkeys-lru. Default: REDIS_URL.
  JOB_REDIS_URL: z.string().min(1).optional(),
  // Chunks processed at once by this process (gateway or `npm run worker`); 0: this process runs none.
  // Default 2, but 0 under Lambda: a frozen function cannot hold a queue lock (run `npm run worker`).
  JOB_WORKER_CONCURRENCY: int(0, 256).optional(),
  // Documents per queue task: processed together under one context, so their SageMaker calls batch.
  JOB_CHUNK_SIZE: int(1, 1000).default(10),
  JOB_MAX_DOCUMENTS: int(1, 1_000_000).default(10_000),
  JOB_RESULT_TTL_SECONDS: int(60, 90 * 24 * 3600).default(7 * 24 * 3600),
  // A chunk whose worker stops renewing its lock (killed) is handed to another worker after this.
  JOB_LOCK_MS: int(1000, 3_600_000).default(30_000),
  // Exact host names a callbackUrl may name; nothing else is ever called.
  JOB_CALLBACK_HOSTS: z.string().optional(),
  JOB_CALLBACK_SECRET: z.string().min(16).optional(),
  JOB_CALLBACK_MAX_ATTEMPTS: int(1, 20).default(6),
  JOB_CALLBACK_BASE_DELAY_MS: int(1, 3_600_000).default(1000),
  JOB_CALLBACK_TIMEOUT_MS: int(100, 120_000).default(10_000),
};

const jobsEnvSchema = z.object(jobsEnvShape);
type JobsEnv = z.infer<typeof jobsEnvSchema>;

export interface JobCallbackConfig {
  /** Lower-case host names, compared exactly. */
  allowedHosts: string[];
  /** HMAC-SHA256 key of the `x-gateway-signature` header; callbacks are refused at submit without it. */
  secret?: string;
  maxAttempts: number;
  baseDelayMs: number;
  timeoutMs: number;
}

export interface JobsConfig {
  /** Redis for the queue and the job store; absent: REDIS_URL's (or in-process without either). */
  redisUrl?: string;
  workerConcurrency: number;
  chunkSize: number;
  maxDocuments: number;
  resultTtlSeconds: number;
  lockMs: number;
  callback: JobCallbackConfig;
}

function hostList(list: string | undefined): string[] {
  if (!list) return [];
  const hosts = list
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter((host) => host.length > 0);
  for (const host of hosts) {
    if (!/^[a-z0-9.-]+$|^\[[0-9a-f:]+\]$/.test(host)) throw new ConfigError('JOB_CALLBACK_HOSTS', `"${host}" is not a host name`);
  }
  return hosts;
}

export function jobsSettings(parsed: JobsEnv, underLambda: boolean): JobsConfig {
  if (parsed.JOB_REDIS_URL && !/^rediss?:\/\//.test(parsed.JOB_REDIS_URL)) {
    throw new ConfigError('JOB_REDIS_URL', 'must start with redis:// or rediss://');
  }
  return {
    ...(parsed.JOB_REDIS_URL ? { redisUrl: parsed.JOB_REDIS_URL } : {}),
    workerConcurrency: parsed.JOB_WORKER_CONCURRENCY ?? (underLambda ? 0 : 2),
    chunkSize: parsed.JOB_CHUNK_SIZE,
    maxDocuments: parsed.JOB_MAX_DOCUMENTS,
    resultTtlSeconds: parsed.JOB_RESULT_TTL_SECONDS,
    lockMs: parsed.JOB_LOCK_MS,
    callback: {
      allowedHosts: hostList(parsed.JOB_CALLBACK_HOSTS),
      ...(parsed.JOB_CALLBACK_SECRET ? { secret: parsed.JOB_CALLBACK_SECRET } : {}),
      maxAttempts: parsed.JOB_CALLBACK_MAX_ATTEMPTS,
      baseDelayMs: parsed.JOB_CALLBACK_BASE_DELAY_MS,
      timeoutMs: parsed.JOB_CALLBACK_TIMEOUT_MS,
    },
  };
}
