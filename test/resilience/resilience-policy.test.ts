/** The pure parts of the resilience layer: which errors are retried, backoff bounds, the retry budget, the bulkhead. */
import { describe, expect, it } from 'vitest';
import { ErrorCode, gatewayError } from '../../src/errors.js';
import { Bulkhead, BulkheadFullError } from '../../src/resilience/bulkhead.js';
import { RetryBudget } from '../../src/resilience/retry-budget.js';
import { backoffDelay, countsAgainstCircuit, isRetryable } from '../../src/resilience/retry-policy.js';

const coded = (code: ErrorCode) => gatewayError(code, code);

describe('retry policy', () => {
  it.each([
    [ErrorCode.UPSTREAM_THROTTLED, true, true],
    [ErrorCode.UPSTREAM_UNAVAILABLE, true, true],
    [ErrorCode.UPSTREAM_TIMEOUT, true, true],
    [ErrorCode.UPSTREAM_MODEL_ERROR, false, true],
    [ErrorCode.UPSTREAM_BAD_RESPONSE, false, true],
    [ErrorCode.UPSTREAM_VALIDATION, false, false],
    [ErrorCode.UPSTREAM_ACCESS_DENIED, false, false],
    [ErrorCode.UPSTREAM_NOT_FOUND, false, false],
    [ErrorCode.UPSTREAM_OVERLOADED, false, false],
  ])('%s: retried %s, counts against the circuit %s', (code, retried, counts) => {
    expect(isRetryable(coded(code))).toBe(retried);
    expect(countsAgainstCircuit(coded(code))).toBe(counts);
  });

  it('backs off with full jitter under an exponential ceiling, capped, and longer after throttling', () => {
    const settings = { baseDelayMs: 100, maxDelayMs: 1000 };
    const unavailable = coded(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect(backoffDelay(0, unavailable, settings, () => 0)).toBe(0);
    expect(backoffDelay(0, unavailable, settings, () => 0.999)).toBe(99);
    expect(backoffDelay(2, unavailable, settings, () => 0.999)).toBe(399);
    expect(backoffDelay(10, unavailable, settings, () => 0.999)).toBe(999);
    expect(backoffDelay(0, coded(ErrorCode.UPSTREAM_THROTTLED), settings, () => 0.999)).toBe(499);
  });
});

describe('retry budget', () => {
  it('pays 5 per retry, 10 after a timeout, refunds 1 per success, and refuses when empty', () => {
    const budget = new RetryBudget(20);
    expect(budget.withdraw(false)).toBe(true);
    expect(budget.withdraw(true)).toBe(true);
    expect(budget.available).toBe(5);
    expect(budget.withdraw(true)).toBe(false);
    expect(budget.withdraw(false)).toBe(true);
    expect(budget.withdraw(false)).toBe(false);
    expect(budget.refusals).toBe(2);
    for (let i = 0; i < 100; i++) budget.refund();
    expect(budget.available).toBe(20);
  });
});

describe('bulkhead', () => {
  it('runs at most N at once, queues M, and refuses the rest at once', async () => {
    const bulkhead = new Bulkhead(2, 1);
    const first = await bulkhead.acquire();
    const second = await bulkhead.acquire();
    const third = bulkhead.acquire();
    await expect(bulkhead.acquire()).rejects.toBeInstanceOf(BulkheadFullError);
    expect([bulkhead.active, bulkhead.queued, bulkhead.rejected]).toEqual([2, 1, 1]);
    first();
    const release = await third;
    expect(bulkhead.active).toBe(2);
    second();
    release();
    expect([bulkhead.active, bulkhead.queued, bulkhead.peakActive]).toEqual([0, 0, 2]);
  });

  it('drops a queued caller whose deadline passes', async () => {
    const bulkhead = new Bulkhead(1, 5);
    const held = await bulkhead.acquire();
    await expect(bulkhead.acquire(AbortSignal.timeout(20))).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(bulkhead.queued).toBe(0);
    held();
  });
});
