/** SageMaker Runtime exceptions -> gateway error codes, matched by the SDK's exception classes. */
import {
  InternalDependencyException,
  InternalFailure,
  ModelError,
  ModelNotReadyException,
  ServiceUnavailable,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import type { GraphQLError } from 'graphql';
import { ErrorCode } from '../../errors.js';
import { translateTransportError, upstreamError } from '../upstream-errors.js';
import { PredictionError } from './sagemaker.response.js';

// SageMaker throttling is not a modelled exception: it arrives as a 400 named ThrottlingException.
const THROTTLING_NAMES = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException']);

export function translateSageMakerError(error: unknown, endpoint: string, timeoutMs: number): GraphQLError {
  const fail = (code: ErrorCode, what: string) => upstreamError('sagemaker', code, what, error);
  const name = (error as { name?: unknown } | null)?.name;
  if (error instanceof ModelNotReadyException || (typeof name === 'string' && THROTTLING_NAMES.has(name))) {
    return fail(ErrorCode.UPSTREAM_THROTTLED, `endpoint ${endpoint} is throttled or not ready`);
  }
  if (error instanceof ValidationError) {
    const missing = /not found/i.test(error.message);
    return fail(
      missing ? ErrorCode.UPSTREAM_NOT_FOUND : ErrorCode.UPSTREAM_VALIDATION,
      missing ? `endpoint ${endpoint} not found` : `the request was rejected: ${error.message}`,
    );
  }
  if (error instanceof ModelError) {
    return fail(ErrorCode.UPSTREAM_MODEL_ERROR, `endpoint ${endpoint} model failed (status ${error.OriginalStatusCode ?? 'unknown'})`);
  }
  if (error instanceof ServiceUnavailable || error instanceof InternalFailure || error instanceof InternalDependencyException) {
    return fail(ErrorCode.UPSTREAM_UNAVAILABLE, `service error (${error.name})`);
  }
  if (error instanceof PredictionError) return fail(ErrorCode.UPSTREAM_BAD_RESPONSE, `endpoint ${endpoint} returned an ${error.message}`);
  return translateTransportError('sagemaker', error, timeoutMs) ?? fail(ErrorCode.UPSTREAM_ERROR, 'the call failed');
}
