/**
 * AWS error responses in the exact wire shapes the SDK v3 parses: REST-JSON (Bedrock, SageMaker),
 * JSON 1.0 with query compatibility and awsQuery XML (CloudWatch).
 */
import type { WireResponse } from './wire.js';

export interface ErrorSpec {
  status: number;
  message: string;
}

/** Bedrock Runtime errors (statuses from the service model). */
export const BEDROCK_ERRORS: Readonly<Record<string, ErrorSpec>> = {
  ValidationException: { status: 400, message: 'The provided request is not valid.' },
  SerializationException: { status: 400, message: 'Could not parse the request body.' },
  ServiceQuotaExceededException: { status: 400, message: 'Your request exceeds the service quota for your account.' },
  ConflictException: { status: 400, message: 'The request conflicts with the current state of the resource.' },
  AccessDeniedException: { status: 403, message: "You don't have access to the model with the specified model ID." },
  MissingAuthenticationTokenException: { status: 403, message: 'Missing Authentication Token' },
  IncompleteSignatureException: {
    status: 403,
    message: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter.",
  },
  UnrecognizedClientException: { status: 403, message: 'The security token included in the request is invalid.' },
  ResourceNotFoundException: { status: 404, message: 'The specified resource ARN was not found.' },
  UnknownOperationException: { status: 404, message: 'Not Found' },
  ModelTimeoutException: { status: 408, message: 'Model has timed out in processing the request. Try your request again.' },
  ModelErrorException: { status: 424, message: 'The system encountered an unexpected error during processing. Try your request again.' },
  ThrottlingException: { status: 429, message: 'Too many requests, please wait before trying again.' },
  ModelNotReadyException: { status: 429, message: 'Model is not ready to serve inference requests. Try again later.' },
  InternalServerException: { status: 500, message: 'The server encountered an internal error while processing the request.' },
  ServiceUnavailableException: { status: 503, message: 'Bedrock is unable to process your request.' },
};

/** SageMaker Runtime errors: PascalCase members, and ThrottlingException is a 400 (still retried by name). */
export const SAGEMAKER_ERRORS: Readonly<Record<string, ErrorSpec>> = {
  ValidationError: { status: 400, message: 'Invalid request.' },
  ThrottlingException: { status: 400, message: 'Rate exceeded' },
  MissingAuthenticationTokenException: { status: 403, message: 'Missing Authentication Token' },
  IncompleteSignatureException: {
    status: 403,
    message: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter.",
  },
  AccessDeniedException: { status: 403, message: 'User is not authorized to perform: sagemaker:InvokeEndpoint' },
  UnknownOperationException: { status: 404, message: 'Not Found' },
  ModelError: { status: 424, message: 'Received server error (500) from primary with message "Internal Server Error".' },
  ModelNotReadyException: { status: 429, message: 'Model is not ready to serve inference requests. Try again later.' },
  InternalFailure: { status: 500, message: 'An internal error occurred.' },
  ServiceUnavailable: { status: 503, message: 'The service is unavailable. Try again later.' },
  InternalDependencyException: { status: 530, message: 'An internal dependency failed.' },
};

export interface QueryErrorSpec extends ErrorSpec {
  /** The JSON `__type` (shape id) of the error. */
  type: string;
  /** The legacy awsQuery error code, sent as x-amzn-query-error and in XML. */
  queryCode: string;
  fault: 'Sender' | 'Receiver';
  /** InternalServiceFault models its message as `Message`. */
  messageKey: 'message' | 'Message';
}

const CLOUDWATCH_ERROR_LIST: readonly QueryErrorSpec[] = [
  {
    type: 'com.amazonaws.cloudwatch#InvalidParameterValueException',
    queryCode: 'InvalidParameterValue',
    status: 400,
    fault: 'Sender',
    message: 'The value for a parameter is invalid.',
    messageKey: 'message',
  },
  {
    type: 'com.amazonaws.cloudwatch#MissingRequiredParameterException',
    queryCode: 'MissingParameter',
    status: 400,
    fault: 'Sender',
    message: 'A required parameter is missing.',
    messageKey: 'message',
  },
  {
    type: 'com.amazonaws.cloudwatch#InvalidParameterCombinationException',
    queryCode: 'InvalidParameterCombination',
    status: 400,
    fault: 'Sender',
    message: 'Parameters that must not be used together were used together.',
    messageKey: 'message',
  },
  {
    type: 'com.amazonaws.cloudwatch#InternalServiceFault',
    queryCode: 'InternalServiceError',
    status: 500,
    fault: 'Receiver',
    message: 'Internal service error.',
    messageKey: 'Message',
  },
  {
    type: 'com.amazon.coral.availability#ThrottlingException',
    queryCode: 'Throttling',
    status: 400,
    fault: 'Sender',
    message: 'Rate exceeded',
    messageKey: 'message',
  },
  {
    type: 'com.amazon.coral.service#ServiceUnavailableException',
    queryCode: 'ServiceUnavailable',
    status: 503,
    fault: 'Receiver',
    message: 'Service Unavailable',
    messageKey: 'message',
  },
  {
    type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
    queryCode: 'MissingAuthenticationToken',
    status: 403,
    fault: 'Sender',
    message: 'Request is missing Authentication Token',
    messageKey: 'message',
  },
  {
    type: 'com.amazon.coral.service#IncompleteSignatureException',
    queryCode: 'IncompleteSignature',
    status: 403,
    fault: 'Sender',
    message: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter.",
    messageKey: 'message',
  },
  {
    type: 'com.amazon.coral.service#UnknownOperationException',
    queryCode: 'InvalidAction',
    status: 400,
    fault: 'Sender',
    message: 'The action or operation requested is invalid.',
    messageKey: 'message',
  },
  {
    type: 'com.amazon.coral.service#SerializationException',
    queryCode: 'MalformedQueryString',
    status: 400,
    fault: 'Sender',
    message: 'Could not parse the request body.',
    messageKey: 'message',
  },
  {
    type: 'com.amazon.coral.service#RequestEntityTooLargeException',
    queryCode: 'RequestEntityTooLarge',
    status: 413,
    fault: 'Sender',
    message: 'Request size exceeded 1048576 bytes',
    messageKey: 'message',
  },
];

/** Looks a CloudWatch error up by exception name (`Throttling`Exception), shape id, or query code. */
export function cloudWatchError(name: string): QueryErrorSpec {
  const found = CLOUDWATCH_ERROR_LIST.find((spec) => spec.queryCode === name || spec.type === name || spec.type.endsWith(`#${name}`));
  return (
    found ?? {
      type: `com.amazonaws.cloudwatch#${name}`,
      queryCode: name.replace(/Exception$/, ''),
      status: 400,
      fault: 'Sender',
      message: name,
      messageKey: 'message',
    }
  );
}

export interface RestJsonErrorInput {
  /** Sent as x-amzn-errortype (with the coral suffix when given), which the SDK reads first. */
  name: string;
  status: number;
  requestId: string;
  /** e.g. http://internal.amazon.com/coral/com.amazon.bedrock/ */
  coralNamespace?: string;
  /** The body: `message` for Bedrock, `Message` (+ `ErrorCode`) for SageMaker, plus modelled members. */
  body: Record<string, unknown>;
}

export function restJsonError(input: RestJsonErrorInput): WireResponse {
  const errorType = input.coralNamespace ? `${input.name}:${input.coralNamespace}` : input.name;
  return {
    status: input.status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': input.requestId,
      'x-amzn-errortype': errorType,
    },
    body: JSON.stringify(input.body),
  };
}

/** JSON 1.0 error with query compatibility: the SDK reads the code from x-amzn-query-error before `__type`. */
export function queryCompatJsonError(spec: QueryErrorSpec, requestId: string, message?: string): WireResponse {
  return {
    status: spec.status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': requestId,
      'x-amzn-query-error': `${spec.queryCode};${spec.fault}`,
    },
    body: JSON.stringify({ __type: spec.type, [spec.messageKey]: message ?? spec.message }),
  };
}

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
}

/** The awsQuery error document older SDKs expect. */
export function queryXmlError(spec: QueryErrorSpec, requestId: string, message?: string): WireResponse {
  const xml =
    '<ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">' +
    `<Error><Type>${spec.fault}</Type><Code>${escapeXml(spec.queryCode)}</Code>` +
    `<Message>${escapeXml(message ?? spec.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`;
  return {
    status: spec.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: xml,
  };
}
