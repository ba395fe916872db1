/** Upstream failures become coded GraphQL errors once, matched by SDK exception class, with the original kept. */
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
import { InternalFailure, ModelError, ServiceUnavailable, ValidationError } from '@aws-sdk/client-sagemaker-runtime';
import { describe, expect, it } from 'vitest';
import { translateBedrockError } from '../../src/datasources/bedrock/bedrock.errors.js';
import { translateSageMakerError } from '../../src/datasources/sagemaker/sagemaker.errors.js';
import { ErrorCode } from '../../src/errors.js';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode, requestId: 'req-1' } });

// A Node network error as undici and the HTTP/2 handler raise it.
function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code });
}

describe('translateBedrockError', () => {
  it.each<[string, unknown, ErrorCode]>([
    ['ThrottlingException', new ThrottlingException({ message: 'Too many requests', ...metadata(429) }), ErrorCode.UPSTREAM_THROTTLED],
    ['ModelNotReadyException', new ModelNotReadyException({ message: 'not ready', ...metadata(429) }), ErrorCode.UPSTREAM_THROTTLED],
    [
      'ServiceQuotaExceededException',
      new ServiceQuotaExceededException({ message: 'quota', ...metadata(400) }),
      ErrorCode.UPSTREAM_THROTTLED,
    ],
    ['ModelTimeoutException', new ModelTimeoutException({ message: 'slow', ...metadata(408) }), ErrorCode.UPSTREAM_TIMEOUT],
    ['ServiceUnavailableException', new ServiceUnavailableException({ message: 'down', ...metadata(503) }), ErrorCode.UPSTREAM_UNAVAILABLE],
    ['InternalServerException', new InternalServerException({ message: 'oops', ...metadata(500) }), ErrorCode.UPSTREAM_UNAVAILABLE],
    ['ValidationException', new ValidationException({ message: 'bad input', ...metadata(400) }), ErrorCode.UPSTREAM_VALIDATION],
    ['AccessDeniedException', new AccessDeniedException({ message: 'no', ...metadata(403) }), ErrorCode.UPSTREAM_ACCESS_DENIED],
    ['ResourceNotFoundException', new ResourceNotFoundException({ message: 'no model', ...metadata(404) }), ErrorCode.UPSTREAM_NOT_FOUND],
    ['ModelErrorException', new ModelErrorException({ message: 'model failed', ...metadata(424) }), ErrorCode.UPSTREAM_MODEL_ERROR],
  ])('turns %s into its code, keeping the exception as the cause', (name, error, code) => {
    // Act
    const translated = translateBedrockError(error, 'anthropic.claude-3-haiku-20240307-v1:0', 1000);

    // Assess
    expect(translated.extensions).toMatchObject({ code, service: 'bedrock', upstreamError: name, upstreamRequestId: 'req-1' });
    expect(translated.extensions.upstreamStatus).toBe((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode);
    expect(translated.originalError).toBe(error);
    expect(translated.message).toMatch(/^Bedrock: /);
  });

  it.each<[string, unknown, ErrorCode]>([
    ['a deadline', new DOMException('The operation timed out.', 'TimeoutError'), ErrorCode.UPSTREAM_TIMEOUT],
    ['a refused connection', networkError('ECONNREFUSED'), ErrorCode.UPSTREAM_UNAVAILABLE],
    ['a reset HTTP/2 stream', networkError('ERR_HTTP2_STREAM_ERROR'), ErrorCode.UPSTREAM_UNAVAILABLE],
    ['an unparseable body', new SyntaxError('Unexpected token < in JSON'), ErrorCode.UPSTREAM_BAD_RESPONSE],
    ['anything else', new Error('something new'), ErrorCode.UPSTREAM_ERROR],
  ])('turns %s into its code', (_what, error, code) => {
    // Act
    const translated = translateBedrockError(error, 'm', 1000);

    // Assess
    expect(translated.extensions.code).toBe(code);
    expect(translated.originalError).toBe(error);
  });
});

describe('translateSageMakerError', () => {
  it.each<[string, unknown, ErrorCode]>([
    [
      'a ValidationError naming a missing endpoint',
      new ValidationError({ message: 'Endpoint legal-document-analyzer of account 123456789012 not found.', ...metadata(400) }),
      ErrorCode.UPSTREAM_NOT_FOUND,
    ],
    ['any other ValidationError', new ValidationError({ message: 'Body too large', ...metadata(400) }), ErrorCode.UPSTREAM_VALIDATION],
    [
      'a ModelError',
      new ModelError({ message: 'container failed', OriginalStatusCode: 500, OriginalMessage: 'boom', ...metadata(424) }),
      ErrorCode.UPSTREAM_MODEL_ERROR,
    ],
    ['ServiceUnavailable', new ServiceUnavailable({ message: 'down', ...metadata(503) }), ErrorCode.UPSTREAM_UNAVAILABLE],
    ['InternalFailure', new InternalFailure({ message: 'oops', ...metadata(500) }), ErrorCode.UPSTREAM_UNAVAILABLE],
    [
      'throttling (a 400 named ThrottlingException, not a modelled class)',
      Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', ...metadata(400) }),
      ErrorCode.UPSTREAM_THROTTLED,
    ],
    ['a refused connection', networkError('ECONNREFUSED'), ErrorCode.UPSTREAM_UNAVAILABLE],
  ])('turns %s into its code, keeping the original as the cause', (_what, error, code) => {
    // Act
    const translated = translateSageMakerError(error, 'legal-document-analyzer', 1000);

    // Assess
    expect(translated.extensions).toMatchObject({ code, service: 'sagemaker' });
    expect(translated.originalError).toBe(error);
    expect(translated.message).toMatch(/^SageMaker: /);
  });

  it('names the endpoint and the container status of a ModelError, never the account or log ARN', () => {
    // Prepare
    const error = new ModelError({
      message: 'Received server error (500) from primary',
      OriginalStatusCode: 500,
      LogStreamArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/x',
      ...metadata(424),
    });

    // Act
    const translated = translateSageMakerError(error, 'legal-document-analyzer', 1000);

    // Assess
    expect(translated.message).toBe('SageMaker: endpoint legal-document-analyzer model failed (status 500)');
    expect(JSON.stringify(translated.extensions)).not.toContain('arn:aws');
  });
});
