/** Where chunks wait for a worker: BullMQ on Redis (any number of processes) or this process. */
import type { ChunkTask } from './job.types.js';

export type ChunkHandler = (task: ChunkTask) => Promise<void>;

export interface TaskQueue {
  readonly kind: 'bullmq' | 'in-process';
  enqueue(tasks: ChunkTask[]): Promise<void>;
  /** Starts taking chunks, at most `concurrency` at once in this process. */
  startWorkers(concurrency: number, handler: ChunkHandler): Promise<void>;
  /** Lets running chunks finish (a stopping worker hands nothing half-done to the next), then disconnects. */
  close(): Promise<void>;
}

/** BullMQ's largest priority; beyond it chunks all share the last place. */
export const MAX_PRIORITY = 2_097_152;
