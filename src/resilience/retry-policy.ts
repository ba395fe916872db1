/**
 * Which upstream failures are worth another attempt, and how long to wait before it: exponential
 * backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015), as the
 * SDK's standard mode does, but bounded by our own deadline and retry budget.
 */
import type { GraphQLError } from 'graphql';
import { ErrorCode, errorCodeOf } from '../errors.js';

/** The SDK's "throttling" and "transient" classes, as our data sources translate them. */
const RETRYABLE: ReadonlySet<string> = new Set([ErrorCode.UPSTREAM_THROTTLED, ErrorCode.UPSTREAM_UNAVAILABLE, ErrorCode.UPSTREAM_TIMEOUT]);

/**
 * Failures that say the target is unhealthy, and so count against its circuit breaker. Validation,
 * access and not-found errors are the caller's or the configuration's fault: retrying or opening
 * the circuit would not help and would punish other callers.
 */
const UNHEALTHY: ReadonlySet<string> = new Set([
  ErrorCode.UPSTREAM_THROTTLED,
  ErrorCode.UPSTREAM_UNAVAILABLE,
  ErrorCode.UPSTREAM_TIMEOUT,
  ErrorCode.UPSTREAM_MODEL_ERROR,
  ErrorCode.UPSTREAM_BAD_RESPONSE,
  ErrorCode.UPSTREAM_ERROR,
]);

export function isRetryable(error: GraphQLError): boolean {
  return RETRYABLE.has(errorCodeOf(error));
}

export function countsAgainstCircuit(error: unknown): boolean {
  return UNHEALTHY.has(errorCodeOf(error));
}

export interface BackoffSettings {
  baseDelayMs: number;
  maxDelayMs: number;
}

// The SDK waits 20x longer after throttling (1000 ms vs 50 ms base): a throttled service needs room.
const THROTTLING_FACTOR = 5;

/** Full jitter: uniform in [0, min(cap, base * 2^retry)]; `retry` counts from 0. */
export function backoffDelay(retry: number, error: GraphQLError, settings: BackoffSettings, random: () => number = Math.random): number {
  const base = settings.baseDelayMs * (errorCodeOf(error) === ErrorCode.UPSTREAM_THROTTLED ? THROTTLING_FACTOR : 1);
  const ceiling = Math.min(settings.maxDelayMs, base * 2 ** retry);
  return Math.floor(random() * ceiling);
}
