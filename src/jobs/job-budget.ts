/**
 * The job's part of the budget, in one place. The tenant's daily budget is checked by the pipeline
 * itself (the context's budget guard, as for analyzeDocument); here only the job's own maxCostUsd:
 * each item is capped at what the job has left after what is spent and what running items reserved.
 * TODO(budgets.reserve/settle): when the reservation API lands, reserve each item's estimate there
 * and settle its actual cost, instead of the in-chunk reservation below.
 */
import { GraphQLError } from 'graphql';
import { ErrorCode, errorCodeOf } from '../errors.js';
import type { ItemError, JobSnapshot } from './job.types.js';

export class JobBudget {
  private reservedUsd: number;

  constructor(private readonly job: Pick<JobSnapshot, 'maxCostUsd' | 'actualUsd'>) {
    this.reservedUsd = job.actualUsd;
  }

  /** What this item may cost at most: its own cap or the job's remainder, whichever is lower. */
  capFor(itemMaxUsd: number | null | undefined): number | undefined {
    const left = this.job.maxCostUsd === undefined ? undefined : Math.max(0, this.job.maxCostUsd - this.reservedUsd);
    if (left === undefined) return itemMaxUsd ?? undefined;
    return itemMaxUsd === null || itemMaxUsd === undefined ? left : Math.min(itemMaxUsd, left);
  }

  /** Holds an item's estimate until the chunk ends, so items started together cannot all spend the same remainder. */
  reserve(estimatedUsd: number): void {
    this.reservedUsd += estimatedUsd;
  }
}

/**
 * A budget refusal stops the job unless the limit was the document's own maxCostUsd (that refuses
 * only this document): the tenant's daily budget or the job's remainder is spent for every item.
 */
export function stopsJob(error: unknown, itemMaxUsd: number | null | undefined): boolean {
  if (errorCodeOf(error) !== ErrorCode.BUDGET_EXCEEDED || !(error instanceof GraphQLError)) return false;
  return error.extensions.scope === 'tenantDaily' || error.extensions.limitUsd !== itemMaxUsd;
}

export const BUDGET_STOPPED: ItemError = {
  code: ErrorCode.BUDGET_EXCEEDED,
  message: 'the job stopped: its maxCostUsd or the tenant budget is spent',
};
