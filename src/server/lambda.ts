/**
 * The AWS Lambda entry: one handler for API Gateway REST (v1) and HTTP API (v2) events and ALB target
 * events, over the same gateway, schema and context factory as the HTTP server. `npm run build` emits
 * it as dist/server/lambda.js; serverless.yml names `dist/server/lambda.handler`.
 */
import { HeaderMap } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type {
  ALBEvent,
  ALBResult,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { loadProcessConfig } from '../config/config.load.js';
import { ErrorCode } from '../errors.js';
import { createGateway, type Gateway, type GatewayOptions } from './gateway.js';
import { BodyEncodingError, BodyNestingError, checkJsonDepth, decodeUtf8 } from './limits.body.js';
import { guardProcess } from './unhandled-errors.js';

export type LambdaEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2 | ALBEvent;
export type LambdaResult = APIGatewayProxyResult | APIGatewayProxyStructuredResultV2 | ALBResult;
export type EventKind = 'rest-v1' | 'http-v2' | 'alb';
export type LambdaEntry = (event: LambdaEvent, context: Context) => Promise<LambdaResult>;

/**
 * Builds the gateway on the first invocation. It receives the options a Lambda gateway needs (the
 * integration starts Apollo itself) and must pass them to `createGateway`.
 */
export type LambdaGatewayFactory = (options: Required<Pick<GatewayOptions, 'deferApolloStart'>>) => Promise<Gateway>;

type EventRequestHandler = handlers.RequestHandler<LambdaEvent, LambdaResult>;
/** @apollo/server's CommonJS `ApolloServer`, as the (CommonJS) integration declares its parameter. */
type IntegrationApolloServer = Parameters<typeof startServerAndCreateLambdaHandler>[0];

class UnsupportedEventError extends Error {}
class EventBodyTooLargeError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Tells the three event kinds apart by the members AWS documents for each. */
export function eventKind(event: unknown): EventKind {
  const context = isRecord(event) ? event.requestContext : undefined;
  if (!isRecord(event) || !isRecord(context)) {
    throw new UnsupportedEventError('not an API Gateway (REST or HTTP API) or ALB event: no requestContext');
  }
  if (event.version === '2.0' && isRecord(context.http) && typeof context.http.method === 'string') return 'http-v2';
  if (isRecord(context.elb) && typeof event.httpMethod === 'string') return 'alb';
  // REST APIs, and HTTP APIs with payload format 1.0, send this shape.
  if (typeof event.httpMethod === 'string') return 'rest-v1';
  throw new UnsupportedEventError('not an API Gateway (REST or HTTP API) or ALB event: no HTTP method');
}

const REQUEST_HANDLERS = {
  'rest-v1': handlers.createAPIGatewayProxyEventRequestHandler(),
  'http-v2': handlers.createAPIGatewayProxyEventV2RequestHandler(),
  alb: handlers.createALBEventRequestHandler(),
} as const;

function jsonResult(statusCode: number, code: ErrorCode, message: string): LambdaResult {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) },
    body,
  };
}

function isJson(event: LambdaEvent): boolean {
  const entry = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type');
  return entry?.[1]?.includes('json') ?? false;
}

/**
 * The checks http.ts makes while reading a body: a size limit, strict UTF-8 (the integration decodes
 * base64 bodies leniently, turning bad bytes into U+FFFD and so changing the document) and bounded
 * JSON nesting.
 */
function checkEventBody(event: LambdaEvent, limit: number): void {
  if (typeof event.body !== 'string' || event.body === '') return;
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : undefined;
  // API Gateway and Lambda cap payloads themselves (10 MB, 6 MB); MAX_BODY_BYTES may be lower.
  if ((bytes?.length ?? Buffer.byteLength(event.body, 'utf8')) > limit)
    throw new EventBodyTooLargeError(`request body over ${limit} bytes`);
  const text = bytes ? decodeUtf8(bytes) : event.body;
  if (isJson(event)) checkJsonDepth(text);
}

function requestHandlerFor(gateway: Gateway): EventRequestHandler {
  const limit = gateway.config.server.maxBodyBytes;
  return {
    fromEvent(event) {
      const kind = eventKind(event);
      checkEventBody(event, limit);
      // Narrowed by eventKind; TypeScript cannot follow a runtime shape check into the union.
      if (kind === 'http-v2') return REQUEST_HANDLERS[kind].fromEvent(event as APIGatewayProxyEventV2);
      if (kind === 'alb') return REQUEST_HANDLERS[kind].fromEvent(event as ALBEvent);
      return REQUEST_HANDLERS[kind].fromEvent(event as APIGatewayProxyEvent);
    },
    // The three integrations answer the same `{ statusCode, headers, body }`, which each event kind
    // accepts (test/server/lambda.test.ts checks every kind), so one generator serves them all.
    toSuccessResult: (response) => REQUEST_HANDLERS['http-v2'].toSuccessResult(response),
    toErrorResult(error) {
      if (error instanceof EventBodyTooLargeError) return jsonResult(413, ErrorCode.REQUEST_TOO_LARGE, error.message);
      if (error instanceof UnsupportedEventError || error instanceof BodyEncodingError || error instanceof BodyNestingError) {
        return jsonResult(400, ErrorCode.BAD_REQUEST, error.message);
      }
      if (error instanceof SyntaxError) return jsonResult(400, ErrorCode.BAD_REQUEST, 'request body is not valid JSON');
      gateway.log.error({ err: error }, 'lambda invocation failed outside GraphQL execution');
      return jsonResult(500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
    },
  };
}

/** The event's headers as Apollo and the context factory read them, with Lambda's request id as the default id. */
function requestHeaders(event: LambdaEvent, context: Context): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers.set(name, value);
  }
  // Ties the gateway's log lines to the Lambda invocation's when the caller sent no id of its own.
  if (!headers.has('x-request-id') && context.awsRequestId) headers.set('x-request-id', context.awsRequestId);
  return headers;
}

/** The client's address as API Gateway saw it (ALB events carry none but a forwardable header). */
function sourceIp(event: LambdaEvent): string | undefined {
  const requestContext: unknown = 'requestContext' in event ? event.requestContext : undefined;
  if (typeof requestContext !== 'object' || requestContext === null) return undefined;
  const http = 'http' in requestContext ? (requestContext.http as { sourceIp?: unknown }) : undefined;
  const identity = 'identity' in requestContext ? (requestContext.identity as { sourceIp?: unknown }) : undefined;
  const ip = http?.sourceIp ?? identity?.sourceIp;
  return typeof ip === 'string' ? ip : undefined;
}

/**
 * A Lambda handler that builds its gateway (and starts Apollo) on the first invocation and reuses it
 * for every later invocation of the container. If building fails, the invocation fails and the next
 * one tries again.
 */
export function createLambdaHandler(buildGateway: LambdaGatewayFactory): LambdaEntry {
  let ready: Promise<LambdaEntry> | undefined;
  const start = async (): Promise<LambdaEntry> => {
    const gateway = await buildGateway({ deferApolloStart: true });
    // The integration is CommonJS and types its parameter with @apollo/server's CommonJS declarations;
    // ours is the ES module build of the same class, which TypeScript sees as a different type.
    const apollo = gateway.apollo as unknown as IntegrationApolloServer;
    const invoke = startServerAndCreateLambdaHandler(apollo, requestHandlerFor(gateway), {
      context: ({ event, context }) => {
        const remoteAddress = sourceIp(event);
        return gateway.createContext({ headers: requestHeaders(event, context), ...(remoteAddress ? { remoteAddress } : {}) });
      },
    });
    return async (event, context) => {
      let result: Awaited<ReturnType<typeof invoke>>;
      try {
        result = await invoke(event, context, () => undefined);
      } finally {
        // A frozen container runs no timers: buffered metrics (the CloudWatch sink) go out now or
        // maybe never. EMF and Prometheus hold nothing, so for them this costs nothing.
        await gateway.metrics.flush();
      }
      if (!result) throw new Error('the Lambda integration returned no result');
      return result;
    };
  };
  return async (event, context) => {
    ready ??= start().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    const invoke = await ready;
    return invoke(event, context);
  };
}

/**
 * The function serverless.yml deploys. The one module-level value in the code base, on purpose: a
 * Lambda container lives as long as this module, and its gateway (SDK clients with warm connections,
 * the schema, Apollo) must outlive an invocation to be reused. Nothing is built until the first
 * invocation, so importing this module starts nothing (the process-wide error handlers included).
 */
export const handler: LambdaEntry = createLambdaHandler(async (options) => {
  const gateway = await createGateway(loadProcessConfig(), options);
  // Installed once, with the gateway that outlives invocations: a stray rejection is logged and
  // counted here rather than failing the invocation that happens to be running.
  guardProcess({ log: gateway.log, registry: gateway.metrics.prometheus?.registry });
  return gateway;
});
