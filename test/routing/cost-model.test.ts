import { describe, expect, it } from 'vitest';
import { ProcessingMethod } from '../../src/domain.js';
import {
  actualBedrockCostUsd,
  bedrockCostUsd,
  type CostSettings,
  estimateMethodCosts,
  formatUsd,
  roundUsd,
  type SageMakerEndpointCost,
  sagemakerCallCostUsd,
  UnknownPriceError,
} from '../../src/routing/cost-model.js';
import { loadPricing } from '../../src/routing/pricing.js';
import { DEFAULT_PRICING, type PricingTable } from '../../src/routing/pricing.table.js';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

function priceOf(modelId: string) {
  const price = DEFAULT_PRICING.bedrock[modelId];
  if (price === undefined) throw new Error(`test table lacks ${modelId}`);
  return price;
}

function settings(sagemaker: Partial<SageMakerEndpointCost>, pricing: PricingTable = DEFAULT_PRICING, modelId = HAIKU): CostSettings {
  return {
    modelId,
    pricing,
    expectedOutputTokens: 150,
    sagemaker: {
      endpoint: 'general-text-analyzer',
      instanceType: 'ml.m5.large',
      instanceCount: 1,
      utilisation: 0.5,
      secondsPerCall: 0.2,
      secondsPer1kTokens: 0.05,
      ...sagemaker,
    },
  };
}

describe('bedrockCostUsd', () => {
  it.each([
    // 1000/1000 × 0.00025 + 150/1000 × 0.00125 = 0.00025 + 0.0001875
    [HAIKU, 1000, 150, 0.0004375],
    // 2 × 0.003 + 0.5 × 0.015 = 0.006 + 0.0075
    ['anthropic.claude-sonnet-4-20250514-v1:0', 2000, 500, 0.0135],
    // 10 × 0.000035 + 1 × 0.00014 = 0.00035 + 0.00014
    ['amazon.nova-micro-v1:0', 10_000, 1000, 0.00049],
    // 0.5 × 0.00265 + 0.2 × 0.0035 = 0.001325 + 0.0007
    ['meta.llama3-70b-instruct-v1:0', 500, 200, 0.002025],
    [HAIKU, 0, 0, 0],
  ])('prices %s for %i input and %i output tokens at $%f', (modelId, input, output, expected) => {
    expect(bedrockCostUsd(priceOf(modelId), input, output)).toBeCloseTo(expected, 12);
  });
});

describe('actualBedrockCostUsd', () => {
  it('prices the usage Converse reported', () => {
    // 12/1000 × 0.00025 + 5/1000 × 0.00125 = 0.000003 + 0.00000625
    expect(actualBedrockCostUsd(priceOf(HAIKU), { inputTokens: 12, outputTokens: 5 })).toBeCloseTo(0.00000925, 14);
  });
});

describe('sagemakerCallCostUsd', () => {
  it.each([
    // ml.m5.large $0.115/h; 0.2 s + 0.05 s × 1000/1000 = 0.25 s; 0.115 / 3600 × 0.25 = 0.02875 / 3600 = 7.986111e-6 at full use.
    ['an idle endpoint (5% in use) costs almost nothing more', 'ml.m5.large', 0.2, 0.05, 1000, 0.05, 0.0014375 / 3600],
    ['a busy endpoint (90% in use) costs most of the call time', 'ml.m5.large', 0.2, 0.05, 1000, 0.9, 7.1875e-6],
    ['a saturated endpoint costs the full call time', 'ml.m5.large', 0.2, 0.05, 1000, 1, 0.02875 / 3600],
    ['an unused endpoint costs nothing more', 'ml.m5.large', 0.2, 0.05, 1000, 0, 0],
    // ml.g5.xlarge $1.408/h; 1 s + 0.5 s × 2000/1000 = 2 s; 1.408 × 2 × 0.5 / 3600 = 1.408 / 3600 = 3.911111e-4.
    ['a GPU endpoint half in use', 'ml.g5.xlarge', 1, 0.5, 2000, 0.5, 1.408 / 3600],
  ])('%s', (_what, instanceType, secondsPerCall, secondsPer1kTokens, inputTokens, utilisation, expected) => {
    const cost = sagemakerCallCostUsd(settings({ instanceType, secondsPerCall, secondsPer1kTokens, utilisation }), inputTokens);

    expect(cost).toBeCloseTo(expected, 14);
  });

  it('makes a busy endpoint 18 times as expensive per call as an idle one (0.9 / 0.05)', () => {
    const idle = sagemakerCallCostUsd(settings({ utilisation: 0.05 }), 1000);
    const busy = sagemakerCallCostUsd(settings({ utilisation: 0.9 }), 1000);

    expect(busy / idle).toBeCloseTo(18, 10);
  });

  it('uses a fixed per-call price when one is set, whatever the instance and utilisation', () => {
    expect(sagemakerCallCostUsd(settings({ perCallUsd: 0.0002, utilisation: 0.9 }), 1000)).toBe(0.0002);
    expect(sagemakerCallCostUsd(settings({ perCallUsd: 0.0002, instanceType: 'serverless' }), 1000)).toBe(0.0002);
  });

  it('throws UnknownPriceError naming an unknown instance type', () => {
    const act = () => sagemakerCallCostUsd(settings({ instanceType: 'ml.x99.huge' }), 1000);

    expect(act).toThrow(UnknownPriceError);
    expect(act).toThrow(expect.objectContaining({ kind: 'sagemaker-instance', key: 'ml.x99.huge' }));
  });

  it('rejects a utilisation outside 0..1', () => {
    expect(() => sagemakerCallCostUsd(settings({ utilisation: 1.5 }), 1000)).toThrow(RangeError);
  });
});

describe('estimateMethodCosts', () => {
  // 820 one-token words: 820 document tokens, 820 + 180 prompt = 1000 Bedrock input tokens.
  const document = 'word '.repeat(820);
  // $3.6 an hour is $0.001 an instance-second.
  const pricing = loadPricing({ sagemakerInstances: { 'ml.test': { hourlyUsd: 3.6, retrieved: '2026-11-24' } } });
  // 0.1 s + 0.5 s × 820/1000 = 0.51 s; 0.001 × 0.51 × 0.5 = 0.000255.
  const endpoint = { instanceType: 'ml.test', secondsPerCall: 0.1, secondsPer1kTokens: 0.5, utilisation: 0.5 };

  it('breaks down each method with its tokens and price', () => {
    const estimate = estimateMethodCosts(document, settings(endpoint, pricing));

    expect(estimate).toMatchObject({ documentTokens: 820, inputTokens: 1000, outputTokens: 150 });
    const [bedrock, sagemaker, hybrid] = estimate.methods;
    // Haiku: 0.00025 + 0.0001875 = 0.0004375.
    expect(bedrock).toMatchObject({
      method: ProcessingMethod.BEDROCK_ONLY,
      sagemakerUsd: 0,
      inputTokens: 1000,
      outputTokens: 150,
      priceKnown: true,
    });
    expect(bedrock?.estimatedUsd).toBeCloseTo(0.0004375, 14);
    expect(sagemaker).toMatchObject({ method: ProcessingMethod.SAGEMAKER_ONLY, bedrockUsd: 0, inputTokens: 820, outputTokens: 0 });
    expect(sagemaker?.estimatedUsd).toBeCloseTo(0.000255, 14);
    // 0.0004375 + 0.000255 = 0.0006925; both calls receive the document.
    expect(hybrid).toMatchObject({ method: ProcessingMethod.HYBRID, inputTokens: 1820, outputTokens: 150 });
    expect(hybrid?.estimatedUsd).toBeCloseTo(0.0006925, 14);
    expect(hybrid?.bedrockUsd).toBeCloseTo(0.0004375, 14);
    expect(hybrid?.sagemakerUsd).toBeCloseTo(0.000255, 14);
  });

  it('prices an inference-profile id like its base model', () => {
    const base = estimateMethodCosts(document, settings(endpoint, pricing));
    const profile = estimateMethodCosts(document, settings(endpoint, pricing, `us.${HAIKU}`));

    expect(profile.methods[0]?.estimatedUsd).toBe(base.methods[0]?.estimatedUsd);
  });

  it('says so, rather than failing, when the model has no price', () => {
    const estimate = estimateMethodCosts(document, settings(endpoint, pricing, 'acme.mystery-v1'));

    const [bedrock, , hybrid] = estimate.methods;
    expect(bedrock).toMatchObject({ bedrockUsd: 0, estimatedUsd: 0, priceKnown: false });
    expect(bedrock?.notes.join(' ')).toContain('no price for model acme.mystery-v1');
    expect(hybrid?.priceKnown).toBe(false);
    expect(hybrid?.estimatedUsd).toBeCloseTo(0.000255, 14);
  });

  it('still throws for an unknown SageMaker instance type (config checks these at start)', () => {
    expect(() => estimateMethodCosts(document, settings({ instanceType: 'ml.nope' }))).toThrow(UnknownPriceError);
  });
});

describe('roundUsd and formatUsd', () => {
  it.each([
    // 0.0001 + 0.0002 is 0.00030000000000000003 in binary floating point.
    [0.0001 + 0.0002, 0.0003],
    [1 / 3, 0.33333333],
    // 3.993e-7 × 1e8 = 39.93 -> 40.
    [0.0014375 / 3600, 0.0000004],
    [0, 0],
  ])('rounds %f to 8 decimals: %f', (x, expected) => {
    expect(roundUsd(x)).toBe(expected);
  });

  it.each([
    [0.000412, '$0.000412'],
    [0.00118, '$0.001180'],
    [0.0014375 / 3600, '$0.00000040'],
    [0, '$0'],
  ])('formats %f as %s', (x, expected) => {
    expect(formatUsd(x)).toBe(expected);
  });
});
