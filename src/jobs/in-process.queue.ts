/**
 * The queue without Redis: chunks wait in this process, lowest priority first (ties in submission
 * order), and are lost with it. Same contract as BullMQ's, so the same processor runs on both.
 */
import type { Logger } from 'pino';
import type { ChunkTask } from './job.types.js';
import type { ChunkHandler, TaskQueue } from './task.queue.js';

interface Waiting {
  task: ChunkTask;
  order: number;
}

export class InProcessQueue implements TaskQueue {
  readonly kind = 'in-process';
  private readonly waiting: Waiting[] = [];
  private readonly running = new Set<Promise<void>>();
  private order = 0;
  private concurrency = 0;
  private handler: ChunkHandler | undefined;
  private closed = false;

  constructor(private readonly log: Logger) {}

  async enqueue(tasks: ChunkTask[]): Promise<void> {
    for (const task of tasks) this.waiting.push({ task, order: this.order++ });
    this.waiting.sort((a, b) => a.task.priority - b.task.priority || a.order - b.order);
    this.pump();
  }

  async startWorkers(concurrency: number, handler: ChunkHandler): Promise<void> {
    this.concurrency = concurrency;
    this.handler = handler;
    this.pump();
  }

  private pump(): void {
    const handler = this.handler;
    if (!handler) return;
    while (!this.closed && this.running.size < this.concurrency && this.waiting.length > 0) {
      const next = this.waiting.shift() as Waiting;
      const run = handler(next.task)
        .catch((error: unknown) => this.log.error({ err: error, jobId: next.task.jobId }, 'job chunk failed'))
        .finally(() => {
          this.running.delete(run);
          this.pump();
        });
      this.running.add(run);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.running]);
  }
}
