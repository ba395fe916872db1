/**
 * What a production gateway tells clients when things fail: one formatter for every error (thrown,
 * partial, and the graph's `error` fields), a stable code and a safe message, no ARN, account id,
 * upstream request id or schema suggestion; the detail goes to the log with the request id.
 * Real HTTP, real local AWS services with fault injection, the gateway's real pino logger writing
 * to a stream the test reads.
 */
import { type Logger, pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.load.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { createGateway, type Gateway } from '../../src/server/gateway.js';
import { type HttpServer, startHttpServer } from '../../src/server/http.js';
import { CONTRACT } from '../fixtures/documents.js';
import { startTestUpstreams } from '../support/test-gateway.js';

const ACCOUNT = '123456789012';
const MODEL_ARN = `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0`;
const MODEL_RESOURCE_ID = 'us.anthropic.claude-3-haiku-20240307-v1:0';

interface Running {
  gateway: Gateway;
  http: HttpServer;
  logLines: string[];
}

async function startGateway(env: Record<string, string>): Promise<Running> {
  const logLines: string[] = [];
  const logger: Logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  const config = loadConfig({
    // The shared local services stand in for AWS; production must be told to use them.
    LOCAL_UPSTREAMS: 'on',
    ALLOW_ANONYMOUS: 'on',
    CACHE_ENABLED: 'off',
    AWS_MAX_ATTEMPTS: '1',
    BEDROCK_MODEL_ID: MODEL_ARN,
    ...env,
  });
  const gateway = await createGateway(config, { localUpstreams: upstreams, logger });
  const http = await startHttpServer(gateway, '127.0.0.1', 0);
  return { gateway, http, logLines };
}

async function post(running: Running, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(running.http.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    text,
    body: JSON.parse(text) as {
      data?: Record<string, unknown> | null;
      errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
    },
  };
}

let upstreams: LocalUpstreams;
let prod: Running;
let dev: Running;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  prod = await startGateway({ GATEWAY_MODE: 'production' });
  dev = await startGateway({ GATEWAY_MODE: 'development' });
});
afterAll(async () => {
  for (const running of [prod, dev]) {
    await running?.http.close();
    await running?.gateway.stop();
  }
  await upstreams?.close();
});
beforeEach(() => {
  upstreams.setFaults([]);
  upstreams.resetCalls();
});

const PARALLEL_LEGAL = {
  query:
    'query Legal($content: String!) { analyzeDocument(input: {content: $content, documentType: LEGAL, architecture: PARALLEL}) { method bedrock { modelId error } sagemaker { endpoint error } insights { processingMethods } reasons } }',
  variables: { content: CONTRACT },
};

describe('an upstream failure in production', () => {
  it('shows the client a code and a safe message, and logs the detail with the request id', async () => {
    // Prepare: Bedrock refuses access; its translated message names the model ARN (and account).
    upstreams.setFaults([{ service: 'bedrock', errorType: 'AccessDeniedException' }]);

    // Act
    const answer = await post(prod, PARALLEL_LEGAL, { 'x-request-id': 'req-prod-denied' });

    // Assess: partial data, one error on the Bedrock side, nothing that identifies the account.
    expect(answer.status).toBe(200);
    expect(answer.requestId).toBe('req-prod-denied');
    expect(answer.body.errors).toEqual([
      {
        message: 'The gateway is not allowed to use the model service.',
        locations: [expect.any(Object)],
        path: ['analyzeDocument', 'bedrock'],
        extensions: { code: 'UPSTREAM_ACCESS_DENIED', service: 'bedrock' },
      },
    ]);
    expect(answer.body.data?.analyzeDocument).toMatchObject({
      bedrock: { modelId: MODEL_RESOURCE_ID, error: 'The gateway is not allowed to use the model service.' },
      sagemaker: { endpoint: 'legal-document-analyzer', error: null },
    });
    expect(answer.text).not.toContain(ACCOUNT);
    expect(answer.text).not.toContain('arn:');
    expect(answer.text).not.toMatch(/upstreamRequestId|AccessDeniedException|stacktrace/);

    const logged = prod.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.requestId === 'req-prod-denied');
    const failure = logged.find((line) => line.code === 'UPSTREAM_ACCESS_DENIED');
    expect(failure).toMatchObject({
      kind: 'partial',
      message: expect.stringContaining(MODEL_ARN),
      extensions: { upstreamError: 'AccessDeniedException', upstreamRequestId: expect.any(String) },
    });
  });

  it('keeps the helpful detail in development', async () => {
    upstreams.setFaults([{ service: 'bedrock', errorType: 'AccessDeniedException' }]);
    const answer = await post(dev, PARALLEL_LEGAL);
    const error = answer.body.errors?.[0];
    expect(error?.message).toContain(MODEL_ARN);
    expect(error?.extensions).toMatchObject({ code: 'UPSTREAM_ACCESS_DENIED', upstreamError: 'AccessDeniedException' });
    expect(error?.extensions?.upstreamRequestId).toEqual(expect.any(String));
  });
});

describe('schema details in production', () => {
  const typo = { query: 'query T($t: DocumentType) { estimateCost(input: {content: "A note.", documentType: $t}) { modelId } }' };

  it('sends no enum suggestion for a mistyped variable value', async () => {
    const answer = await post(prod, { ...typo, variables: { t: 'LEGA' } });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.text).not.toMatch(/did you mean/i);
    const devAnswer = await post(dev, { ...typo, variables: { t: 'LEGA' } });
    expect(devAnswer.text).toMatch(/did you mean the enum value/i);
  });

  it('sends no enum suggestion for a mistyped literal', async () => {
    const literal = { query: '{ estimateCost(input: {content: "A note.", documentType: LEGA}) { modelId } }' };
    const answer = await post(prod, literal);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(answer.text).not.toMatch(/did you mean/i);
    expect((await post(dev, literal)).text).toMatch(/did you mean/i);
  });
});

describe('an unknown error in production', () => {
  it('is INTERNAL_SERVER_ERROR with a masked message, its detail in the log', async () => {
    // Prepare: no real path throws an unexpected error (each would be a bug we fix), so this test
    // makes the request's analysis service throw one, through the gateway's real context factory.
    const own = await startGateway({ GATEWAY_MODE: 'production' });
    const createContext = own.gateway.createContext;
    Object.assign(own.gateway, {
      createContext: async (request: Parameters<typeof createContext>[0]) => {
        const context = await createContext(request);
        context.analysis.estimate = () => {
          throw new TypeError(`cannot read the profile of ${MODEL_ARN}`);
        };
        return context;
      },
    });
    try {
      // Act
      const answer = await post(
        own,
        { query: '{ estimateCost(input: {content: "A note."}) { modelId } }' },
        { 'x-request-id': 'req-unknown' },
      );

      // Assess
      expect(answer.body.errors).toEqual([
        {
          message: 'Internal server error',
          locations: [{ line: 1, column: 3 }],
          path: ['estimateCost'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ]);
      expect(answer.text).not.toContain(ACCOUNT);
      const logged = own.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged.find((line) => line.requestId === 'req-unknown' && line.code === 'INTERNAL_SERVER_ERROR')).toMatchObject({
        level: 50,
        message: expect.stringContaining(MODEL_ARN),
      });
    } finally {
      await own.http.close();
      await own.gateway.stop();
    }
  });
});

describe('a model ARN configured in production', () => {
  it('shows the model by its resource id everywhere in the graph, the usage extension included', async () => {
    // Act
    const analysis = await post(prod, PARALLEL_LEGAL, { 'x-gateway-usage': '1' });
    const estimate = await post(prod, {
      query:
        '{ estimateCost(input: {content: "A note."}) { modelId methods { notes } } chooseMethod(input: {content: "A note."}) { reasons alternatives { notes } } }',
    });

    // Assess
    expect(analysis.body.errors).toBeUndefined();
    expect(analysis.body.data?.analyzeDocument).toMatchObject({
      bedrock: { modelId: MODEL_RESOURCE_ID },
      insights: { processingMethods: [`bedrock:${MODEL_RESOURCE_ID}`, 'sagemaker:legal-document-analyzer'] },
    });
    expect(estimate.body.data?.estimateCost).toMatchObject({ modelId: MODEL_RESOURCE_ID });
    for (const text of [analysis.text, estimate.text]) {
      expect(text).not.toContain(ACCOUNT);
      expect(text).not.toContain('arn:');
    }
    expect(analysis.text).toContain(`"target":"${MODEL_RESOURCE_ID}"`);
  });

  it('uses BEDROCK_MODEL_DISPLAY_NAME when set', async () => {
    const own = await startGateway({ GATEWAY_MODE: 'production', BEDROCK_MODEL_DISPLAY_NAME: 'claude-haiku' });
    try {
      const answer = await post(own, { query: '{ estimateCost(input: {content: "A note."}) { modelId methods { notes } } }' });
      expect(answer.body.data?.estimateCost).toMatchObject({ modelId: 'claude-haiku' });
      expect(answer.text).not.toContain(MODEL_RESOURCE_ID);
    } finally {
      await own.http.close();
      await own.gateway.stop();
    }
  });
});
