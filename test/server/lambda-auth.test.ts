/**
 * Credentials through the Lambda entry: header values come from the event as it holds them, with no
 * HTTP parser of ours in between, so any padding in the event reaches the Authenticator and must be
 * refused there; a refusal is logged with the invocation's request id and API Gateway's source IP.
 */
import { Writable } from 'node:stream';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.load.js';
import { sha256Hex } from '../../src/digest.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { createGateway, type Gateway } from '../../src/server/gateway.js';
import { createLambdaHandler, type LambdaEntry } from '../../src/server/lambda.js';
import { startTestUpstreams } from '../support/test-gateway.js';

const KEY = 'acme-secret-key';
const BODY = JSON.stringify({ query: '{ estimateCost(input: {content: "hello world"}) { inputTokens } }' });

let upstreams: LocalUpstreams;
let gateway: Gateway | undefined;
let handler: LambdaEntry;
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  handler = createLambdaHandler(async (options) => {
    gateway = await createGateway(loadConfig({ GATEWAY_MODE: 'production', ALLOW_ANONYMOUS: 'off', API_KEYS: `acme:${sha256Hex(KEY)}` }), {
      ...options,
      localUpstreams: upstreams,
      logger: pino({ level: 'warn' }, destination),
    });
    return gateway;
  });
});
afterAll(async () => {
  await gateway?.stop();
  await upstreams?.close();
});

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

// As API Gateway documents an HTTP API event (payload format 2.0).
function httpApiEvent(headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'abc123.execute-api.us-east-1.amazonaws.com', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '198.51.100.23', userAgent: 'vitest' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '01/Jan/2025:00:00:00 +0000',
      timeEpoch: 1_735_689_600_000,
    },
    body: BODY,
    isBase64Encoded: false,
  };
}

const statusOf = (result: unknown) => (result as { statusCode: number }).statusCode;

describe('Lambda credentials', () => {
  it('accepts the exact key and refuses it padded in the event', async () => {
    expect(statusOf(await handler(httpApiEvent({ 'x-api-key': KEY }), lambdaContext('exact')))).toBe(200);
    for (const padded of [` ${KEY}`, `${KEY} `, `${KEY}\t`]) {
      expect(statusOf(await handler(httpApiEvent({ 'x-api-key': padded }), lambdaContext('padded'))), JSON.stringify(padded)).toBe(401);
    }
    expect(statusOf(await handler(httpApiEvent({ authorization: `Bearer ${KEY} ` }), lambdaContext('padded-bearer')))).toBe(401);
  });

  it('logs a refusal with the invocation id and the source IP, never the key', async () => {
    const result = await handler(httpApiEvent({ 'x-api-key': 'a-guessed-key' }), lambdaContext('guess-invocation'));

    expect(statusOf(result)).toBe(401);
    const line = logLines.find((candidate) => candidate.msg === 'authentication failed' && candidate.requestId === 'guess-invocation');
    expect(line).toMatchObject({ reason: 'bad_key', source: 'x-api-key', remoteAddress: '198.51.100.23', component: 'auth' });
    expect(JSON.stringify(logLines)).not.toContain('a-guessed-key');
  });
});
