/** The plugin around a small real Apollo server: refusals come before any resolver runs, with status 400. */
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OperationInputPlugin } from '../../src/server/operation-input.plugin.js';

const typeDefs = `#graphql
  input EstimateCostInput { content: String! }
  type Query { estimateCost(input: EstimateCostInput!): Int! echo(text: String): String }
`;

let server: ApolloServer;
let resolved = 0;

beforeAll(async () => {
  server = new ApolloServer({
    typeDefs,
    resolvers: {
      Query: {
        estimateCost: (_: unknown, args: { input: { content: string } }) => {
          resolved++;
          return args.input.content.length;
        },
        echo: (_: unknown, args: { text?: string }) => args.text ?? null,
      },
    },
    plugins: [OperationInputPlugin({ maxOperationContentBytes: 10 })],
  });
  await server.start();
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(() => {
  resolved = 0;
});

async function run(query: string, variables: Record<string, unknown>) {
  const response = await server.executeOperation({ query, variables });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return { status: response.http.status ?? 200, ...response.body.singleResult };
}

describe('OperationInputPlugin', () => {
  const twice = 'query ($c: String!) { a: estimateCost(input: {content: $c}) b: estimateCost(input: {content: $c}) }';

  it('answers an operation whose content adds up to the limit', async () => {
    const answer = await run(twice, { c: '12345' });

    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ a: 5, b: 5 });
  });

  it('refuses one byte more with CONTENT_TOO_LARGE and status 400, before any resolver runs', async () => {
    const answer = await run(twice, { c: '123456' });

    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'CONTENT_TOO_LARGE', bytes: 12, limit: 10, scope: 'operation' });
    expect(answer.errors?.[0]?.extensions).not.toHaveProperty('http');
    expect(resolved).toBe(0);
  });

  it('refuses a variable holding ill-formed Unicode anywhere, even one no analysis field reads', async () => {
    const answer = await run('query ($t: String) { echo(text: $t) }', { t: 'ok \udc00' });

    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable: 't' });
  });
});
