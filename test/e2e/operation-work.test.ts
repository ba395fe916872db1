/**
 * The size of the work one operation may ask for, and the validity of what it sends, against a real
 * gateway over HTTP: aliases cannot multiply one large document into seconds of CPU, per-content work
 * runs once per request, ill-formed Unicode and invisible-only content are refused before anything is
 * hashed, priced or called.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import type { GatewayContext } from '../../src/server/context.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

const MIB = 1024 * 1024;

let upstreams: LocalUpstreams;
let gateway: TestGateway;
let subgraph: TestGateway;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  gateway = await startTestGateway({ CACHE_ENABLED: 'off' }, upstreams);
  subgraph = await startTestGateway({ CACHE_ENABLED: 'off', SUBGRAPH: 'true' }, upstreams);
});
afterAll(async () => {
  await gateway?.close();
  await subgraph?.close();
  await upstreams?.close();
});
beforeEach(() => upstreams.resetCalls());

interface Answer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

async function post(target: TestGateway, query: string, variables?: unknown): Promise<Answer> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

const aliases = (count: number, field: string, selection: string, prefix = 'a') =>
  Array.from({ length: count }, (_, i) => `${prefix}${i}: ${field}(input: {content: $c}) { ${selection} }`).join(' ');
const estimateAliases = (count: number) => `query ($c: String!) { ${aliases(count, 'estimateCost', 'inputTokens')} }`;
/** ASCII text of exactly `bytes` bytes. */
const textOf = (bytes: number) => 'lease '.repeat(Math.ceil(bytes / 6)).slice(0, bytes);

describe('the content one operation may carry (MAX_OPERATION_CONTENT_BYTES)', () => {
  it('refuses 150 estimateCost aliases over one 1 MiB variable with CONTENT_TOO_LARGE, before any field runs', async () => {
    const answer = await post(gateway, estimateAliases(150), { c: textOf(MIB) });

    expect(answer.status).toBe(400);
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0]!.extensions).toMatchObject({
      code: 'CONTENT_TOO_LARGE',
      limit: 4 * MIB,
      bytes: 150 * MIB,
      scope: 'operation',
    });
    expect(upstreams.calls).toHaveLength(0);
  });

  it('refuses four such requests in parallel, and the gateway answers /health and a normal request afterwards', async () => {
    const attacks = await Promise.all(Array.from({ length: 4 }, () => post(gateway, estimateAliases(150), { c: textOf(MIB) })));
    const health = await fetch(`${gateway.base}/health`);
    const normal = await post(gateway, estimateAliases(2), { c: 'The tenant pays rent monthly.' });

    expect(attacks.map((answer) => [answer.status, answer.errors?.[0]?.extensions?.code])).toEqual(
      Array.from({ length: 4 }, () => [400, 'CONTENT_TOO_LARGE']),
    );
    expect(health.status).toBe(200);
    expect(normal.status).toBe(200);
    expect(normal.errors).toBeUndefined();
  });

  it('answers 150 aliases at the largest allowed size and refuses one byte more', async () => {
    const perAlias = Math.floor((4 * MIB) / 150);

    const allowed = await post(gateway, estimateAliases(150), { c: textOf(perAlias) });
    // 149 aliases of that size plus one that brings the total one byte over (MAX_ALIASES is 150).
    const over = await post(
      gateway,
      `query ($c: String!, $d: String!) { ${aliases(149, 'estimateCost', 'inputTokens')} b: estimateCost(input: {content: $d}) { inputTokens } }`,
      { c: textOf(perAlias), d: textOf(4 * MIB - 149 * perAlias + 1) },
    );

    expect(allowed.status).toBe(200);
    expect(allowed.errors).toBeUndefined();
    expect(Object.keys(allowed.data!)).toHaveLength(150);
    expect(over.status).toBe(400);
    expect(over.errors![0]!.extensions).toMatchObject({ code: 'CONTENT_TOO_LARGE', bytes: 4 * MIB + 1 });
  });

  it('counts the content of _entities representations once per analysis selected on them', async () => {
    const representations = Array.from({ length: 5 }, (_, i) => ({ __typename: 'Document', id: `d${i}`, content: textOf(MIB - i) }));
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Document { analysis { id } } } }';

    const answer = await post(subgraph, query, { r: representations });

    expect(answer.status).toBe(400);
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'CONTENT_TOO_LARGE', bytes: 5 * MIB - 10 });
    expect(upstreams.calls).toHaveLength(0);
  });
});

describe('per-content work, once per request', () => {
  async function run(target: TestGateway, query: string, variables: Record<string, unknown>) {
    const contextValue = await target.gateway.createContext({ headers: {} });
    const response = await target.gateway.apollo.executeOperation<Record<string, unknown>>({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return { result: response.body.singleResult, memo: (contextValue as GatewayContext).contentMemo };
  }

  it('checks, hashes and tokenises one content once for 150 fields of estimateCost, chooseMethod and analyzeDocument', async () => {
    const query = `query ($c: String!) {
      ${aliases(60, 'estimateCost', 'inputTokens')}
      ${aliases(60, 'chooseMethod', 'method', 'b')}
      ${aliases(30, 'analyzeDocument', 'id', 'z')}
    }`;

    const { result, memo } = await run(gateway, query, { c: 'The tenant shall pay rent on the first day of each month.' });

    expect(result.errors).toBeUndefined();
    expect(Object.keys(result.data!)).toHaveLength(150);
    expect(memo.misses).toEqual({ checks: 1, hash: 1, tokens: 1 });
  });

  it('does it once for the subgraph: one content under several entity keys and analysis fields', async () => {
    const representations = Array.from({ length: 10 }, (_, i) => ({
      __typename: 'Document',
      id: `d${i}`,
      content: 'Quarterly revenue rose.',
    }));
    const query =
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Document { one: analysis { id } two: analysis(architecture: PARALLEL) { id } } } }';

    const { result, memo } = await run(subgraph, query, { r: representations });

    expect(result.errors).toBeUndefined();
    expect(memo.misses).toEqual({ checks: 1, hash: 1, tokens: 1 });
  });

  it('does none of it for an operation refused by the content bound', async () => {
    const { result, memo } = await run(gateway, estimateAliases(150), { c: textOf(MIB) });

    expect(result.errors![0]!.extensions).toMatchObject({ code: 'CONTENT_TOO_LARGE' });
    expect(memo.misses).toEqual({ checks: 0, hash: 0, tokens: 0 });
  });
});

const FIELDS = [
  ['estimateCost', 'inputTokens'],
  ['chooseMethod', 'method'],
  ['analyzeDocument', 'id'],
] as const;

describe('ill-formed Unicode', () => {
  it.each(FIELDS)('refuses a lone surrogate in %s content with BAD_USER_INPUT, before any call', async (field, selection) => {
    for (const content of ['\ud800', 'text \udfff text']) {
      const answer = await post(gateway, `query ($c: String!) { ${field}(input: {content: $c}) { ${selection} } }`, { c: content });

      expect(answer.status).toBe(400);
      expect(answer.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable: 'c' });
    }
    expect(upstreams.calls).toHaveLength(0);
  });

  it('refuses an ill-formed document id, wherever in the variables it sits', async () => {
    const answer = await post(gateway, 'query ($in: AnalyzeDocumentInput!) { analyzeDocument(input: $in) { id } }', {
      in: { id: 'doc-\ud800', content: 'A short note.' },
    });

    expect(answer.status).toBe(400);
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable: 'in' });
    expect(upstreams.calls).toHaveLength(0);
  });

  it('refuses a lone surrogate written as a string literal (graphql-js: a syntax error)', async () => {
    const answer = await post(gateway, '{ estimateCost(input: {content: "\\ud800"}) { inputTokens } }');

    expect(answer.status).toBe(400);
    expect(answer.errors![0]!.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('accepts U+FFFD as content of its own, no longer sharing an id with any lone surrogate', async () => {
    const answer = await post(gateway, 'query ($c: String!) { analyzeDocument(input: {content: $c}) { id } }', { c: '\ufffd' });

    expect(answer.status).toBe(200);
    expect((answer.data!.analyzeDocument as { id: string }).id).toMatch(/^doc-[0-9a-f]{16}$/);
  });

  it('refuses an ill-formed string in a subgraph representation', async () => {
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Document { analysis { id } } } }';

    const answer = await post(subgraph, query, { r: [{ __typename: 'Document', id: 'd1', content: 'a\ud800' }] });

    expect(answer.status).toBe(400);
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable: 'r' });
  });
});

describe('empty in disguise', () => {
  const disguises = [
    ['NUL', '\u0000\u0000'],
    ['zero-width characters', '\u200b\u200c\u200d\u2060\ufeff'],
    ['controls, format characters and whitespace', '\u0001\u00ad \n\t\u3000'],
  ] as const;

  it.each(FIELDS)('refuses %s content made only of invisible characters, like empty content', async (field, selection) => {
    for (const [, content] of disguises) {
      const answer = await post(gateway, `query ($c: String!) { ${field}(input: {content: $c}) { ${selection} } }`, { c: content });

      expect(answer.data).toBeNull();
      expect(answer.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content' });
    }
    expect(upstreams.calls).toHaveLength(0);
  });

  it('loses only the analysis of an invisible-only subgraph document', async () => {
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Document { id analysis { id } } } }';

    const answer = await post(subgraph, query, { r: [{ __typename: 'Document', id: 'd1', content: '\u200b\ufeff' }] });

    expect(answer.data).toEqual({ _entities: [{ id: 'd1', analysis: null }] });
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content' });
    expect(upstreams.calls).toHaveLength(0);
  });
});
