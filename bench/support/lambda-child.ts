/**
 * Child process: a Lambda cold start. Imports src/server/lambda.ts (its `handler` export), invokes it once
 * with an API Gateway HTTP API (v2) event carrying an analyzeDocument POST, and reports the answer.
 * The orchestrator times spawn -> report.
 */
import { pathToFileURL } from 'node:url';
import { announceReady, childArguments, serveRpc } from './rpc.js';

export interface LambdaArgs {
  modulePath: string;
  body: string;
}

export interface LambdaAnswer {
  ok: boolean;
  statusCode?: number;
  importMs: number;
  invokeMs: number;
  problem?: string;
}

type Handler = (event: unknown, context: unknown, callback: () => void) => unknown;

function apiGatewayV2Event(body: string) {
  return {
    version: '2.0',
    routeKey: 'POST /graphql',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'bench.local' },
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'bench.local',
      domainPrefix: 'bench',
      http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'bench-request',
      routeKey: 'POST /graphql',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    body,
    isBase64Encoded: false,
  };
}

const lambdaContext = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench',
  memoryLimitInMB: '1024',
  awsRequestId: 'bench-invocation',
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

async function coldStart(args: LambdaArgs): Promise<LambdaAnswer> {
  const started = performance.now();
  const module = (await import(pathToFileURL(args.modulePath).href)) as Record<string, unknown>;
  const importMs = performance.now() - started;
  const handler = module.handler;
  if (typeof handler !== 'function') return { ok: false, importMs, invokeMs: 0, problem: 'src/server/lambda.ts has no `handler` export' };
  const invoked = performance.now();
  const result = (await (handler as Handler)(apiGatewayV2Event(args.body), lambdaContext, () => undefined)) as
    | { statusCode?: number; body?: string }
    | undefined;
  const invokeMs = performance.now() - invoked;
  const body = result?.body ?? '';
  const ok = result?.statusCode === 200 && !body.includes('"errors":');
  return {
    ok,
    invokeMs,
    importMs,
    ...(result?.statusCode === undefined ? {} : { statusCode: result.statusCode }),
    ...(ok ? {} : { problem: body.slice(0, 300) }),
  };
}

const answer = await coldStart(childArguments<LambdaArgs>()).catch(
  (error: unknown): LambdaAnswer => ({
    ok: false,
    importMs: 0,
    invokeMs: 0,
    problem: error instanceof Error ? error.message : String(error),
  }),
);
serveRpc({}, async () => {});
announceReady(answer);
