/** What the graph asks of jobs: submit, read, list, cancel, follow. Tenant-scoped: another tenant's job does not exist. */
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { JobsConfig } from '../config/config.jobs.js';
import { ErrorCode, gatewayError } from '../errors.js';
import type { AnalysisService } from '../pipeline/analysis.service.js';
import { withDefaults } from '../pipeline/document-input.js';
import type { JobEvents } from './job.events.js';
import type { JobStore } from './job.store.js';
import { type ChunkTask, FINAL_STATUSES, type ItemResult, type JobDocument, type JobSnapshot, type JobStatus } from './job.types.js';
import { checkCallbackUrl } from './job-callback.js';
import type { TaskQueue } from './task.queue.js';

export interface SubmitJob {
  documents: JobDocument[];
  idempotencyKey?: string | null;
  maxCostUsd?: number | null;
  callbackUrl?: string | null;
}

export interface JobServiceDependencies {
  config: JobsConfig;
  store: JobStore;
  queue: TaskQueue;
  events: JobEvents;
  /** Called when a cancel ends a job (the callback). */
  onFinished(job: JobSnapshot): void;
  /** How often a follower re-reads the job when no change was signalled (a lost pub/sub message). */
  pollMs?: number;
}

function noSuchJob(id: string): GraphQLError {
  return gatewayError(ErrorCode.BAD_USER_INPUT, `no job ${id}`, { extensions: { field: 'id' } });
}

/** What the router would spend on a document; the cheapest method when the tenant budget refuses it now. */
async function estimatedUsd(analysis: AnalysisService, document: JobDocument, index: number): Promise<number> {
  const request = withDefaults(document);
  try {
    return (await analysis.choose(request)).estimatedUsd;
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === ErrorCode.BUDGET_EXCEEDED) {
      return Math.min(...analysis.estimate(request).methods.map((method) => method.estimatedUsd));
    }
    if (error instanceof GraphQLError) {
      throw new GraphQLError(`documents[${index}]: ${error.message}`, { extensions: { ...error.extensions, index } });
    }
    throw error;
  }
}

export class JobService {
  constructor(private readonly deps: JobServiceDependencies) {}

  async submit(tenant: string, input: SubmitJob, analysis: AnalysisService): Promise<JobSnapshot> {
    const { config } = this.deps;
    const total = input.documents.length;
    if (total === 0 || total > config.maxDocuments) {
      throw gatewayError(ErrorCode.BAD_USER_INPUT, `a job takes 1 to ${config.maxDocuments} documents`, {
        extensions: { field: 'documents', limit: config.maxDocuments },
      });
    }
    if (input.maxCostUsd !== undefined && input.maxCostUsd !== null && !(input.maxCostUsd >= 0)) {
      throw gatewayError(ErrorCode.BAD_USER_INPUT, 'maxCostUsd must be a non-negative number', { extensions: { field: 'maxCostUsd' } });
    }
    if (input.idempotencyKey !== undefined && input.idempotencyKey !== null && !/^.{1,256}$/s.test(input.idempotencyKey)) {
      throw gatewayError(ErrorCode.BAD_USER_INPUT, 'idempotencyKey must be 1-256 characters', { extensions: { field: 'idempotencyKey' } });
    }
    const callbackUrl = input.callbackUrl ? checkCallbackUrl(input.callbackUrl, config.callback) : undefined;
    // Checks every document (size, emptiness) before anything is stored.
    let estimate = 0;
    for (const [index, document] of input.documents.entries()) {
      estimate += await estimatedUsd(analysis, document, index);
    }
    const id = randomUUID();
    const { id: jobId, created } = await this.deps.store.create(
      {
        id,
        tenant,
        total,
        createdAt: Date.now(),
        estimatedUsd: estimate,
        ...(input.maxCostUsd === undefined || input.maxCostUsd === null ? {} : { maxCostUsd: input.maxCostUsd }),
        ...(callbackUrl ? { callbackUrl } : {}),
      },
      input.idempotencyKey ?? undefined,
    );
    if (created) await this.enqueue(jobId, tenant, input.documents);
    return this.require(tenant, jobId);
  }

  /** Chunks in document order; each chunk's priority is the tenant's backlog ahead of it, so a tenant with little waiting goes first. */
  private async enqueue(jobId: string, tenant: string, documents: JobDocument[]): Promise<void> {
    const size = this.deps.config.chunkSize;
    const chunks = Math.ceil(documents.length / size);
    const ahead = (await this.deps.store.addBacklog(tenant, chunks)) - chunks;
    const tasks: ChunkTask[] = [];
    for (let chunk = 0; chunk < chunks; chunk++) {
      const start = chunk * size;
      tasks.push({ jobId, tenant, start, documents: documents.slice(start, start + size), priority: ahead + chunk + 1 });
    }
    await this.deps.queue.enqueue(tasks);
  }

  async get(tenant: string, id: string): Promise<JobSnapshot | undefined> {
    const job = await this.deps.store.get(id);
    return job && job.tenant === tenant ? job : undefined;
  }

  private async require(tenant: string, id: string): Promise<JobSnapshot> {
    const job = await this.get(tenant, id);
    if (!job) throw noSuchJob(id);
    return job;
  }

  async cancel(tenant: string, id: string): Promise<JobSnapshot> {
    await this.require(tenant, id);
    const cancelled = await this.deps.store.cancel(id, Date.now());
    const job = await this.require(tenant, id);
    if (cancelled) {
      await this.deps.events.publish(id).catch(() => undefined);
      this.deps.onFinished(job);
    }
    return job;
  }

  async list(
    tenant: string,
    first: number,
    after: string | undefined,
    status: JobStatus | undefined,
  ): Promise<{ jobs: JobSnapshot[]; more: boolean }> {
    const jobs: JobSnapshot[] = [];
    let cursor = after;
    // A status filter reads pages until it has `first` matches (jobs expire, so the set stays bounded).
    for (;;) {
      const page = await this.deps.store.list(tenant, cursor, Math.max(first, 50));
      for (const id of page.ids) {
        cursor = id;
        const job = await this.deps.store.get(id);
        if (!job || (status && job.status !== status)) continue;
        if (jobs.length === first) return { jobs, more: true };
        jobs.push(job);
      }
      if (!page.more) return { jobs, more: false };
    }
  }

  /** Results in submission order from index `from`; only stored ones (a running job has gaps). */
  async results(job: JobSnapshot, from: number, first: number): Promise<{ items: ItemResult[]; more: boolean }> {
    const indexes: number[] = [];
    for (let index = from; index < Math.min(job.total, from + first); index++) indexes.push(index);
    const stored = await this.deps.store.results(job.id, indexes);
    return { items: stored.filter((item) => item !== undefined), more: from + first < job.total };
  }

  /**
   * Each change of counts or status, ending with the final status. Subscribed before the first read,
   * so no change is missed; a slow reader gets the latest state, never a backlog; counts never go back.
   */
  async *updates(tenant: string, id: string): AsyncGenerator<JobSnapshot> {
    let changed = true;
    let wake: (() => void) | undefined;
    const unsubscribe = await this.deps.events.subscribe(id, () => {
      changed = true;
      wake?.();
    });
    try {
      let last: JobSnapshot | undefined;
      for (;;) {
        if (!changed) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.deps.pollMs ?? 2000);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        wake = undefined;
        changed = false;
        const job = await this.get(tenant, id);
        if (!job) return;
        const moved = !last || job.status !== last.status || job.completed > last.completed || job.failed > last.failed;
        const backwards = last && (job.completed < last.completed || job.failed < last.failed);
        if (moved && !backwards) {
          last = job;
          yield job;
        }
        if (FINAL_STATUSES.has(job.status)) return;
      }
    } finally {
      unsubscribe();
    }
  }
}
