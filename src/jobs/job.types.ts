/** What a job is, as stored and as shown: its counts and status, and one stored result per document. */
import type { AccuracyRequirement, Architecture, DocumentType } from '../domain.js';

export enum JobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  PARTIAL = 'PARTIAL',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}

export const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set([
  JobStatus.SUCCEEDED,
  JobStatus.PARTIAL,
  JobStatus.FAILED,
  JobStatus.CANCELLED,
]);

export interface JobDocument {
  id?: string | null;
  content: string;
  documentType?: DocumentType | null;
  accuracy?: AccuracyRequirement | null;
  architecture?: Architecture | null;
  maxCostUsd?: number | null;
}

/** The job's state; counts only grow, the status only moves forward. */
export interface JobSnapshot {
  id: string;
  tenant: string;
  status: JobStatus;
  total: number;
  completed: number;
  failed: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  estimatedUsd: number;
  actualUsd: number;
  maxCostUsd?: number;
  callbackUrl?: string;
  /** Set when a budget (the tenant's or the job's) stopped the job; the rest of its items fail with BUDGET_EXCEEDED. */
  budgetStopped: boolean;
}

export interface NewJob {
  id: string;
  tenant: string;
  total: number;
  createdAt: number;
  estimatedUsd: number;
  maxCostUsd?: number;
  callbackUrl?: string;
}

/** One queue task: a run of consecutive documents of one job, processed together. */
export interface ChunkTask {
  jobId: string;
  tenant: string;
  /** Index of the first document in the job. */
  start: number;
  documents: JobDocument[];
  /** Lower runs first (BullMQ's convention): the tenant's backlog ahead of this chunk, plus one. */
  priority: number;
}

export interface ItemError {
  code: string;
  message: string;
}

/** A document's outcome as stored: the analysis (side errors as code and message) or the error. */
export interface ItemResult {
  index: number;
  documentId: string;
  analysis?: Record<string, unknown>;
  error?: ItemError;
  costUsd: number;
}

/** Whether recording an item changed the job, and whether it finished it. */
export type RecordOutcome = 'duplicate' | 'recorded' | 'finished' | 'gone';

/** How a job ends, from its counts and whether a budget stopped it. */
export function finalStatus(job: Pick<JobSnapshot, 'completed' | 'failed' | 'budgetStopped'>): JobStatus {
  if (job.budgetStopped) return JobStatus.PARTIAL;
  if (job.failed === 0) return JobStatus.SUCCEEDED;
  if (job.completed === 0) return JobStatus.FAILED;
  return JobStatus.PARTIAL;
}
