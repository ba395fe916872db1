/** Jobs in this process (no REDIS_URL): the same contract as the Redis store, lost on restart. */
import type { JobStore } from './job.store.js';
import { FINAL_STATUSES, finalStatus, type ItemResult, type JobSnapshot, JobStatus, type NewJob, type RecordOutcome } from './job.types.js';

interface StoredJob {
  snapshot: JobSnapshot;
  results: Map<number, ItemResult>;
  expiresAt: number;
}

export class MemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, StoredJob>();
  private readonly idempotency = new Map<string, string>();
  private readonly backlog = new Map<string, number>();

  constructor(private readonly ttlMs: number) {}

  /** Expired jobs and their idempotency keys go when a job is created, so the maps stay bounded by the TTL. */
  private sweep(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) if (job.expiresAt <= now) this.jobs.delete(id);
    for (const [key, id] of this.idempotency) if (!this.jobs.has(id)) this.idempotency.delete(key);
  }

  private live(id: string): StoredJob | undefined {
    const job = this.jobs.get(id);
    if (job && job.expiresAt <= Date.now()) {
      this.jobs.delete(id);
      return undefined;
    }
    return job;
  }

  async create(job: NewJob, idempotencyKey?: string): Promise<{ id: string; created: boolean }> {
    this.sweep();
    const idem = idempotencyKey === undefined ? undefined : `${job.tenant}\n${idempotencyKey}`;
    const existing = idem === undefined ? undefined : this.idempotency.get(idem);
    if (existing !== undefined && this.live(existing)) return { id: existing, created: false };
    if (idem !== undefined) this.idempotency.set(idem, job.id);
    this.jobs.set(job.id, {
      snapshot: {
        id: job.id,
        tenant: job.tenant,
        status: JobStatus.QUEUED,
        total: job.total,
        completed: 0,
        failed: 0,
        createdAt: job.createdAt,
        estimatedUsd: job.estimatedUsd,
        actualUsd: 0,
        ...(job.maxCostUsd === undefined ? {} : { maxCostUsd: job.maxCostUsd }),
        ...(job.callbackUrl === undefined ? {} : { callbackUrl: job.callbackUrl }),
        budgetStopped: false,
      },
      results: new Map(),
      expiresAt: Date.now() + this.ttlMs,
    });
    return { id: job.id, created: true };
  }

  async get(id: string): Promise<JobSnapshot | undefined> {
    const job = this.live(id);
    return job ? { ...job.snapshot } : undefined;
  }

  async list(tenant: string, after: string | undefined, limit: number): Promise<{ ids: string[]; more: boolean }> {
    // Newest first; reversed insertion order first, so that the stable sort keeps jobs of the same millisecond newest first too.
    const ids = [...this.jobs.values()]
      .reverse()
      .filter((job) => job.snapshot.tenant === tenant && job.expiresAt > Date.now())
      .sort((a, b) => b.snapshot.createdAt - a.snapshot.createdAt)
      .map((job) => job.snapshot.id);
    const start = after === undefined ? 0 : ids.indexOf(after) + 1;
    if (after !== undefined && start === 0) return { ids: [], more: false };
    return { ids: ids.slice(start, start + limit), more: ids.length > start + limit };
  }

  async record(result: ItemResult, jobId: string): Promise<RecordOutcome> {
    const job = this.live(jobId);
    if (!job) return 'gone';
    const snapshot = job.snapshot;
    if (FINAL_STATUSES.has(snapshot.status) || job.results.has(result.index)) return 'duplicate';
    job.results.set(result.index, result);
    if (result.error) snapshot.failed += 1;
    else snapshot.completed += 1;
    snapshot.actualUsd += result.costUsd;
    const now = Date.now();
    if (snapshot.status === JobStatus.QUEUED) {
      snapshot.status = JobStatus.RUNNING;
      snapshot.startedAt = now;
    }
    job.expiresAt = now + this.ttlMs;
    if (snapshot.completed + snapshot.failed < snapshot.total) return 'recorded';
    snapshot.status = finalStatus(snapshot);
    snapshot.finishedAt = now;
    return 'finished';
  }

  async recorded(jobId: string, indexes: number[]): Promise<boolean[]> {
    const job = this.live(jobId);
    return indexes.map((index) => job?.results.has(index) === true);
  }

  async results(jobId: string, indexes: number[]): Promise<Array<ItemResult | undefined>> {
    const job = this.live(jobId);
    return indexes.map((index) => job?.results.get(index));
  }

  async markBudgetStopped(jobId: string): Promise<void> {
    const job = this.live(jobId);
    if (job) job.snapshot.budgetStopped = true;
  }

  async cancel(jobId: string, now: number): Promise<boolean> {
    const job = this.live(jobId);
    if (!job || FINAL_STATUSES.has(job.snapshot.status)) return false;
    job.snapshot.status = JobStatus.CANCELLED;
    job.snapshot.finishedAt = now;
    return true;
  }

  async addBacklog(tenant: string, delta: number): Promise<number> {
    const total = Math.max(0, (this.backlog.get(tenant) ?? 0) + delta);
    if (total === 0) this.backlog.delete(tenant);
    else this.backlog.set(tenant, total);
    return total;
  }

  async close(): Promise<void> {}
}
