/**
 * Everything between a data source and one upstream target (a Bedrock model, a SageMaker
 * endpoint): circuit breaker, bulkhead, per-attempt and per-call deadlines, and retries with
 * backoff paid from a retry budget. The SDK's own retries are off (maxAttempts 1) so that every
 * attempt passes through here: the breaker sees each failure, the budget caps retry storms, and no
 * retry starts after the deadline (the SDK would back off up to 20 s, unaware of ours).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { GraphQLError } from 'graphql';
import { ErrorCode, errorCodeOf, gatewayError, isGatewayError, type UpstreamService } from '../errors.js';
import { Bulkhead, BulkheadFullError } from './bulkhead.js';
import { CircuitOpenError, type CircuitSettings, UpstreamCircuit } from './circuit-breaker.js';
import { withDeadline } from './deadline.js';
import { RetryBudget } from './retry-budget.js';
import { type BackoffSettings, backoffDelay, isRetryable } from './retry-policy.js';

export interface UpstreamGuardSettings {
  service: UpstreamService;
  target: string;
  maxAttempts: number;
  attemptTimeoutMs: number;
  /** The deadline for the call with all its retries (the request's deadline applies as well). */
  callTimeoutMs: number;
  backoff: BackoffSettings;
  retryBudgetTokens: number;
  breaker: CircuitSettings;
  maxConcurrency: number;
  maxQueue: number;
}

/** One attempt: must honour `signal` and reject with a coded GraphQLError (the data source translates). */
export type Attempt<T> = (signal: AbortSignal, attempt: number, attemptTimeoutMs: number) => Promise<T>;

export interface GuardCounters {
  calls: number;
  attempts: number;
  retries: number;
  budgetRefusals: number;
  failures: number;
  /** Attempts refused by the open circuit without calling. */
  shortCircuits: number;
}

const SERVICE_NAME: Record<UpstreamService, string> = { bedrock: 'Bedrock', sagemaker: 'SageMaker' };

export class UpstreamGuard {
  readonly circuit: UpstreamCircuit;
  readonly bulkhead: Bulkhead;
  readonly budget: RetryBudget;
  private readonly counts: GuardCounters = { calls: 0, attempts: 0, retries: 0, budgetRefusals: 0, failures: 0, shortCircuits: 0 };

  constructor(
    readonly settings: UpstreamGuardSettings,
    private readonly random: () => number = Math.random,
  ) {
    this.circuit = new UpstreamCircuit(settings.breaker);
    this.bulkhead = new Bulkhead(settings.maxConcurrency, settings.maxQueue);
    this.budget = new RetryBudget(settings.retryBudgetTokens);
  }

  get counters(): GuardCounters {
    return { ...this.counts };
  }

  private fail(code: ErrorCode, what: string, extensions: Record<string, unknown> = {}, cause?: unknown): GraphQLError {
    const { service, target } = this.settings;
    return gatewayError(code, `${SERVICE_NAME[service]}: ${what}`, { cause, extensions: { service, target, ...extensions } });
  }

  async call<T>(attempt: Attempt<T>, signal?: AbortSignal): Promise<T> {
    this.counts.calls++;
    return withDeadline(this.settings.callTimeoutMs, signal, async (deadline) => {
      for (let n = 1; ; n++) {
        try {
          const result = await this.once(attempt, n, deadline);
          this.budget.refund();
          return result;
        } catch (error) {
          const failure = this.coded(error, n, deadline);
          const retry = await this.mayRetry(failure, n, deadline);
          if (!retry) {
            this.counts.failures++;
            (failure.extensions as Record<string, unknown>).attempts = n;
            throw failure;
          }
          this.counts.retries++;
        }
      }
    });
  }

  /** Decides on and waits out the backoff; false when the failure is final. */
  private async mayRetry(failure: GraphQLError, n: number, deadline: AbortSignal): Promise<boolean> {
    if (n >= this.settings.maxAttempts || !isRetryable(failure) || deadline.aborted) return false;
    const afterTimeout = errorCodeOf(failure) === ErrorCode.UPSTREAM_TIMEOUT;
    if (!this.budget.withdraw(afterTimeout)) {
      this.counts.budgetRefusals++;
      (failure.extensions as Record<string, unknown>).retryBudgetExhausted = true;
      return false;
    }
    try {
      await sleep(backoffDelay(n - 1, failure, this.settings.backoff, this.random), undefined, { signal: deadline });
    } catch {
      return false;
    }
    return true;
  }

  private async once<T>(attempt: Attempt<T>, n: number, deadline: AbortSignal): Promise<T> {
    // Fail fast while open, before queueing for a slot that would only be wasted.
    if (this.circuit.refusing) {
      this.counts.shortCircuits++;
      throw new CircuitOpenError('circuit open');
    }
    const release = await this.bulkhead.acquire(deadline);
    try {
      return await this.circuit.run(() => {
        this.counts.attempts++;
        const { attemptTimeoutMs } = this.settings;
        return withDeadline(attemptTimeoutMs, deadline, (signal) => attempt(signal, n, attemptTimeoutMs));
      });
    } finally {
      release();
    }
  }

  /** Our own refusals and deadline expiries as coded errors; the data source's errors as they are. */
  private coded(error: unknown, n: number, deadline: AbortSignal): GraphQLError {
    const { target, breaker, maxConcurrency, maxQueue } = this.settings;
    if (error instanceof CircuitOpenError) {
      return this.fail(
        ErrorCode.UPSTREAM_CIRCUIT_OPEN,
        `${target} is failing; its circuit is open, so it is not called (retry in about ${Math.ceil(breaker.resetMs / 1000)} s)`,
        {
          retryAfterMs: breaker.resetMs,
        },
      );
    }
    if (error instanceof BulkheadFullError) {
      return this.fail(ErrorCode.UPSTREAM_OVERLOADED, `${target} already has ${maxConcurrency} calls in flight and ${maxQueue} waiting`, {
        maxConcurrency,
        maxQueue,
      });
    }
    if (isGatewayError(error)) {
      if (deadline.aborted && errorCodeOf(error) === ErrorCode.UPSTREAM_TIMEOUT) {
        return this.fail(ErrorCode.UPSTREAM_TIMEOUT, `no answer from ${target} within the deadline (attempt ${n})`, {}, error);
      }
      return error;
    }
    // Aborted while waiting for a bulkhead slot, or anything a data source failed to translate.
    if (deadline.aborted) return this.fail(ErrorCode.UPSTREAM_TIMEOUT, `no free slot for ${target} before the deadline`, {}, error);
    return this.fail(ErrorCode.UPSTREAM_ERROR, 'the call failed', {}, error);
  }

  shutdown(): void {
    this.circuit.shutdown();
  }
}
