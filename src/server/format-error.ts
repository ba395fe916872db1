/**
 * The one formatter of what a client sees of an error, for Apollo's formatError, for the partial
 * errors reported beside data and for the `error` fields of the graph. Development shows everything;
 * production shows a stable code, a message known to be safe for that code, and a few allowed
 * extension fields. The detail goes to the log (error-reporting.plugin.ts), never to the client.
 */
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, errorCodeOf } from '../errors.js';

/**
 * Codes whose message the gateway or Apollo composed from the client's own request and our limits
 * (never from an upstream answer): shown in production, less any schema suggestion.
 */
const REQUEST_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.CONTENT_TOO_LARGE,
  ErrorCode.QUERY_TOO_COMPLEX,
  ErrorCode.REQUEST_TOO_LARGE,
  ErrorCode.BAD_REQUEST,
  ErrorCode.BUDGET_EXCEEDED,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Whether an error of this code describes the client's own request (rather than something that failed here or upstream). */
export function describesRequest(code: string): boolean {
  return REQUEST_CODES.has(code);
}

/** Production's message for every other code: upstream answers can hold ARNs, account ids and request ids. */
const SAFE_MESSAGES: Readonly<Record<string, string>> = {
  [ErrorCode.UNAUTHENTICATED]: 'Authentication required: send a valid x-api-key or Authorization: Bearer token.',
  [ErrorCode.UPSTREAM_THROTTLED]: 'The model service is throttling requests; retry later.',
  [ErrorCode.UPSTREAM_TIMEOUT]: 'The model service did not answer in time.',
  [ErrorCode.UPSTREAM_UNAVAILABLE]: 'The model service is unavailable.',
  [ErrorCode.UPSTREAM_VALIDATION]: 'The model service rejected the request.',
  [ErrorCode.UPSTREAM_ACCESS_DENIED]: 'The gateway is not allowed to use the model service.',
  [ErrorCode.UPSTREAM_NOT_FOUND]: 'The model or endpoint does not exist.',
  [ErrorCode.UPSTREAM_MODEL_ERROR]: 'The model failed to process the request.',
  [ErrorCode.UPSTREAM_BAD_RESPONSE]: 'The model service sent an answer that could not be read.',
  [ErrorCode.UPSTREAM_ERROR]: 'The model service call failed.',
  [ErrorCode.UPSTREAM_CIRCUIT_OPEN]: 'The model service is failing; calls are paused for a moment.',
  [ErrorCode.UPSTREAM_OVERLOADED]: 'The gateway is at its limit of calls to the model service; retry later.',
  [ErrorCode.INTERNAL_SERVER_ERROR]: 'Internal server error',
};

/** Extension fields that describe the client's request or our limits, never an upstream's answer. */
const SAFE_EXTENSIONS = new Set([
  'code',
  'service',
  'field',
  'limit',
  'max',
  'found',
  'bytes',
  'limitUsd',
  'remainingUsd',
  'cheapestUsd',
  'cheapestMethod',
  'scope',
  'documentId',
  'retryAfterMs',
  'maxConcurrency',
  'maxQueue',
]);

// graphql-js's and Apollo's "Did you mean ...?" names fields and enum values of the schema.
const SUGGESTION = / ?Did you mean .+?\?/g;
// Belt and braces: a message that should never hold one.
const ARN = /arn:aws[\w-]*:[^\s"'`,;)]*/g;

/** What a client of a gateway in this mode sees of an error (its formatted form and, when known, the error). */
export function formatClientError(production: boolean, formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError {
  // Apollo fills a missing code with INTERNAL_SERVER_ERROR before formatting; the error itself may say better (errorCodeOf).
  const given = formatted.extensions?.code;
  const code = typeof given === 'string' && given !== ErrorCode.INTERNAL_SERVER_ERROR ? given : errorCodeOf(error);
  if (!production) return { ...formatted, extensions: { ...formatted.extensions, code } };
  const known = REQUEST_CODES.has(code) || Object.hasOwn(SAFE_MESSAGES, code);
  const shownCode = known ? code : ErrorCode.INTERNAL_SERVER_ERROR;
  const message = REQUEST_CODES.has(shownCode)
    ? formatted.message.replace(SUGGESTION, '').replace(ARN, '[arn]')
    : (SAFE_MESSAGES[shownCode] ?? SAFE_MESSAGES[ErrorCode.INTERNAL_SERVER_ERROR]);
  const extensions: Record<string, unknown> = { code: shownCode };
  if (known) {
    for (const [name, value] of Object.entries(formatted.extensions ?? {})) {
      if (name !== 'code' && SAFE_EXTENSIONS.has(name)) extensions[name] = value;
    }
  }
  return {
    message: message as string,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions,
  };
}

export type ClientErrorFormatter = (formatted: GraphQLFormattedError, error?: unknown) => GraphQLFormattedError;

/** Apollo's `formatError` for this mode. */
export function createFormatError(production: boolean): ClientErrorFormatter {
  return (formatted, error) => formatClientError(production, formatted, error);
}
