/** Several analyses in one operation: one SageMaker call per endpoint, one Bedrock call per distinct document. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { CLINICAL_NOTE, CONTRACT, EARNINGS, ENCYCLOPEDIA } from '../fixtures/documents.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

let upstreams: LocalUpstreams;
let gateway: TestGateway;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  // One attempt per call, so an injected fault fails exactly one batch instead of being retried away.
  gateway = await startTestGateway({ SAGEMAKER_MAX_BATCH_SIZE: '4', AWS_MAX_ATTEMPTS: '1' }, upstreams);
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.close();
});
beforeEach(() => {
  upstreams.resetCalls();
  upstreams.setFaults([]);
  gateway.gateway.counters.reset();
});

const TYPES = { LEGAL: CONTRACT, MEDICAL: CLINICAL_NOTE, FINANCIAL: EARNINGS, GENERAL: ENCYCLOPEDIA } as const;
const TEXTS = Object.values(TYPES);

interface SageMakerSide {
  endpoint: string;
  label: string | null;
  score: number | null;
  details: unknown;
  error: string | null;
}

let run = 0;

/**
 * `perType` aliased analyses of each type. Each endpoint gets all four fixture texts in turn, so
 * neighbouring documents of one batch get different predictions and a mix-up would show.
 */
function aliasedQuery(perType: number, types: readonly string[] = Object.keys(TYPES)) {
  const tag = `${++run}-${Date.now()}`;
  const fields = types.flatMap((type) =>
    Array.from({ length: perType }, (_, i) => {
      const content = `${TEXTS[i % TEXTS.length]}\n\n(batch ${tag}, copy ${i})`;
      return `${type.toLowerCase()}${i}: analyzeDocument(input: {content: ${JSON.stringify(content)}, documentType: ${type}, architecture: PARALLEL}) { sagemaker { endpoint label score details error } }`;
    }),
  );
  return `{ ${fields.join('\n')} }`;
}

const sagemakerCalls = () => upstreams.calls.filter((call) => call.service === 'sagemaker');

describe('batching within one operation', () => {
  it('sends 100 aliased analyses over 4 types as ceil(25/4)=7 SageMaker calls per endpoint, each prediction back in its place', async () => {
    // Prepare: the same operation, one document per call, is the reference for what each alias must get.
    const query = aliasedQuery(25);
    const unbatched = await startTestGateway({ SAGEMAKER_MAX_BATCH_SIZE: '1', CACHE_ENABLED: 'off' }, upstreams);
    const reference = await unbatched.query<Record<string, { sagemaker: SageMakerSide }>, never>(query).finally(() => unbatched.close());
    upstreams.resetCalls();

    // Act
    const { data, errors } = await gateway.query<Record<string, { sagemaker: SageMakerSide }>, never>(query);

    // Assess: calls
    expect(reference.errors).toBeUndefined();
    expect(errors).toBeUndefined();
    expect(Object.keys(data!)).toHaveLength(100);
    const perEndpoint = Object.groupBy(sagemakerCalls(), (call) => call.target);
    expect(Object.keys(perEndpoint).sort()).toEqual([
      'financial-sentiment-analyzer',
      'general-text-analyzer',
      'legal-document-analyzer',
      'medical-text-classifier',
    ]);
    for (const calls of Object.values(perEndpoint)) {
      expect(calls!.map((call) => call.instances).sort()).toEqual([1, 4, 4, 4, 4, 4, 4]);
    }
    // Order: every alias got the prediction for its own document, and the check can tell them apart.
    for (const [alias, analysis] of Object.entries(data!)) {
      expect(analysis.sagemaker, alias).toEqual(reference.data![alias]!.sagemaker);
    }
    for (const type of Object.keys(TYPES)) {
      const predictions = new Set(Array.from({ length: 25 }, (_, i) => JSON.stringify(data![`${type.toLowerCase()}${i}`]!.sagemaker)));
      expect(predictions.size, type).toBeGreaterThanOrEqual(3);
    }
    // The gateway's own counters agree with what the upstreams saw.
    const counters = gateway.gateway.counters.snapshot();
    expect(counters.upstreamCalls.sagemaker).toBe(28);
    expect(counters.sagemakerBatchSizes.reduce((sum, size) => sum + size, 0)).toBe(100);
    expect(counters.analyses).toBe(100);
  });

  it('fails only the documents of a failed SageMaker batch: the other batches of the endpoint answer', async () => {
    // Prepare: the first call to the legal endpoint fails (ModelError is not retried).
    upstreams.setFaults([{ service: 'sagemaker', target: 'legal-document-analyzer', errorType: 'ModelError', times: 1 }]);

    // Act: 10 legal documents in batches of 4, 4 and 2.
    const { data, errors } = await gateway.query<Record<string, { sagemaker: SageMakerSide }>, never>(aliasedQuery(10, ['LEGAL']));

    // Assess
    expect(
      sagemakerCalls()
        .map((call) => call.instances)
        .sort(),
    ).toEqual([2, 4, 4]);
    expect(sagemakerCalls().filter((call) => call.status !== 200)).toHaveLength(1);
    const failed = Array.from({ length: 10 }, (_, i) => i).filter((i) => data![`legal${i}`]!.sagemaker.error !== null);
    // Exactly one batch's documents, whichever batch reached the endpoint first.
    expect([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]).toContainEqual(failed);
    for (let i = 0; i < 10; i++) {
      if (!failed.includes(i)) expect(data![`legal${i}`]!.sagemaker).toMatchObject({ error: null, label: expect.any(String) });
    }
    expect(errors?.map((error) => error.extensions?.code)).toEqual(failed.map(() => 'UPSTREAM_MODEL_ERROR'));
  });

  it('splits a batch at the 6 MiB SageMaker payload limit: 5 documents of 1.5 MiB make two calls the endpoint accepts', async () => {
    // Prepare: room for big documents in the request; the batch size alone would allow all five in one call.
    const big = await startTestGateway(
      { MAX_CONTENT_BYTES: String(2 * 1024 * 1024), MAX_BODY_BYTES: String(16 * 1024 * 1024), CACHE_ENABLED: 'off' },
      upstreams,
    );
    const sentence = 'The river flows past the old town and on towards the sea. ';
    const documents = Array.from(
      { length: 5 },
      (_, i) => `${sentence.repeat(Math.ceil((1.5 * 1024 * 1024) / sentence.length))}\n(volume ${i})`,
    );
    const variables = Object.fromEntries(documents.map((content, i) => [`c${i}`, content]));
    // HIGH accuracy on a GENERAL document goes to SageMaker alone: the size is all SageMaker's.
    const query = `query Big(${documents.map((_, i) => `$c${i}: String!`).join(', ')}) { ${documents
      .map(
        (_, i) => `d${i}: analyzeDocument(input: {content: $c${i}, documentType: GENERAL, accuracy: HIGH}) { sagemaker { label error } }`,
      )
      .join('\n')} }`;

    try {
      // Act
      const { data, errors } = await big.query<Record<string, { sagemaker: SageMakerSide }>, typeof variables>(query, variables);

      // Assess: 7.5 MiB in one body would be refused; two bodies under 6 MiB each are not.
      expect(errors).toBeUndefined();
      expect(
        sagemakerCalls()
          .map((call) => call.instances)
          .sort(),
      ).toEqual([2, 3]);
      expect(sagemakerCalls().every((call) => call.status === 200)).toBe(true);
      expect(documents.every((_, i) => data![`d${i}`]!.sagemaker.error === null)).toBe(true);
    } finally {
      await big.close();
    }
  });

  it('makes one Bedrock call for identical documents in one operation', async () => {
    const field = (alias: string) =>
      `${alias}: analyzeDocument(input: {content: ${JSON.stringify(ENCYCLOPEDIA)}, architecture: DECISION_TREE}) { id bedrock { topic } }`;
    const { data } = await gateway.query<Record<string, { id: string; bedrock: { topic: string } }>, never>(
      `{ ${field('a')} ${field('b')} ${field('c')} }`,
    );
    expect(upstreams.calls.filter((call) => call.service === 'bedrock')).toHaveLength(1);
    expect(data!.a!.bedrock.topic).toBe(data!.c!.bedrock.topic);
  });
});
