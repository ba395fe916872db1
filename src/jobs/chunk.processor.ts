/**
 * Runs one chunk: each document through the same pipeline as analyzeDocument, under one context for
 * the job's tenant (so the chunk's SageMaker calls batch, and routing, the result cache, in-flight
 * de-duplication, resilience, metrics and the tenant budget all apply), then records each outcome.
 * Items already recorded (a chunk replayed after its worker died) are skipped.
 */
import type { Logger } from 'pino';
import { sha256Hex } from '../digest.js';
import type { RequestObservation } from '../metrics/request-observation.js';
import type { AnalysisService } from '../pipeline/analysis.service.js';
import { withDefaults } from '../pipeline/document-input.js';
import type { ContextFactory } from '../server/context.js';
import { chunkObservation } from './chunk-observation.js';
import type { JobEvents } from './job.events.js';
import type { JobStore } from './job.store.js';
import { type ChunkTask, FINAL_STATUSES, type ItemResult, type JobDocument, type JobSnapshot } from './job.types.js';
import { BUDGET_STOPPED, JobBudget, stopsJob } from './job-budget.js';
import { itemErrorOf, storedOutcome } from './job-outcome.js';
import type { ChunkHandler } from './task.queue.js';

export interface ChunkProcessorDependencies {
  store: JobStore;
  events: JobEvents;
  createContext: ContextFactory;
  log: Logger;
  /** Called once, by whichever worker recorded a job's last item. */
  onFinished(job: JobSnapshot): void;
  /** The chunk's usage for the metrics sinks (see chunk-observation.ts). */
  observe?(observation: RequestObservation, log: Logger): void;
}

export function documentIdOf(document: JobDocument): string {
  return document.id ?? `doc-${sha256Hex(document.content).slice(0, 16)}`;
}

interface ItemRun {
  analysis: AnalysisService;
  budget: JobBudget;
  stopped: { value: boolean };
}

/**
 * Routing is asynchronous (it may read the tenant's budget), so the job's remainder is read again
 * after it: items started together then reserve in turn from what is left at that moment.
 */
async function analyseItem(document: JobDocument, index: number, run: ItemRun): Promise<ItemResult> {
  const documentId = documentIdOf(document);
  if (run.stopped.value) return { index, documentId, error: BUDGET_STOPPED, costUsd: 0 };
  const request = withDefaults(document);
  try {
    const choice = await run.analysis.choose({ ...request, maxCostUsd: run.budget.capFor(document.maxCostUsd) });
    const maxCostUsd = run.budget.capFor(document.maxCostUsd);
    run.budget.reserve(choice.estimatedUsd);
    const outcome = await run.analysis.analyze({ ...request, maxCostUsd });
    return { index, documentId, analysis: storedOutcome(outcome), costUsd: outcome.cost.actualUsd ?? 0 };
  } catch (error) {
    if (stopsJob(error, document.maxCostUsd)) run.stopped.value = true;
    return { index, documentId, error: itemErrorOf(error), costUsd: 0 };
  }
}

export function createChunkProcessor(deps: ChunkProcessorDependencies): ChunkHandler {
  const record = async (result: ItemResult, jobId: string): Promise<void> => {
    const outcome = await deps.store.record(result, jobId);
    if (outcome === 'duplicate' || outcome === 'gone') return;
    await deps.events.publish(jobId).catch((error: unknown) => deps.log.warn({ err: String(error), jobId }, 'job event not published'));
    if (outcome === 'finished') {
      const job = await deps.store.get(jobId);
      if (job) deps.onFinished(job);
    }
  };

  const processChunk = async (task: ChunkTask): Promise<void> => {
    const job = await deps.store.get(task.jobId);
    if (!job || FINAL_STATUSES.has(job.status)) return;
    const done = await deps.store.recorded(
      task.jobId,
      task.documents.map((_, offset) => task.start + offset),
    );
    if (done.every(Boolean)) return;
    const stopped = { value: job.budgetStopped };
    const startedAt = Date.now();
    const started = performance.now();
    const errorCodes: string[] = [];
    const context = await deps.createContext({ headers: {}, tenant: job.tenant });
    try {
      const run: ItemRun = { analysis: context.analysis, budget: new JobBudget(job), stopped };
      await Promise.all(
        task.documents.map(async (document, offset) => {
          if (done[offset]) return;
          const result = await analyseItem(document, task.start + offset, run);
          if (result.error) errorCodes.push(result.error.code);
          // Before the item is recorded: the job's final status (PARTIAL) reads the mark.
          if (stopped.value && !job.budgetStopped) await deps.store.markBudgetStopped(task.jobId);
          await record(result, task.jobId);
        }),
      );
    } finally {
      context.deadline.dispose();
      deps.observe?.(chunkObservation(context, startedAt, performance.now() - started, errorCodes), context.log);
    }
  };

  return async (task) => {
    try {
      await processChunk(task);
    } finally {
      await deps.store.addBacklog(task.tenant, -1).catch(() => undefined);
    }
  };
}
