/** Several analyses in one operation: one SageMaker call per endpoint, one Bedrock call per distinct document. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { CLINICAL_NOTE, CONTRACT, EARNINGS, ENCYCLOPEDIA } from '../fixtures/documents.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

let upstreams: LocalUpstreams;
let gateway: TestGateway;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  gateway = await startTestGateway({ SAGEMAKER_MAX_BATCH_SIZE: '4' }, upstreams);
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.close();
});
beforeEach(() => {
  upstreams.resetCalls();
  gateway.gateway.counters.reset();
});

const TYPES = { LEGAL: CONTRACT, MEDICAL: CLINICAL_NOTE, FINANCIAL: EARNINGS, GENERAL: ENCYCLOPEDIA } as const;

describe('batching within one operation', () => {
  it('sends 40 aliased analyses over 4 types as ceil(10/4)=3 SageMaker calls per endpoint, in order', async () => {
    const fields = Object.entries(TYPES).flatMap(([type, text]) =>
      Array.from(
        { length: 10 },
        (_, i) =>
          `${type.toLowerCase()}${i}: analyzeDocument(input: {content: ${JSON.stringify(`${text} (copy ${i})`)}, documentType: ${type}, architecture: PARALLEL}) { id sagemaker { endpoint label } }`,
      ),
    );
    const { data, errors } = await gateway.query<Record<string, { sagemaker: { endpoint: string } | null }>, never>(
      `{ ${fields.join('\n')} }`,
    );
    expect(errors).toBeUndefined();
    expect(Object.keys(data!)).toHaveLength(40);
    const sagemakerCalls = upstreams.calls.filter((call) => call.service === 'sagemaker');
    const perEndpoint = Object.groupBy(sagemakerCalls, (call) => call.target);
    expect(Object.keys(perEndpoint).sort()).toEqual([
      'financial-sentiment-analyzer',
      'general-text-analyzer',
      'legal-document-analyzer',
      'medical-text-classifier',
    ]);
    for (const calls of Object.values(perEndpoint)) {
      expect(calls!.map((call) => call.instances).sort()).toEqual([2, 4, 4]);
    }
    expect(data!.legal3!.sagemaker!.endpoint).toBe('legal-document-analyzer');
    // The gateway's own counters agree with what the upstreams saw.
    const counters = gateway.gateway.counters.snapshot();
    expect(counters.upstreamCalls.sagemaker).toBe(12);
    expect(counters.sagemakerBatchSizes.reduce((sum, size) => sum + size, 0)).toBe(40);
    expect(counters.analyses).toBe(40);
    expect(data!.medical9!.sagemaker!.endpoint).toBe('medical-text-classifier');
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
