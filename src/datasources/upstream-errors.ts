/**
 * The part of upstream error translation both AWS services share: aborts, timeouts, transport
 * and deserialisation failures. Service-specific exception classes are matched in each data source.
 */
import type { GraphQLError } from 'graphql';
import { ErrorCode, gatewayError, type UpstreamService } from '../errors.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_ERROR',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_GOAWAY_SESSION',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $retryable?: unknown;
}

export function upstreamError(service: UpstreamService, code: ErrorCode, what: string, cause: unknown): GraphQLError {
  const source = (cause ?? {}) as ErrorLike;
  return gatewayError(code, `${service === 'bedrock' ? 'Bedrock' : 'SageMaker'}: ${what}`, {
    cause,
    extensions: {
      service,
      ...(typeof source.name === 'string' ? { upstreamError: source.name } : {}),
      ...(source.$metadata?.httpStatusCode ? { upstreamStatus: source.$metadata.httpStatusCode } : {}),
      ...(source.$metadata?.requestId ? { upstreamRequestId: source.$metadata.requestId } : {}),
    },
  });
}

/** Failures that are not an AWS error answer: the caller gave up, the wire broke, the body was not JSON. */
export function translateTransportError(service: UpstreamService, error: unknown, timeoutMs: number): GraphQLError | undefined {
  const source = (error ?? {}) as ErrorLike;
  const name = typeof source.name === 'string' ? source.name : '';
  const code = typeof source.code === 'string' ? source.code : '';
  if (name === 'TimeoutError' || name === 'AbortError' || code === 'ABORT_ERR') {
    return upstreamError(service, ErrorCode.UPSTREAM_TIMEOUT, `no answer within ${timeoutMs} ms`, error);
  }
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name)) {
    return upstreamError(service, ErrorCode.UPSTREAM_UNAVAILABLE, `connection failed (${code || name})`, error);
  }
  if (error instanceof SyntaxError || /Deserialization error/i.test(String(source.message ?? ''))) {
    return upstreamError(service, ErrorCode.UPSTREAM_BAD_RESPONSE, 'the response could not be parsed', error);
  }
  return undefined;
}
