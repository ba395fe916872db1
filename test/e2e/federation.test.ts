/**
 * Apollo Federation 2 end to end: our subgraph (SUBGRAPH=1, real HTTP server, real local AWS services)
 * composed with a small "documents" subgraph that owns `Document { id content title }`, served by
 * @apollo/gateway. Queries cross both subgraphs; entity analyses are batched upstream.
 */

import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { CLINICAL_NOTE, CONTRACT, EARNINGS } from '../fixtures/documents.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

interface StoredDocument {
  id: string;
  title: string;
  content: string;
}

// Six contracts (distinct texts, so no de-duplication hides a call), a clinical note and an earnings release.
const DOCUMENTS: StoredDocument[] = [
  ...Array.from({ length: 6 }, (_, i) => ({
    id: `contract-${i}`,
    title: `Services agreement ${i}`,
    content: `${CONTRACT}\n7. Schedule ${i} applies.`,
  })),
  { id: 'note-1', title: 'Discharge summary', content: CLINICAL_NOTE },
  { id: 'earnings-1', title: 'Q3 results', content: EARNINGS },
];

const DOCUMENTS_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type Document @key(fields: "id") {
    id: ID!
    title: String!
    content: String!
  }

  type Query {
    documents(prefix: String): [Document!]!
    document(id: ID!): Document
  }
`);

/** The subgraph that owns documents, written for this test. */
async function startDocumentsSubgraph(): Promise<{ url: string; stop(): Promise<void> }> {
  const byId = new Map(DOCUMENTS.map((document) => [document.id, document]));
  const schema = buildSubgraphSchema({
    typeDefs: DOCUMENTS_SDL,
    resolvers: {
      Query: {
        documents: (_: unknown, { prefix }: { prefix?: string | null }) =>
          DOCUMENTS.filter((document) => !prefix || document.id.startsWith(prefix)),
        document: (_: unknown, { id }: { id: string }) => byId.get(id) ?? null,
      },
      Document: { __resolveReference: (reference: { id: string }) => byId.get(reference.id) ?? null } as never,
    },
  });
  const server = new ApolloServer({ schema });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return { url, stop: () => server.stop() };
}

interface SubgraphFetch {
  subgraph: string;
  query: string;
  representations: number;
}

let upstreams: LocalUpstreams;
let analysis: TestGateway;
let documents: { url: string; stop(): Promise<void> };
let router: ApolloServer;
let routerUrl: string;
let analysisSdl: string;
const fetches: SubgraphFetch[] = [];

async function routerQuery<T>(
  query: string,
): Promise<{ data?: T; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> }> {
  const response = await fetch(routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: T };
}

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  analysis = await startTestGateway({ SUBGRAPH: '1' }, upstreams);
  documents = await startDocumentsSubgraph();

  // What IntrospectAndCompose and rover do: read each subgraph's SDL from `_service`, then compose.
  const { data } = await analysis.query<{ _service: { sdl: string } }, never>('{ _service { sdl } }');
  analysisSdl = data!._service.sdl;
  const composition = composeServices([
    { name: 'documents', typeDefs: DOCUMENTS_SDL, url: documents.url },
    { name: 'analysis', typeDefs: parse(analysisSdl), url: analysis.url },
  ]);
  if (composition.errors) throw new Error(composition.errors.map((error) => error.message).join('\n'));

  const gateway = new ApolloGateway({
    supergraphSdl: composition.supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource({
        url,
        willSendRequest({ request }) {
          const representations = request.variables?.representations;
          fetches.push({
            subgraph: name,
            query: request.query ?? '',
            representations: Array.isArray(representations) ? representations.length : 0,
          });
        },
      }),
  });
  router = new ApolloServer({ gateway });
  ({ url: routerUrl } = await startStandaloneServer(router, { listen: { host: '127.0.0.1', port: 0 } }));
});
afterAll(async () => {
  await router?.stop();
  await documents?.stop();
  await analysis?.close();
  await upstreams?.close();
});
beforeEach(() => {
  fetches.length = 0;
  upstreams.resetCalls();
});

describe('federation: our subgraph composed with a documents subgraph', () => {
  it('publishes a Federation 2 SDL at _service with the Document entity, @requires on analysis and the root fields', () => {
    expect(analysisSdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])');
    expect(analysisSdl).toMatch(/type Document\s+@key\(fields: "id"\)/);
    expect(analysisSdl).toContain('content: String! @external');
    expect(analysisSdl).toMatch(/\): DocumentAnalysis @requires\(fields: "content"\)/);
    for (const field of [
      'analyzeDocument(input: AnalyzeDocumentInput!): DocumentAnalysis!',
      'estimateCost(input: EstimateCostInput!): CostEstimate!',
      'chooseMethod(input: ChooseMethodInput!): MethodChoice!',
    ]) {
      expect(analysisSdl).toContain(field);
    }
  });

  it('analyses every listed document with one _entities call and one SageMaker call carrying all of them', async () => {
    const { data, errors } = await routerQuery<{
      documents: Array<{
        id: string;
        title: string;
        analysis: { documentType: string; sagemaker: { endpoint: string; label: string | null } };
      }>;
    }>(
      '{ documents(prefix: "contract-") { id title analysis(documentType: LEGAL, architecture: DECISION_TREE) { documentType sagemaker { endpoint label } } } }',
    );

    expect(errors).toBeUndefined();
    expect(data!.documents).toHaveLength(6);
    for (const document of data!.documents) {
      expect(document.title).toMatch(/^Services agreement \d$/);
      expect(document.analysis).toMatchObject({ documentType: 'LEGAL', sagemaker: { endpoint: 'legal-document-analyzer' } });
    }
    // The plan: documents first (for content, which analysis @requires), then one _entities fetch.
    expect(fetches.map((fetch) => fetch.subgraph)).toEqual(['documents', 'analysis']);
    expect(fetches[1]!.query).toContain('_entities');
    expect(fetches[1]!.representations).toBe(6);
    const sagemakerCalls = upstreams.calls.filter((call) => call.service === 'sagemaker');
    expect(sagemakerCalls.map((call) => ({ target: call.target, instances: call.instances }))).toEqual([
      { target: 'legal-document-analyzer', instances: 6 },
    ]);
    expect(upstreams.calls.filter((call) => call.service === 'bedrock')).toHaveLength(0);
  });

  it('runs PARALLEL analyses of entities: one Bedrock call per distinct document, SageMaker batched per endpoint', async () => {
    const { data, errors } = await routerQuery<{
      documents: Array<{ id: string; analysis: { method: string; bedrock: { detectedType: string } } }>;
    }>('{ documents { id analysis(documentType: GENERAL, architecture: PARALLEL) { method bedrock { detectedType } } } }');

    expect(errors).toBeUndefined();
    expect(data!.documents).toHaveLength(DOCUMENTS.length);
    expect(data!.documents.every((document) => document.analysis.method === 'HYBRID')).toBe(true);
    expect(data!.documents.find((document) => document.id === 'note-1')!.analysis.bedrock.detectedType).toBe('MEDICAL');
    expect(upstreams.calls.filter((call) => call.service === 'bedrock')).toHaveLength(DOCUMENTS.length);
    expect(upstreams.calls.filter((call) => call.service === 'sagemaker').map((call) => call.instances)).toEqual([DOCUMENTS.length]);
  });

  it('serves root fields of both subgraphs in one operation', async () => {
    const { data, errors } = await routerQuery<{
      document: { title: string };
      estimateCost: { inputTokens: number };
      chooseMethod: { method: string };
    }>(
      '{ document(id: "note-1") { title } estimateCost(input: {content: "hello world"}) { inputTokens } chooseMethod(input: {content: "The tenant shall pay.", documentType: LEGAL, accuracy: HIGH}) { method } }',
    );

    expect(errors).toBeUndefined();
    expect(data).toMatchObject({
      document: { title: 'Discharge summary' },
      estimateCost: { inputTokens: expect.any(Number) },
      chooseMethod: { method: 'HYBRID' },
    });
    expect(fetches.map((fetch) => fetch.subgraph).sort()).toEqual(['analysis', 'documents']);
  });

  it('keeps the other documents when one analysis fails (nullable analysis, error on its path)', async () => {
    const { data, errors } = await routerQuery<{ documents: Array<{ id: string; analysis: { id: string } | null }> }>(
      '{ documents(prefix: "note") { id analysis(documentType: MEDICAL, maxCostUsd: 0) { id } } first: document(id: "earnings-1") { id analysis(documentType: FINANCIAL) { id } } }',
    );

    expect(data!.documents).toEqual([{ id: 'note-1', analysis: null }]);
    expect(errors?.[0]?.extensions?.code).toBe('BUDGET_EXCEEDED');
    expect((data as unknown as { first: { analysis: { id: string } } }).first.analysis.id).toBe('earnings-1');
  });
});

describe('federation: _entities called directly, as a router would', () => {
  const ENTITIES =
    'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Document { id analysis(documentType: LEGAL, architecture: DECISION_TREE) { id sagemaker { endpoint } } } } }';

  it('resolves many representations in one request with one batched SageMaker call, and the same key once', async () => {
    // Texts no earlier test analysed, so no result cache answers for SageMaker.
    const representations = [
      ...DOCUMENTS.slice(0, 4).map(({ id, content }) => ({ __typename: 'Document', id, content: `${content}\n(direct)` })),
      { __typename: 'Document', id: 'contract-0', content: `${DOCUMENTS[0]!.content}\n(direct)` },
    ];
    const response = await fetch(analysis.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: ENTITIES, variables: { representations } }),
    });
    const body = (await response.json()) as {
      data: { _entities: Array<{ id: string; analysis: { id: string; sagemaker: { endpoint: string } } }> };
      errors?: unknown;
    };

    expect(body.errors).toBeUndefined();
    expect(body.data._entities.map((entity) => entity.id)).toEqual(['contract-0', 'contract-1', 'contract-2', 'contract-3', 'contract-0']);
    expect(body.data._entities.every((entity) => entity.analysis.sagemaker.endpoint === 'legal-document-analyzer')).toBe(true);
    expect(upstreams.calls.filter((call) => call.service === 'sagemaker').map((call) => call.instances)).toEqual([4]);
  });

  it('reports a representation without content on its own path and resolves the others', async () => {
    const representations = [
      { __typename: 'Document', id: 'contract-1', content: DOCUMENTS[1]!.content },
      { __typename: 'Document', id: 'contract-2' },
    ];
    const response = await fetch(analysis.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: ENTITIES, variables: { representations } }),
    });
    const body = (await response.json()) as {
      data: { _entities: Array<{ id: string } | null> };
      errors: Array<{ message: string; path: unknown[]; extensions: { code: string } }>;
    };

    expect(body.data._entities[0]).toMatchObject({ id: 'contract-1' });
    expect(body.data._entities[1]).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ path: ['_entities', 1], extensions: { code: 'BAD_USER_INPUT' } });
    expect(body.errors[0]!.message).toContain('"contract-2" came without "content"');
  });
});
