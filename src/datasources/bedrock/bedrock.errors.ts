/** Bedrock Runtime exceptions -> gateway error codes, matched by the SDK's exception classes. */
import {
  AccessDeniedException,
  InternalServerException,
  ModelErrorException,
  ModelNotReadyException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import type { GraphQLError } from 'graphql';
import { ErrorCode } from '../../errors.js';
import { translateTransportError, upstreamError } from '../upstream-errors.js';

export function translateBedrockError(error: unknown, modelId: string, timeoutMs: number): GraphQLError {
  const fail = (code: ErrorCode, what: string) => upstreamError('bedrock', code, what, error);
  if (error instanceof ThrottlingException || error instanceof ModelNotReadyException || error instanceof ServiceQuotaExceededException) {
    return fail(ErrorCode.UPSTREAM_THROTTLED, `model ${modelId} is throttled or not ready (${error.name})`);
  }
  if (error instanceof ModelTimeoutException) return fail(ErrorCode.UPSTREAM_TIMEOUT, `model ${modelId} timed out`);
  if (error instanceof ServiceUnavailableException || error instanceof InternalServerException) {
    return fail(ErrorCode.UPSTREAM_UNAVAILABLE, `service error (${error.name})`);
  }
  if (error instanceof ValidationException) return fail(ErrorCode.UPSTREAM_VALIDATION, `the request was rejected: ${error.message}`);
  if (error instanceof AccessDeniedException) return fail(ErrorCode.UPSTREAM_ACCESS_DENIED, `no access to model ${modelId}`);
  if (error instanceof ResourceNotFoundException) return fail(ErrorCode.UPSTREAM_NOT_FOUND, `model ${modelId} not found`);
  if (error instanceof ModelErrorException) return fail(ErrorCode.UPSTREAM_MODEL_ERROR, `model ${modelId} failed`);
  return translateTransportError('bedrock', error, timeoutMs) ?? fail(ErrorCode.UPSTREAM_ERROR, 'the call failed');
}
