/** Every error a client can see: one enum of codes, one constructor, so codes stay stable and documented. */
import { GraphQLError } from 'graphql';

export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONTENT_TOO_LARGE = 'CONTENT_TOO_LARGE',
  /** A file whose bytes are not a format the gateway reads, or contradict its declared media type. */
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  /** A file of a supported format that cannot be read: corrupt, truncated, encrypted, empty or without text. */
  UNREADABLE_DOCUMENT = 'UNREADABLE_DOCUMENT',
  BUDGET_EXCEEDED = 'BUDGET_EXCEEDED',
  UPSTREAM_THROTTLED = 'UPSTREAM_THROTTLED',
  UPSTREAM_TIMEOUT = 'UPSTREAM_TIMEOUT',
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_VALIDATION = 'UPSTREAM_VALIDATION',
  UPSTREAM_ACCESS_DENIED = 'UPSTREAM_ACCESS_DENIED',
  UPSTREAM_NOT_FOUND = 'UPSTREAM_NOT_FOUND',
  UPSTREAM_MODEL_ERROR = 'UPSTREAM_MODEL_ERROR',
  UPSTREAM_BAD_RESPONSE = 'UPSTREAM_BAD_RESPONSE',
  UPSTREAM_ERROR = 'UPSTREAM_ERROR',
  /** The upstream target's circuit breaker is open: failing fast instead of calling it. */
  UPSTREAM_CIRCUIT_OPEN = 'UPSTREAM_CIRCUIT_OPEN',
  /** The upstream target's bulkhead (concurrency cap and queue) is full. */
  UPSTREAM_OVERLOADED = 'UPSTREAM_OVERLOADED',
  /** The operation is over a depth, alias, token, directive, cost or analyses-per-operation limit. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** No valid API key or token, and anonymous access is off. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  REQUEST_TOO_LARGE = 'REQUEST_TOO_LARGE',
  BAD_REQUEST = 'BAD_REQUEST',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export type UpstreamService = 'bedrock' | 'sagemaker';

export interface GatewayErrorOptions {
  cause?: unknown;
  /** Extra, client-safe extension fields (never ARNs, stacks or document text). */
  extensions?: Record<string, unknown>;
}

export function gatewayError(code: ErrorCode, message: string, options: GatewayErrorOptions = {}): GraphQLError {
  return new GraphQLError(message, {
    extensions: { ...options.extensions, code },
    originalError: options.cause instanceof Error ? options.cause : undefined,
  });
}

export function errorCodeOf(error: unknown): string {
  if (error instanceof GraphQLError) {
    const code = error.extensions.code;
    if (typeof code === 'string') return code;
  }
  return ErrorCode.INTERNAL_SERVER_ERROR;
}

/** Errors the gateway deliberately raised; anything else is masked in production. */
export function isGatewayError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && typeof error.extensions.code === 'string';
}
