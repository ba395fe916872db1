/**
 * Known GraphQL attack payloads against the real server: every one is refused with a 4xx and a
 * code, before any upstream call, and the server keeps answering afterwards.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { ENCYCLOPEDIA } from '../fixtures/documents.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

let upstreams: LocalUpstreams;
let dev: TestGateway;
let prod: TestGateway;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  dev = await startTestGateway({ CACHE_ENABLED: 'off' }, upstreams);
  prod = await startTestGateway(
    { CACHE_ENABLED: 'off', GATEWAY_MODE: 'production', LOCAL_UPSTREAMS: 'on', ALLOW_ANONYMOUS: 'on' },
    upstreams,
  );
});
afterAll(async () => {
  await dev?.close();
  await prod?.close();
  await upstreams?.close();
});
beforeEach(() => upstreams.resetCalls());

interface Refusal {
  status: number;
  body: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

async function post(gateway: TestGateway, body: string, contentType = 'application/json'): Promise<Refusal> {
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: response.status, body: (await response.json()) as Refusal['body'] };
}

const send = (gateway: TestGateway, query: string, variables?: unknown) => post(gateway, JSON.stringify({ query, variables }));

function expectRefused(refusal: Refusal, code: string, limit?: string) {
  expect(refusal.status).toBeGreaterThanOrEqual(400);
  expect(refusal.status).toBeLessThan(500);
  const errors = refusal.body.errors ?? [];
  expect(errors.map((error) => error.extensions?.code)).toContain(code);
  if (limit) expect(errors.map((error) => error.extensions?.limit)).toContain(limit);
  expect(upstreams.calls).toHaveLength(0);
}

const analysis = (alias: string) =>
  `${alias}: analyzeDocument(input: {content: "Rent is due monthly under the lease.", documentType: LEGAL}) { id method }`;

describe('operation limits (graphql-armor and ours)', () => {
  it('refuses deep recursion through introspection types (__type { ofType { ofType ... } })', async () => {
    const nested = `${'ofType { '.repeat(40)}name${' }'.repeat(40)}`;
    expectRefused(await send(dev, `{ __type(name: "Query") { fields { type { ${nested} } } } }`), 'QUERY_TOO_COMPLEX', 'maxDepth');
  });

  it('refuses deep recursion built from fragments', async () => {
    const fragments = Array.from(
      { length: 30 },
      (_, i) => `fragment F${i} on __Type { ofType { ${i < 29 ? `...F${i + 1}` : 'name'} } }`,
    ).join('\n');
    expectRefused(await send(dev, `{ __type(name: "Query") { ...F0 } }\n${fragments}`), 'QUERY_TOO_COMPLEX', 'maxDepth');
  });

  it('refuses alias overloading: 500 aliased analyzeDocument fields, before any upstream call', async () => {
    const refusal = await send(dev, `{ ${Array.from({ length: 500 }, (_, i) => analysis(`a${i}`)).join(' ')} }`);
    expectRefused(refusal, 'QUERY_TOO_COMPLEX', 'maxAnalysesPerOperation');
    expect(refusal.body.errors!.map((error) => error.extensions?.limit)).toContain('maxAliases');
    expect(refusal.status).toBe(400);
  });

  it('counts analyses through fragments: 6 fragments x 20 = 120 analyses over the cap of 100', async () => {
    const fragments = Array.from(
      { length: 6 },
      (_, f) => `fragment P${f} on Query { ${Array.from({ length: 20 }, (_, i) => analysis(`p${f}_${i}`)).join(' ')} }`,
    ).join('\n');
    const refusal = await send(dev, `{ ${Array.from({ length: 6 }, (_, f) => `...P${f}`).join(' ')} }\n${fragments}`);
    expectRefused(refusal, 'QUERY_TOO_COMPLEX', 'maxAnalysesPerOperation');
    expect(refusal.body.errors![0]).toMatchObject({ extensions: { found: 120, max: 100 } });
  });

  it('accepts 100 analyses of one document (the cap itself)', async () => {
    const { status, body } = await send(
      dev,
      `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: analyzeDocument(input: {content: ${JSON.stringify(ENCYCLOPEDIA)}, architecture: DECISION_TREE}) { id }`).join(' ')} }`,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    // One distinct document: one Bedrock call for all 100 fields.
    expect(upstreams.calls.filter((call) => call.service === 'bedrock')).toHaveLength(1);
  });

  it('refuses field duplication (10,000 copies of one field): graphql-js stops validating at its work budget', async () => {
    expectRefused(
      await send(dev, `{ estimateCost(input: {content: "x"}) { ${'inputTokens '.repeat(10_000)} } }`),
      'QUERY_TOO_COMPLEX',
      'validationComplexity',
    );
  });

  it('refuses an operation over the cost limit (MAX_QUERY_COST=500 here; the default 20,000 is a backstop behind the other limits)', async () => {
    const tight = await startTestGateway({ CACHE_ENABLED: 'off', MAX_QUERY_COST: '500' }, upstreams);
    try {
      const fields = Array.from(
        { length: 100 },
        (_, i) => `e${i}: estimateCost(input: {content: "x"}) { inputTokens outputTokens methods { method estimatedUsd notes } }`,
      );
      expectRefused(await send(tight, `{ ${fields.join(' ')} }`), 'QUERY_TOO_COMPLEX', 'costLimit');
    } finally {
      await tight.close();
    }
  });

  it('refuses a token flood (30,000 tokens) at parse time with a 400, not armor`s 500', async () => {
    const refusal = await send(dev, `{ ${'__typename '.repeat(30_000)} }`);
    expect(refusal.status).toBe(400);
    expectRefused(refusal, 'QUERY_TOO_COMPLEX', 'maxTokens');
  });

  it('refuses a directive flood', async () => {
    expectRefused(await send(dev, `{ __typename ${'@include(if: true) '.repeat(60)} }`), 'QUERY_TOO_COMPLEX', 'maxDirectives');
  });

  it('refuses circular fragments with GRAPHQL_VALIDATION_FAILED, without hanging', async () => {
    expectRefused(await send(dev, '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }'), 'GRAPHQL_VALIDATION_FAILED');
  });

  it('hides field suggestions in production ("Did you mean" maps the schema)', async () => {
    const refusal = await send(prod, '{ analyzeDocumen(input: {content: "x"}) { id } }');
    expectRefused(refusal, 'GRAPHQL_VALIDATION_FAILED');
    expect(refusal.body.errors![0]!.message).not.toMatch(/did you mean/i);
    const devRefusal = await send(dev, '{ analyzeDocumen(input: {content: "x"}) { id } }');
    expect(devRefusal.body.errors![0]!.message).toMatch(/did you mean/i);
  });
});

describe('HTTP-level floods and malformed bodies', () => {
  it('refuses a batching flood (a JSON array of 1,000 operations): batching is off', async () => {
    const batch = JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ query: `{ ${analysis(`b${i}`)} }` })));
    const refusal = await post(dev, batch);
    expect(refusal.status).toBe(400);
    expectRefused(refusal, 'BAD_REQUEST');
  });

  it('refuses a 10 MB body with 413 before reading it all', async () => {
    const refusal = await send(dev, '{ __typename }', { pad: 'x'.repeat(10 * 1024 * 1024) });
    expect(refusal.status).toBe(413);
    expectRefused(refusal, 'REQUEST_TOO_LARGE');
  });

  it('refuses deeply nested JSON variables (100,000 levels) with 400, no stack overflow', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const refusal = await post(dev, `{"query":"query($v: String) { __typename }","variables":{"v":${deep}}}`);
    expect(refusal.status).toBe(400);
    expectRefused(refusal, 'BAD_REQUEST');
  });

  it('refuses a body that is not valid UTF-8 with 400 BAD_REQUEST', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"query":"{ estimateCost(input: {content: \\"'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('\\"}) { inputTokens } }"}'),
    ]);
    const response = await fetch(dev.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      errors: [{ extensions: { code: 'BAD_REQUEST' }, message: expect.stringContaining('UTF-8') }],
    });
  });

  it('treats NUL bytes in a document as data: a coded answer, never a crash', async () => {
    const content = `Rent\u0000is due\u0000monthly under this lease agreement.${'\u0000'.repeat(100)}`;
    const { status, body } = await send(dev, 'query ($c: String!) { estimateCost(input: {content: $c}) { inputTokens } }', { c: content });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    // Through both models and back: NULs go over the wire to Bedrock and SageMaker and the answer keeps its shape.
    const analysed = await send(
      dev,
      'query ($c: String!) { analyzeDocument(input: {content: $c, documentType: LEGAL, architecture: PARALLEL}) { method bedrock { detectedType error } sagemaker { endpoint error } } }',
      { c: content },
    );
    expect(analysed.status).toBe(200);
    expect(analysed.body.errors).toBeUndefined();
    expect(analysed.body).toMatchObject({
      data: {
        analyzeDocument: { method: 'HYBRID', bedrock: { error: null }, sagemaker: { endpoint: 'legal-document-analyzer', error: null } },
      },
    });
    const health = await fetch(`${dev.base}/health`);
    expect(health.status).toBe(200);
  });
});
