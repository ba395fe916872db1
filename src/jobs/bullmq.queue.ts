/**
 * Chunks on BullMQ. A worker renews its lock on a chunk every lockMs/2; a worker that dies (SIGKILL)
 * stops renewing, and after lockMs another worker's stalled-job check moves the chunk back to wait.
 * The processor then skips items already recorded and the result cache answers upstream calls
 * already made, so at-least-once delivery costs nothing twice.
 */
import { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { ChunkTask } from './job.types.js';
import { type ChunkHandler, MAX_PRIORITY, type TaskQueue } from './task.queue.js';

export interface BullQueueOptions {
  url: string;
  /** PEM of a private CA for rediss:// (REDIS_TLS_CA_FILE). */
  tlsCa?: string;
  namespace: string;
  lockMs: number;
  resultTtlSeconds: number;
}

const QUEUE_NAME = 'analysis-chunks';
const CLOSE_GRACE_MS = 5000;

/** Whether `work` settled within `ms` (its failure counts as settled: closing a broken connection may reject). */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = work.then(
    () => true,
    () => true,
  );
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** BullMQ brings its own ioredis; it takes options, not our client. */
function connectionOf(url: string, tlsCa: string | undefined) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.pathname.length > 1 ? { db: Number(parsed.pathname.slice(1)) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: tlsCa ? { ca: tlsCa } : {} } : {}),
    // BullMQ's blocking commands must wait as long as they need.
    maxRetriesPerRequest: null,
  };
}

export class BullQueue implements TaskQueue {
  readonly kind = 'bullmq';
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private running = 0;

  constructor(
    private readonly options: BullQueueOptions,
    private readonly log: Logger,
  ) {
    this.queue = new Queue(QUEUE_NAME, { connection: connectionOf(options.url, options.tlsCa), prefix: `${options.namespace}:bull` });
    this.queue.on('error', (error) => this.log.warn({ err: error.message }, 'job queue: Redis error'));
  }

  async enqueue(tasks: ChunkTask[]): Promise<void> {
    await this.queue.addBulk(
      tasks.map((task) => ({
        name: 'chunk',
        data: task,
        opts: {
          // The same chunk submitted twice (a retried submit) is one BullMQ job.
          jobId: `${task.jobId}-${task.start}`,
          priority: Math.min(MAX_PRIORITY, Math.max(1, task.priority)),
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: true,
          removeOnFail: { age: this.options.resultTtlSeconds },
        },
      })),
    );
  }

  async startWorkers(concurrency: number, handler: ChunkHandler): Promise<void> {
    const counted = async (task: ChunkTask) => {
      this.running++;
      try {
        await handler(task);
      } finally {
        this.running--;
      }
    };
    this.worker = new Worker<ChunkTask>(QUEUE_NAME, (job) => counted(job.data), {
      connection: connectionOf(this.options.url, this.options.tlsCa),
      prefix: `${this.options.namespace}:bull`,
      concurrency,
      lockDuration: this.options.lockMs,
      stalledInterval: Math.max(500, Math.floor(this.options.lockMs / 2)),
      // A chunk that keeps killing its workers is failed rather than replayed forever.
      maxStalledCount: 5,
    });
    this.worker.on('error', (error) => this.log.warn({ err: error.message }, 'job worker: Redis error'));
    this.worker.on('failed', (job, error) => this.log.error({ err: error.message, chunk: job?.id }, 'job chunk failed'));
    // Not awaited: a gateway starts (and serves analyses) while Redis is down; the worker connects when it can.
  }

  /**
   * Waits a few seconds for running chunks (a chunk of 10 usually takes less), then forces: with
   * Redis gone a graceful close would wait for it forever, and shutdown must end. A chunk cut short
   * is picked up by another worker after the lock time; its recorded items are not redone.
   */
  async close(): Promise<void> {
    const worker = this.worker;
    // Nothing running: nothing to wait for (a graceful close can wait on a reconnecting connection).
    const graceful = worker && this.running > 0 ? await within(worker.close(), CLOSE_GRACE_MS) : false;
    if (worker && !graceful) await within(worker.close(true), 1000);
    if (!(await within(this.queue.close(), 1000))) await this.queue.disconnect();
  }
}
