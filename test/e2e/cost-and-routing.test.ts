/** estimateCost and chooseMethod over HTTP: priced before anything is called, routed with reasons. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnalyzeDocumentDocument, ChooseMethodDocument, EstimateCostDocument } from '../../examples/generated/operations.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { estimateTokens, PROMPT_OVERHEAD_TOKENS } from '../../src/routing/token-estimate.js';
import { CLINICAL_NOTE, ENCYCLOPEDIA } from '../fixtures/documents.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

let upstreams: LocalUpstreams;
let gateway: TestGateway;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  // A fixed per-call SageMaker price makes the expected figures easy to compute by hand.
  gateway = await startTestGateway({ SAGEMAKER_PER_CALL_USD: '0.002' }, upstreams);
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.close();
});
beforeEach(() => upstreams.resetCalls());

describe('estimateCost', () => {
  it('prices every method from estimated tokens and the price table, without calling anything', async () => {
    const { data, errors } = await gateway.query(EstimateCostDocument, { input: { content: ENCYCLOPEDIA } });
    expect(errors).toBeUndefined();
    const estimate = data!.estimateCost;
    const input = estimateTokens(ENCYCLOPEDIA) + PROMPT_OVERHEAD_TOKENS;
    // Claude 3 Haiku: $0.00025 per 1K input, $0.00125 per 1K output; 150 expected output tokens.
    const bedrockUsd = (input / 1000) * 0.00025 + (150 / 1000) * 0.00125;
    expect(estimate).toMatchObject({
      inputTokens: input,
      outputTokens: 150,
      pricingVersion: 'aws-public-2026-11-24',
      endpoint: 'general-text-analyzer',
    });
    const byMethod = Object.fromEntries(estimate.methods.map((method) => [method.method, method]));
    expect(byMethod.BEDROCK_ONLY!.estimatedUsd).toBeCloseTo(bedrockUsd, 12);
    expect(byMethod.SAGEMAKER_ONLY!.estimatedUsd).toBeCloseTo(0.002, 12);
    expect(byMethod.HYBRID!.estimatedUsd).toBeCloseTo(bedrockUsd + 0.002, 12);
    expect(upstreams.calls).toHaveLength(0);
  });

  it('prices one method when asked', async () => {
    const { data } = await gateway.query(EstimateCostDocument, { input: { content: 'short text', method: 'SAGEMAKER_ONLY' } });
    expect(data!.estimateCost.methods.map((method) => method.method)).toEqual(['SAGEMAKER_ONLY']);
  });
});

describe('chooseMethod', () => {
  it('gives HYBRID for HIGH accuracy on a medical document, with reasons and the alternatives', async () => {
    const { data } = await gateway.query(ChooseMethodDocument, {
      input: { content: CLINICAL_NOTE, documentType: 'MEDICAL', accuracy: 'HIGH' },
    });
    const choice = data!.chooseMethod;
    expect(choice).toMatchObject({ method: 'HYBRID', architecture: 'PARALLEL' });
    expect(choice.reasons.join(' ')).toMatch(/HIGH/);
    expect(choice.alternatives.map((alternative) => alternative.method).sort()).toEqual(['BEDROCK_ONLY', 'SAGEMAKER_ONLY']);
  });

  it('gives BEDROCK_ONLY when Bedrock is cheaper and accuracy is STANDARD', async () => {
    const { data } = await gateway.query(ChooseMethodDocument, { input: { content: ENCYCLOPEDIA } });
    expect(data!.chooseMethod).toMatchObject({ method: 'BEDROCK_ONLY', architecture: 'DECISION_TREE' });
    expect(data!.chooseMethod.reasons.join(' ')).toContain('cheaper');
  });

  it('downgrades to a method under maxCostUsd and says so', async () => {
    // HYBRID costs ~$0.0022 here; SageMaker alone $0.002, Bedrock alone ~$0.0003.
    const { data } = await gateway.query(ChooseMethodDocument, {
      input: { content: CLINICAL_NOTE, documentType: 'MEDICAL', accuracy: 'HIGH', maxCostUsd: 0.0021 },
    });
    expect(data!.chooseMethod.method).toBe('SAGEMAKER_ONLY');
    const reasons = data!.chooseMethod.reasons.join(' ');
    expect(reasons).toMatch(/HYBRID \(\$0\.002\d{3}\) is over the limit \$0\.002100/);
    expect(reasons).toContain('SAGEMAKER_ONLY ($0.002000) is within it');
  });
});

describe('maxCostUsd on analyzeDocument', () => {
  it('runs only the cheaper method the limit leaves, and says why', async () => {
    const { data, errors } = await gateway.query(AnalyzeDocumentDocument, {
      input: { content: CLINICAL_NOTE, documentType: 'MEDICAL', accuracy: 'HIGH', maxCostUsd: 0.0021 },
    });
    expect(errors).toBeUndefined();
    const analysis = data!.analyzeDocument;
    expect(analysis).toMatchObject({ method: 'SAGEMAKER_ONLY', architecture: 'DECISION_TREE', bedrock: null });
    expect(analysis.sagemaker!.endpoint).toBe('medical-text-classifier');
    expect(analysis.cost.estimatedUsd).toBeLessThanOrEqual(0.0021);
    expect(analysis.reasons.join(' ')).toContain('is over the limit $0.002100');
    expect(upstreams.calls.map((call) => call.service)).toEqual(['sagemaker']);
  });

  it('refuses with BUDGET_EXCEEDED before any upstream call when nothing fits', async () => {
    const { data, errors } = await gateway.query(AnalyzeDocumentDocument, { input: { content: ENCYCLOPEDIA, maxCostUsd: 0.0000001 } });
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe('BUDGET_EXCEEDED');
    expect(errors?.[0]?.extensions?.limitUsd).toBe(0.0000001);
    expect(upstreams.calls).toHaveLength(0);
  });
});
