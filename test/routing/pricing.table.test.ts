import { describe, expect, it } from 'vitest';
import { bedrockPriceFor, DEFAULT_PRICING, instancePriceFor, type PricingTable } from '../../src/routing/pricing.table.js';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('DEFAULT_PRICING', () => {
  // The figures of aws-protocols.md section 5 (us-east-1 on-demand, retrieved 2026-11-24).
  it.each([
    [HAIKU, 0.00025, 0.00125],
    ['anthropic.claude-3-sonnet-20240229-v1:0', 0.003, 0.015],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', 0.003, 0.015],
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', 0.003, 0.015],
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 0.0008, 0.004],
    ['anthropic.claude-sonnet-4-20250514-v1:0', 0.003, 0.015],
    ['meta.llama3-8b-instruct-v1:0', 0.0003, 0.0006],
    ['meta.llama3-70b-instruct-v1:0', 0.00265, 0.0035],
    ['amazon.nova-micro-v1:0', 0.000035, 0.00014],
    ['amazon.nova-lite-v1:0', 0.00006, 0.00024],
    ['amazon.nova-pro-v1:0', 0.0008, 0.0032],
    ['amazon.titan-text-express-v1', 0.0002, 0.0006],
    ['amazon.titan-text-lite-v1', 0.00015, 0.0002],
    ['amazon.titan-text-premier-v1:0', 0.0005, 0.0015],
  ])('prices %s at $%f in / $%f out per 1K tokens', (modelId, inputPer1k, outputPer1k) => {
    const price = DEFAULT_PRICING.bedrock[modelId];

    expect(price).toMatchObject({ inputPer1k, outputPer1k, retrieved: '2026-11-24' });
    expect(price?.source).not.toBe('');
  });

  it.each([
    ['ml.m5.large', 0.115],
    ['ml.c5.xlarge', 0.204],
    ['ml.g5.xlarge', 1.408],
    ['ml.inf2.xlarge', 0.758],
  ])('prices SageMaker instance %s at $%f an hour', (instanceType, hourlyUsd) => {
    expect(instancePriceFor(DEFAULT_PRICING, instanceType)).toMatchObject({ hourlyUsd, retrieved: '2026-11-24' });
  });

  it('names its version after the date the figures were retrieved, in USD', () => {
    expect(DEFAULT_PRICING.version).toBe('aws-public-2026-11-24');
    expect(DEFAULT_PRICING.currency).toBe('USD');
  });

  it('cannot be changed in place, so one gateway cannot alter another gateway prices', () => {
    expect(Object.isFrozen(DEFAULT_PRICING.bedrock)).toBe(true);
    expect(Object.isFrozen(DEFAULT_PRICING.bedrock[HAIKU])).toBe(true);
  });
});

describe('bedrockPriceFor', () => {
  it.each([
    ['a base model id', HAIKU, HAIKU],
    ['a us. inference profile', `us.${HAIKU}`, HAIKU],
    ['an eu. inference profile', `eu.${HAIKU}`, HAIKU],
    ['an apac. inference profile', `apac.${HAIKU}`, HAIKU],
    ['a us-gov. inference profile', `us-gov.${HAIKU}`, HAIKU],
    ['a global. inference profile', 'global.anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic.claude-sonnet-4-20250514-v1:0'],
    ['a foundation-model ARN', `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`, HAIKU],
    [
      'an inference-profile ARN',
      'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.amazon.nova-lite-v1:0',
      'amazon.nova-lite-v1:0',
    ],
    ['a GovCloud ARN', `arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/${HAIKU}`, HAIKU],
    ['a context-window variant', `${HAIKU}:200k`, HAIKU],
    ['an id without a version suffix', 'amazon.titan-text-express-v1', 'amazon.titan-text-express-v1'],
  ])('resolves %s to the base model price', (_what, modelId, baseId) => {
    expect(bedrockPriceFor(DEFAULT_PRICING, modelId)).toBe(DEFAULT_PRICING.bedrock[baseId]);
  });

  it.each([
    ['an unknown model', 'acme.unknown-model-v1:0'],
    ['an unknown geography', `mars.${HAIKU}`],
    ['an application inference profile (opaque id)', 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5'],
    ['an Object.prototype key', 'constructor'],
    ['an empty id', ''],
  ])('returns undefined for %s, leaving the decision to the caller', (_what, modelId) => {
    expect(bedrockPriceFor(DEFAULT_PRICING, modelId)).toBeUndefined();
  });

  it('prefers an exact inference-profile entry over the base model (regional profiles can cost more)', () => {
    const table: PricingTable = {
      ...DEFAULT_PRICING,
      bedrock: {
        ...DEFAULT_PRICING.bedrock,
        [`us.${HAIKU}`]: { inputPer1k: 0.000275, outputPer1k: 0.001375, source: 'test', retrieved: '2026-11-24' },
      },
    };

    expect(bedrockPriceFor(table, `us.${HAIKU}`)?.inputPer1k).toBe(0.000275);
    expect(bedrockPriceFor(table, `eu.${HAIKU}`)?.inputPer1k).toBe(0.00025);
  });
});
