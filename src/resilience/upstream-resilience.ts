/**
 * The gateway's resilience state: one guard per upstream target, created on first use, shared by
 * every request (a breaker must remember failures across requests). Read by the router (which
 * targets to avoid) and by the metrics (`snapshot()`).
 */
import type { ResilienceConfig } from '../config/config.types.js';
import type { UpstreamService } from '../errors.js';
import type { CircuitState } from './circuit-breaker.js';
import { type GuardCounters, UpstreamGuard } from './upstream-guard.js';

export interface TargetSnapshot extends GuardCounters {
  service: UpstreamService;
  target: string;
  circuit: CircuitState;
  circuitOpens: number;
  circuitRejections: number;
  inFlight: number;
  queued: number;
  peakInFlight: number;
  bulkheadRejections: number;
  retryTokens: number;
}

export interface ResilienceSnapshot {
  targets: TargetSnapshot[];
}

export interface CallTimeouts {
  bedrockMs: number;
  sagemakerMs: number;
}

const keyOf = (service: UpstreamService, target: string) => `${service}\u0000${target}`;

export class UpstreamResilience {
  private readonly guards = new Map<string, UpstreamGuard>();

  constructor(
    private readonly config: ResilienceConfig,
    private readonly callTimeouts: CallTimeouts,
    private readonly random: () => number = Math.random,
  ) {}

  guard(service: UpstreamService, target: string): UpstreamGuard {
    const key = keyOf(service, target);
    let guard = this.guards.get(key);
    if (!guard) {
      const { config } = this;
      guard = new UpstreamGuard(
        {
          service,
          target,
          maxAttempts: config.maxAttempts,
          attemptTimeoutMs: service === 'bedrock' ? config.bedrockAttemptTimeoutMs : config.sagemakerAttemptTimeoutMs,
          callTimeoutMs: service === 'bedrock' ? this.callTimeouts.bedrockMs : this.callTimeouts.sagemakerMs,
          backoff: { baseDelayMs: config.retryBaseDelayMs, maxDelayMs: config.retryMaxDelayMs },
          retryBudgetTokens: config.retryBudgetTokens,
          breaker: config.breaker,
          maxConcurrency: config.maxConcurrency,
          maxQueue: config.maxQueue,
        },
        this.random,
      );
      this.guards.set(key, guard);
    }
    return guard;
  }

  /** Why a target should not be called now, or undefined when it may be. */
  private unavailableReason(service: UpstreamService, target: string): string | undefined {
    const guard = this.guards.get(keyOf(service, target));
    if (!guard?.circuit.refusing) return undefined;
    return guard.circuit.state === 'open'
      ? `circuit open for ${target} after repeated failures`
      : `circuit half-open for ${target}, a probe is in flight`;
  }

  /** The `unavailable` argument of `chooseMethod` for one document's targets. */
  unavailableFor(targets: { bedrock: string; sagemaker: string }): Partial<Record<UpstreamService, string>> {
    const bedrock = this.unavailableReason('bedrock', targets.bedrock);
    const sagemaker = this.unavailableReason('sagemaker', targets.sagemaker);
    return { ...(bedrock ? { bedrock } : {}), ...(sagemaker ? { sagemaker } : {}) };
  }

  snapshot(): ResilienceSnapshot {
    return {
      targets: [...this.guards.values()].map((guard) => {
        const circuit = guard.circuit.stats;
        return {
          service: guard.settings.service,
          target: guard.settings.target,
          circuit: guard.circuit.state,
          circuitOpens: circuit.opens,
          circuitRejections: circuit.rejected,
          inFlight: guard.bulkhead.active,
          queued: guard.bulkhead.queued,
          peakInFlight: guard.bulkhead.peakActive,
          bulkheadRejections: guard.bulkhead.rejected,
          retryTokens: guard.budget.available,
          ...guard.counters,
        };
      }),
    };
  }

  /** Stops the breakers' timers. */
  shutdown(): void {
    for (const guard of this.guards.values()) guard.shutdown();
  }
}
