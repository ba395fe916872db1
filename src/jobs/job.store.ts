/** Where jobs, their results and the idempotency keys live: Redis (shared by every worker) or this process. */
import type { ItemResult, JobSnapshot, NewJob, RecordOutcome } from './job.types.js';

export interface JobStore {
  /** Creates the job, or returns the id already bound to (tenant, idempotencyKey). */
  create(job: NewJob, idempotencyKey?: string): Promise<{ id: string; created: boolean }>;
  get(id: string): Promise<JobSnapshot | undefined>;
  /** The tenant's job ids, newest first, after the given id (exclusive). */
  list(tenant: string, after: string | undefined, limit: number): Promise<{ ids: string[]; more: boolean }>;
  /** Stores an item's result once (a repeat after a stalled worker is a 'duplicate'), counts it, and finishes the job after the last. */
  record(result: ItemResult, jobId: string): Promise<RecordOutcome>;
  /** Which of these item indexes already have a result. */
  recorded(jobId: string, indexes: number[]): Promise<boolean[]>;
  results(jobId: string, indexes: number[]): Promise<Array<ItemResult | undefined>>;
  markBudgetStopped(jobId: string): Promise<void>;
  /** QUEUED or RUNNING -> CANCELLED; false when the job had already ended. */
  cancel(jobId: string, now: number): Promise<boolean>;
  /** The tenant's chunks waiting or running, moved by `delta`; the new total (fairness, see job.priority.ts). */
  addBacklog(tenant: string, delta: number): Promise<number>;
  close(): Promise<void>;
}
