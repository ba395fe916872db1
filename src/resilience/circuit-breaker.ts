/**
 * One circuit breaker per upstream target, on opossum (maintained by Red Hat / nodeshift, the
 * breaker most Node services use): it keeps the rolling window, the open -> half-open timer and the
 * single half-open probe, so we do not re-implement them. Only the target's health counts against
 * it (see `countsAgainstCircuit`); our deadlines do the timing out, so opossum's timeout is off.
 */
import CircuitBreaker from 'opossum';
import { countsAgainstCircuit } from './retry-policy.js';

export type CircuitState = 'closed' | 'open' | 'halfOpen';

export interface CircuitSettings {
  errorThresholdPercent: number;
  /** Calls in the window before the error rate can open the circuit. */
  volumeThreshold: number;
  /** Open -> half-open after this long. */
  resetMs: number;
  windowMs: number;
}

export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
}

type Work = () => Promise<unknown>;

export class UpstreamCircuit {
  private readonly breaker: CircuitBreaker<[Work], unknown>;
  private opened = 0;
  private rejectedCount = 0;

  constructor(readonly settings: CircuitSettings) {
    this.breaker = new CircuitBreaker<[Work], unknown>((work) => work(), {
      timeout: false,
      errorThresholdPercentage: settings.errorThresholdPercent,
      volumeThreshold: settings.volumeThreshold,
      resetTimeout: settings.resetMs,
      rollingCountTimeout: settings.windowMs,
      rollingCountBuckets: 10,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      // true = "not a failure": the caller's own mistakes do not open the circuit for everyone.
      errorFilter: (error: unknown) => !countsAgainstCircuit(error),
    });
    this.breaker.on('open', () => this.opened++);
    this.breaker.on('reject', () => this.rejectedCount++);
  }

  /** Runs `work` through the breaker; rejects with `CircuitOpenError` without running it while open. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return (await this.breaker.fire(work)) as T;
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === 'EOPENBREAKER') throw new CircuitOpenError('circuit open');
      throw error;
    }
  }

  /** Whether a call now would be refused (open, or half-open with its probe already in flight). */
  get refusing(): boolean {
    return this.breaker.opened || (this.breaker.halfOpen && !this.breaker.pendingClose);
  }

  get state(): CircuitState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'halfOpen' : 'closed';
  }

  get stats(): { opens: number; rejected: number; failures: number; successes: number } {
    const { failures, successes } = this.breaker.stats;
    return { opens: this.opened, rejected: this.rejectedCount, failures, successes };
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}
