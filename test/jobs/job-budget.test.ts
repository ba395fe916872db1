import { describe, expect, it } from 'vitest';
import { ErrorCode, gatewayError } from '../../src/errors.js';
import { finalStatus, JobStatus } from '../../src/jobs/job.types.js';
import { JobBudget, stopsJob } from '../../src/jobs/job-budget.js';

describe('a job budget', () => {
  it.each([
    { jobMax: undefined, spent: 0, reserved: [], itemMax: undefined, cap: undefined },
    { jobMax: undefined, spent: 0, reserved: [], itemMax: 0.5, cap: 0.5 },
    { jobMax: 1, spent: 0.25, reserved: [], itemMax: undefined, cap: 0.75 },
    { jobMax: 1, spent: 0.25, reserved: [0.5], itemMax: undefined, cap: 0.25 },
    { jobMax: 1, spent: 0.25, reserved: [0.5], itemMax: 0.1, cap: 0.1 },
    { jobMax: 1, spent: 0.75, reserved: [0.5], itemMax: undefined, cap: 0 },
  ])('caps an item at min(its own max, the job max less spent and reserved): %o', ({ jobMax, spent, reserved, itemMax, cap }) => {
    // Prepare
    const budget = new JobBudget({ ...(jobMax === undefined ? {} : { maxCostUsd: jobMax }), actualUsd: spent });
    for (const usd of reserved) budget.reserve(usd);
    // Act, Assess
    expect(budget.capFor(itemMax)).toBe(cap);
  });

  it('stops the job on a refusal by the job or tenant budget, not by the document’s own maxCostUsd', () => {
    const refusal = (extensions: Record<string, unknown>) => gatewayError(ErrorCode.BUDGET_EXCEEDED, 'over', { extensions });
    expect(stopsJob(refusal({ limitUsd: 0.2 }), 0.5)).toBe(true);
    expect(stopsJob(refusal({ limitUsd: 0.5 }), 0.5)).toBe(false);
    expect(stopsJob(refusal({ limitUsd: 5, scope: 'tenantDaily' }), 5)).toBe(true);
    expect(stopsJob(gatewayError(ErrorCode.UPSTREAM_TIMEOUT, 'slow'), undefined)).toBe(false);
  });

  it.each([
    { completed: 5, failed: 0, budgetStopped: false, status: JobStatus.SUCCEEDED },
    { completed: 0, failed: 5, budgetStopped: false, status: JobStatus.FAILED },
    { completed: 3, failed: 2, budgetStopped: false, status: JobStatus.PARTIAL },
    { completed: 0, failed: 5, budgetStopped: true, status: JobStatus.PARTIAL },
  ])('ends a job from its counts: %o', ({ status, ...job }) => {
    expect(finalStatus(job)).toBe(status);
  });
});
