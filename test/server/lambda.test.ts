/**
 * The Lambda entry with real event shapes (API Gateway REST v1, HTTP API v2, ALB, malformed ones)
 * against the real local AWS services: real analyses come back, and one gateway serves every
 * invocation of a container.
 */
import type { ALBEvent, APIGatewayProxyEvent, APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/config.load.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { createGateway, type Gateway } from '../../src/server/gateway.js';
import {
  createLambdaHandler,
  eventKind,
  type LambdaEntry,
  type LambdaEvent,
  type LambdaGatewayFactory,
  type LambdaResult,
} from '../../src/server/lambda.js';
import { CLINICAL_NOTE, CONTRACT } from '../fixtures/documents.js';
import { startTestUpstreams } from '../support/test-gateway.js';

const ANALYZE = `query Analyze($content: String!, $type: DocumentType) {
  analyzeDocument(input: {content: $content, documentType: $type, architecture: PARALLEL}) {
    method bedrock { detectedType topic } sagemaker { endpoint label }
  }
}`;

interface AnalyzeBody {
  data?: {
    analyzeDocument: { method: string; bedrock: { detectedType: string; topic: string }; sagemaker: { endpoint: string; label: string } };
  };
  errors?: Array<{ message: string; extensions: { code: string } }>;
}

function lambdaContext(awsRequestId: string): Context {
  return {
    awsRequestId,
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'hybrid-ai-gateway-test-graphql',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:hybrid-ai-gateway-test-graphql',
    memoryLimitInMB: '1024',
    logGroupName: '/aws/lambda/hybrid-ai-gateway-test-graphql',
    logStreamName: '2025/01/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const JSON_HEADERS = { 'Content-Type': 'application/json', Host: 'abc123.execute-api.us-east-1.amazonaws.com', 'User-Agent': 'vitest' };

// As API Gateway documents a REST API proxy-integration event (payload format 1.0).
function restEvent(
  method: 'GET' | 'POST',
  body: string | null,
  query: Record<string, string> = {},
  headers: Record<string, string> = JSON_HEADERS,
): APIGatewayProxyEvent {
  return {
    resource: '/graphql',
    path: '/graphql',
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: Object.keys(query).length ? query : null,
    multiValueQueryStringParameters: Object.keys(query).length
      ? Object.fromEntries(Object.entries(query).map(([name, value]) => [name, [value]]))
      : null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: null,
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      extendedRequestId: 'c6af9ac6-rest',
      httpMethod: method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.7',
        user: null,
        userAgent: 'vitest',
        userArn: null,
      },
      path: '/prod/graphql',
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTimeEpoch: 1_735_689_600_000,
      resourceId: 'abcdef',
      resourcePath: '/graphql',
      stage: 'prod',
    },
    body,
    isBase64Encoded: false,
  };
}

// As API Gateway documents an HTTP API event (payload format 2.0).
function httpApiEvent(method: 'GET' | 'POST', body: string | undefined, rawQueryString = '', base64 = false): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/graphql',
    rawQueryString,
    cookies: ['session=abc'],
    headers: { 'content-type': 'application/json', host: 'abc123.execute-api.us-east-1.amazonaws.com', 'user-agent': 'vitest' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '01/Jan/2025:00:00:00 +0000',
      timeEpoch: 1_735_689_600_000,
    },
    ...(body === undefined ? {} : { body: base64 ? Buffer.from(body).toString('base64') : body }),
    isBase64Encoded: base64,
  };
}

// As Elastic Load Balancing documents a Lambda target's event (multi-value headers off).
function albEvent(
  method: 'GET' | 'POST',
  body: string,
  query: Record<string, string> = {},
  headers: Record<string, string> = { 'content-type': 'application/json' },
): ALBEvent {
  return {
    requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gateway/6d0ecf831eec9f09' } },
    httpMethod: method,
    path: '/graphql',
    queryStringParameters: query,
    headers: {
      host: 'gateway-123.us-east-1.elb.amazonaws.com',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
      ...headers,
    },
    body,
    isBase64Encoded: false,
  };
}

const analyzeBody = (content: string, type: string) => JSON.stringify({ query: ANALYZE, variables: { content, type } });

function parse(result: LambdaResult): AnalyzeBody {
  expect(typeof result).toBe('object');
  return JSON.parse((result as { body: string }).body) as AnalyzeBody;
}

let upstreams: LocalUpstreams;
const gateways: Gateway[] = [];

/** A factory as the default handler's, but on the shared local services and counting its calls. */
function countingFactory(env: Record<string, string> = {}): LambdaGatewayFactory & { calls: number } {
  const factory = Object.assign(
    async (options: { deferApolloStart: boolean }) => {
      factory.calls += 1;
      const gateway = await createGateway(
        loadConfig({ LOG_LEVEL: 'silent', GATEWAY_MODE: 'production', LOCAL_UPSTREAMS: 'on', ALLOW_ANONYMOUS: 'on', ...env }),
        {
          ...options,
          localUpstreams: upstreams,
        },
      );
      gateways.push(gateway);
      return gateway;
    },
    { calls: 0 },
  );
  return factory;
}

let factory: ReturnType<typeof countingFactory>;
let handler: LambdaEntry;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  factory = countingFactory({ MAX_BODY_BYTES: '65536' });
  handler = createLambdaHandler(factory);
});
afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await upstreams?.close();
});
beforeEach(() => upstreams.resetCalls());

describe('Lambda handler: the three event kinds', () => {
  it('answers a REST API (v1) POST with a real hybrid analysis from Bedrock and SageMaker', async () => {
    const result = await handler(restEvent('POST', analyzeBody(CONTRACT, 'LEGAL')), lambdaContext('inv-rest'));

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/application\/(graphql-response\+)?json/);
    const { data, errors } = parse(result);
    expect(errors).toBeUndefined();
    expect(data!.analyzeDocument).toMatchObject({
      method: 'HYBRID',
      bedrock: { detectedType: 'LEGAL' },
      sagemaker: { endpoint: 'legal-document-analyzer' },
    });
    expect(data!.analyzeDocument.bedrock.topic.length).toBeGreaterThan(0);
    const modelCalls = upstreams.calls.filter((call) => call.service !== 'cloudwatch');
    expect(modelCalls.map((call) => call.service).sort()).toEqual(['bedrock', 'sagemaker']);
  });

  it('answers an HTTP API (v2) POST with a base64-encoded body', async () => {
    const result = await handler(httpApiEvent('POST', analyzeBody(CLINICAL_NOTE, 'MEDICAL'), '', true), lambdaContext('inv-v2'));

    expect(result.statusCode).toBe(200);
    const { data } = parse(result);
    expect(data!.analyzeDocument.sagemaker.endpoint).toBe('medical-text-classifier');
    expect(data!.analyzeDocument.bedrock.detectedType).toBe('MEDICAL');
  });

  it('answers an ALB POST and an ALB GET (query string, CSRF preflight header)', async () => {
    const post = await handler(albEvent('POST', analyzeBody(CONTRACT, 'LEGAL')), lambdaContext('inv-alb-post'));
    expect(post.statusCode).toBe(200);
    expect(parse(post).data!.analyzeDocument.sagemaker.endpoint).toBe('legal-document-analyzer');

    const query = encodeURIComponent('{ estimateCost(input: {content: "hello world"}) { inputTokens } }');
    const get = await handler(albEvent('GET', '', { query }, { 'apollo-require-preflight': 'true' }), lambdaContext('inv-alb-get'));
    expect(get.statusCode).toBe(200);
    expect(JSON.parse((get as { body: string }).body)).toMatchObject({ data: { estimateCost: { inputTokens: expect.any(Number) } } });
  });

  it('answers GET queries from REST (multi-value query parameters) and HTTP API (raw query string)', async () => {
    const query = '{ chooseMethod(input: {content: "The tenant shall pay rent.", documentType: LEGAL, accuracy: HIGH}) { method } }';
    const rest = await handler(
      restEvent('GET', null, { query }, { ...JSON_HEADERS, 'apollo-require-preflight': 'true' }),
      lambdaContext('inv-rest-get'),
    );
    const v2Event = httpApiEvent('GET', undefined, `query=${encodeURIComponent(query)}`);
    v2Event.headers['apollo-require-preflight'] = 'true';
    const v2 = await handler(v2Event, lambdaContext('inv-v2-get'));

    for (const result of [rest, v2]) {
      expect(result.statusCode).toBe(200);
      expect(JSON.parse((result as { body: string }).body)).toEqual({ data: { chooseMethod: { method: 'HYBRID' } } });
    }
  });

  it('batches aliased analyses of one invocation into one SageMaker call per endpoint', async () => {
    const fields = Array.from(
      { length: 5 },
      (_, i) =>
        `a${i}: analyzeDocument(input: {content: ${JSON.stringify(`${CONTRACT} (${i})`)}, documentType: LEGAL, architecture: DECISION_TREE}) { sagemaker { label } }`,
    );
    const result = await handler(httpApiEvent('POST', JSON.stringify({ query: `{ ${fields.join(' ')} }` })), lambdaContext('inv-batch'));

    expect(result.statusCode).toBe(200);
    const sagemakerCalls = upstreams.calls.filter((call) => call.service === 'sagemaker');
    expect(sagemakerCalls.map((call) => call.instances)).toEqual([5]);
  });
});

describe('Lambda handler: one gateway per container', () => {
  it('creates the gateway once, on the first invocation, and reuses it for later and concurrent ones', async () => {
    const fresh = countingFactory();
    const coldHandler = createLambdaHandler(fresh);
    expect(fresh.calls).toBe(0);

    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        coldHandler(
          httpApiEvent('POST', JSON.stringify({ query: '{ estimateCost(input: {content: "x y z"}) { inputTokens } }' })),
          lambdaContext(`inv-${i}`),
        ),
      ),
    );
    await coldHandler(
      restEvent('POST', JSON.stringify({ query: '{ estimateCost(input: {content: "a b"}) { inputTokens } }' })),
      lambdaContext('inv-later'),
    );

    expect(results.map((result) => result.statusCode)).toEqual([200, 200, 200, 200]);
    expect(fresh.calls).toBe(1);
  });

  it('flushes buffered metrics at the end of each invocation (a frozen container runs no flush timer)', async () => {
    const cloudwatchHandler = createLambdaHandler(countingFactory({ METRICS_SINKS: 'cloudwatch', METRICS_FLUSH_INTERVAL_MS: '600000' }));

    const result = await cloudwatchHandler(
      httpApiEvent('POST', JSON.stringify({ query: '{ estimateCost(input: {content: "flush me"}) { inputTokens } }' })),
      lambdaContext('inv-flush'),
    );

    expect(result.statusCode).toBe(200);
    // The flush interval is ten minutes: only the per-invocation flush can have sent these.
    expect(upstreams.calls.filter((call) => call.service === 'cloudwatch').length).toBeGreaterThan(0);
  });

  it('fails the invocation when the gateway cannot be built, and builds it on the next one', async () => {
    let attempts = 0;
    const flaky: LambdaGatewayFactory = async (options) => {
      attempts += 1;
      if (attempts === 1) throw new Error('Invalid configuration: PORT');
      const gateway = await createGateway(loadConfig({ LOG_LEVEL: 'silent' }), { ...options, localUpstreams: upstreams });
      gateways.push(gateway);
      return gateway;
    };
    const flakyHandler = createLambdaHandler(flaky);
    const event = httpApiEvent('POST', JSON.stringify({ query: '{ estimateCost(input: {content: "x"}) { inputTokens } }' }));

    await expect(flakyHandler(event, lambdaContext('inv-1'))).rejects.toThrow('Invalid configuration');
    const second = await flakyHandler(event, lambdaContext('inv-2'));

    expect(second.statusCode).toBe(200);
    expect(attempts).toBe(2);
  });

  it('builds the default handler from the environment (LOCAL_UPSTREAMS=off, SDK endpoints set), as serverless.yml configures it', async () => {
    vi.stubEnv('LOCAL_UPSTREAMS', 'off');
    vi.stubEnv('LOG_LEVEL', 'silent');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLAMBDATEST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'lambda-test-secret');
    vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK_RUNTIME', upstreams.url);
    vi.stubEnv('AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME', upstreams.url);
    vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH', upstreams.url);
    try {
      const { handler: deployed } = await import('../../src/server/lambda.js');
      const result = await deployed(restEvent('POST', analyzeBody(CONTRACT, 'LEGAL')), lambdaContext('inv-default'));

      expect(result.statusCode).toBe(200);
      expect(parse(result).data!.analyzeDocument.sagemaker.endpoint).toBe('legal-document-analyzer');
      expect(upstreams.calls.some((call) => call.service === 'sagemaker' && call.target === 'legal-document-analyzer')).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('Lambda handler: malformed and oversized events', () => {
  it.each<[string, unknown]>([
    ['an empty object', {}],
    ['a scheduled (EventBridge) event', { version: '0', source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }],
    ['a request context without a method', { requestContext: { requestId: 'x' }, body: '{}' }],
    ['an S3 notification', { Records: [{ eventSource: 'aws:s3' }] }],
  ])('answers 400 BAD_REQUEST to %s', async (_name, event) => {
    const result = await handler(event as LambdaEvent, lambdaContext('inv-bad'));

    expect(result.statusCode).toBe(400);
    expect(parse(result).errors![0]!.extensions.code).toBe('BAD_REQUEST');
  });

  it('answers 400 BAD_REQUEST to a body that is not JSON', async () => {
    const result = await handler(httpApiEvent('POST', '{"query": "{ estimateCost'), lambdaContext('inv-bad-json'));

    expect(result.statusCode).toBe(400);
    expect(parse(result).errors![0]).toMatchObject({ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } });
  });

  it('answers 413 REQUEST_TOO_LARGE to a body over MAX_BODY_BYTES, without calling an upstream', async () => {
    const result = await handler(restEvent('POST', analyzeBody('x'.repeat(70_000), 'GENERAL')), lambdaContext('inv-big'));

    expect(result.statusCode).toBe(413);
    expect(parse(result).errors![0]!.extensions.code).toBe('REQUEST_TOO_LARGE');
    expect(upstreams.calls).toHaveLength(0);
  });

  it('answers 400 BAD_REQUEST to a base64 body that is not valid UTF-8, as the HTTP server does', async () => {
    const event = httpApiEvent('POST', undefined);
    const bytes = Buffer.concat([
      Buffer.from('{"query":"{ estimateCost(input: {content: \\"'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('\\"}) { inputTokens } }"}'),
    ]);
    Object.assign(event, { body: bytes.toString('base64'), isBase64Encoded: true });

    const result = await handler(event, lambdaContext('inv-bad-utf8'));

    expect(result.statusCode).toBe(400);
    expect(parse(result).errors![0]).toMatchObject({ message: expect.stringContaining('UTF-8'), extensions: { code: 'BAD_REQUEST' } });
    expect(upstreams.calls).toHaveLength(0);
  });

  it('answers 400 BAD_REQUEST to deeply nested JSON variables (10,000 levels)', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const result = await handler(
      restEvent('POST', `{"query":"query($v: String) { __typename }","variables":{"v":${deep}}}`),
      lambdaContext('inv-deep'),
    );

    expect(result.statusCode).toBe(400);
    expect(parse(result).errors![0]).toMatchObject({ message: expect.stringContaining('nested'), extensions: { code: 'BAD_REQUEST' } });
  });

  it('answers GraphQL errors (unknown field) as Apollo does over HTTP', async () => {
    const result = await handler(httpApiEvent('POST', JSON.stringify({ query: '{ nope }' })), lambdaContext('inv-invalid'));

    expect(result.statusCode).toBe(400);
    expect(parse(result).errors![0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('tells the event kinds apart', () => {
    expect(eventKind(restEvent('POST', '{}'))).toBe('rest-v1');
    expect(eventKind(httpApiEvent('POST', '{}'))).toBe('http-v2');
    expect(eventKind(albEvent('POST', '{}'))).toBe('alb');
    expect(() => eventKind(null)).toThrow(/requestContext/);
  });
});
