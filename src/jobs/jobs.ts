/**
 * Builds the job system for a gateway or a worker process: BullMQ and the Redis store with REDIS_URL
 * (any number of processes share the work), else an in-process queue and store (jobs do not survive
 * a restart). Workers start only where JOB_WORKER_CONCURRENCY > 0.
 */
import type { Logger } from 'pino';
import type { JobsConfig } from '../config/config.jobs.js';
import type { CacheConfig } from '../config/config.types.js';
import type { ContextFactory } from '../server/context.js';
import { BullQueue } from './bullmq.queue.js';
import { type ChunkProcessorDependencies, createChunkProcessor } from './chunk.processor.js';
import { InProcessQueue } from './in-process.queue.js';
import { type JobEvents, LocalJobEvents, RedisJobEvents } from './job.events.js';
import { JobService } from './job.service.js';
import type { JobStore } from './job.store.js';
import { CallbackSender } from './job-callback.js';
import { MemoryJobStore } from './memory-job.store.js';
import { RedisJobStore } from './redis-job.store.js';
import type { TaskQueue } from './task.queue.js';

export interface Jobs {
  readonly service: JobService;
  readonly queue: TaskQueue;
  readonly store: JobStore;
  /** Takes chunks in this process, `concurrency` at once. */
  startWorkers(concurrency: number): Promise<void>;
  close(): Promise<void>;
}

export interface JobsDependencies {
  config: JobsConfig;
  /** CACHE_NAMESPACE, the TLS CA and (without JOB_REDIS_URL) REDIS_URL come from the cache's settings. */
  cache: Pick<CacheConfig, 'redisUrl' | 'redisTlsCa' | 'namespace'>;
  createContext: ContextFactory;
  log: Logger;
  pollMs?: number;
  /** Records each chunk's usage with the metrics sinks. */
  observe?: ChunkProcessorDependencies['observe'];
}

export function createJobs(deps: JobsDependencies): Jobs {
  const { config, cache } = deps;
  const log = deps.log.child({ component: 'jobs' });
  const url = config.redisUrl ?? cache.redisUrl;
  const store: JobStore = url
    ? new RedisJobStore({
        url,
        ...(cache.redisTlsCa ? { tlsCa: cache.redisTlsCa } : {}),
        namespace: cache.namespace,
        ttlSeconds: config.resultTtlSeconds,
      })
    : new MemoryJobStore(config.resultTtlSeconds * 1000);
  const events: JobEvents = url ? new RedisJobEvents(url, cache.namespace, cache.redisTlsCa) : new LocalJobEvents();
  const queue: TaskQueue = url
    ? new BullQueue(
        {
          url,
          ...(cache.redisTlsCa ? { tlsCa: cache.redisTlsCa } : {}),
          namespace: cache.namespace,
          lockMs: config.lockMs,
          resultTtlSeconds: config.resultTtlSeconds,
        },
        log,
      )
    : new InProcessQueue(log);
  const callbacks = new CallbackSender(config.callback, log);
  const onFinished = (job: Parameters<CallbackSender['send']>[0]) => callbacks.send(job);
  const service = new JobService({ config, store, queue, events, onFinished, ...(deps.pollMs ? { pollMs: deps.pollMs } : {}) });
  return {
    service,
    queue,
    store,
    startWorkers: (concurrency) =>
      queue.startWorkers(
        concurrency,
        createChunkProcessor({
          store,
          events,
          createContext: deps.createContext,
          log,
          onFinished,
          ...(deps.observe ? { observe: deps.observe } : {}),
        }),
      ),
    async close() {
      await queue.close();
      await callbacks.close();
      await events.close();
      await store.close();
    },
  };
}
