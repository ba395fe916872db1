/** The one client-error formatter, decision by decision (its HTTP behaviour: test/e2e/production-errors.test.ts). */
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ErrorCode, gatewayError } from '../../src/errors.js';
import { formatClientError } from '../../src/server/format-error.js';

const ARN = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0';

const production = (error: GraphQLError) => formatClientError(true, error.toJSON(), error);

describe('formatClientError in production', () => {
  it.each([
    [ErrorCode.UPSTREAM_ACCESS_DENIED, 'The gateway is not allowed to use the model service.'],
    [ErrorCode.UPSTREAM_THROTTLED, 'The model service is throttling requests; retry later.'],
    [ErrorCode.UNAUTHENTICATED, 'Authentication required: send a valid x-api-key or Authorization: Bearer token.'],
    [ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error'],
  ])('gives %s its fixed message and drops upstream detail', (code, message) => {
    const error = gatewayError(code, `Bedrock: no access to model ${ARN}`, {
      extensions: {
        service: 'bedrock',
        target: ARN,
        upstreamRequestId: 'r-1',
        upstreamError: 'AccessDeniedException',
        upstreamStatus: 403,
      },
    });
    const shown = production(error);
    expect(shown.message).toBe(message);
    expect(shown.extensions).toEqual({ code, service: 'bedrock' });
  });

  it('keeps the message of an error about the request, without schema suggestions or ARNs', () => {
    const error = gatewayError(
      ErrorCode.BAD_USER_INPUT,
      `Value "LEGA" does not exist in "DocumentType" enum. Did you mean the enum value "LEGAL"? (model ${ARN})`,
      { extensions: { field: 'documentType', stacktrace: ['at x'] } },
    );
    expect(production(error)).toEqual({
      message: 'Value "LEGA" does not exist in "DocumentType" enum. (model [arn])',
      extensions: { code: 'BAD_USER_INPUT', field: 'documentType' },
    });
  });

  it('masks an error without a code, and one with a code it does not know', () => {
    expect(production(new GraphQLError(`failed reading ${ARN}`))).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    const unknown = new GraphQLError('secret detail', { extensions: { code: 'SOMETHING_NEW', target: ARN } });
    expect(production(unknown)).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it("codes Apollo's codeless 4xx request errors as BAD_REQUEST, even after Apollo filled in INTERNAL_SERVER_ERROR", () => {
    const mismatch = new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400 } } });
    const filledIn = { message: mismatch.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(formatClientError(true, filledIn, mismatch)).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect(formatClientError(false, filledIn, mismatch).extensions?.code).toBe('BAD_REQUEST');
  });
});

describe('formatClientError in development', () => {
  it('keeps the message and every extension', () => {
    const error = gatewayError(ErrorCode.UPSTREAM_ACCESS_DENIED, `Bedrock: no access to model ${ARN}`, {
      extensions: { upstreamRequestId: 'r-1' },
    });
    expect(formatClientError(false, error.toJSON(), error)).toEqual({
      message: `Bedrock: no access to model ${ARN}`,
      extensions: { code: 'UPSTREAM_ACCESS_DENIED', upstreamRequestId: 'r-1' },
    });
  });
});
