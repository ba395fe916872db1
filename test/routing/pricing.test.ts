import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPricing, loadPricingFile, PricingError } from '../../src/routing/pricing.js';
import { DEFAULT_PRICING } from '../../src/routing/pricing.table.js';

const NOVA_LITE = 'amazon.nova-lite-v1:0';

describe('loadPricing', () => {
  it('returns a copy of the defaults when there is no override', () => {
    const table = loadPricing();

    expect(table).toEqual(DEFAULT_PRICING);
    expect(table.bedrock).not.toBe(DEFAULT_PRICING.bedrock);
  });

  it('replaces a model price, giving it the source "override" when none is named', () => {
    const table = loadPricing({ bedrock: { [NOVA_LITE]: { inputPer1k: 0.0001, outputPer1k: 0.0004, retrieved: '2026-12-01' } } });

    expect(table.bedrock[NOVA_LITE]).toEqual({ inputPer1k: 0.0001, outputPer1k: 0.0004, source: 'override', retrieved: '2026-12-01' });
    expect(table.bedrock['amazon.nova-pro-v1:0']).toEqual(DEFAULT_PRICING.bedrock['amazon.nova-pro-v1:0']);
    expect(table.version).toBe('aws-public-2026-11-24+override');
    expect(DEFAULT_PRICING.bedrock[NOVA_LITE]?.inputPer1k).toBe(0.00006);
  });

  it('adds models and instance types, keeping a named source and version', () => {
    const table = loadPricing({
      version: 'acme-negotiated-2026-12',
      bedrock: { 'acme.custom-v1:0': { inputPer1k: 0.001, outputPer1k: 0.002, source: 'contract 42', retrieved: '2026-12-01' } },
      sagemakerInstances: { 'ml.g6.xlarge': { hourlyUsd: 1.0056, source: 'AWS quote', retrieved: '2026-12-01T10:00:00Z' } },
    });

    expect(table.version).toBe('acme-negotiated-2026-12');
    expect(table.bedrock['acme.custom-v1:0']?.source).toBe('contract 42');
    expect(table.sagemakerInstances['ml.g6.xlarge']?.hourlyUsd).toBe(1.0056);
    expect(table.sagemakerInstances['ml.m5.large']?.hourlyUsd).toBe(0.115);
  });

  it.each([
    [
      'a price of the wrong type',
      { bedrock: { [NOVA_LITE]: { inputPer1k: 'cheap', outputPer1k: 0.1, retrieved: '2026-12-01' } } },
      `bedrock["${NOVA_LITE}"].inputPer1k`,
    ],
    [
      'a negative price',
      { sagemakerInstances: { 'ml.m5.large': { hourlyUsd: -1, retrieved: '2026-12-01' } } },
      'sagemakerInstances["ml.m5.large"].hourlyUsd',
    ],
    ['a missing retrieved date', { bedrock: { [NOVA_LITE]: { inputPer1k: 0.1, outputPer1k: 0.1 } } }, `bedrock["${NOVA_LITE}"].retrieved`],
    [
      'an impossible date',
      { sagemakerInstances: { 'ml.m5.large': { hourlyUsd: 1, retrieved: 'last week' } } },
      'sagemakerInstances["ml.m5.large"].retrieved',
    ],
    [
      'half an entry (output price missing)',
      { bedrock: { 'acme.x': { inputPer1k: 0.1, retrieved: '2026-12-01' } } },
      'bedrock["acme.x"].outputPer1k',
    ],
    ['a misspelt section', { sagemaker: {} }, 'sagemaker'],
    ['another currency', { currency: 'EUR' }, 'currency'],
    ['not an object', [1, 2], '(root)'],
  ])('rejects %s, naming the key path', (_what, override, keyPath) => {
    let error: unknown;
    try {
      loadPricing(override);
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(PricingError);
    expect((error as PricingError).keyPath).toBe(keyPath);
    expect((error as PricingError).message).toContain(keyPath);
  });

  it('names every problem of an override, a misspelt field included', () => {
    const override = { bedrock: { [NOVA_LITE]: { inputPer1K: 0.1, outputPer1k: 0.1, retrieved: '2026-12-01' } } };

    expect(() => loadPricing(override)).toThrow(
      `invalid pricing override at bedrock["${NOVA_LITE}"].inputPer1k: Invalid input: expected number, received undefined; bedrock["${NOVA_LITE}"].inputPer1K: Unrecognized key: "inputPer1K"`,
    );
  });
});

describe('loadPricingFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'routing-pricing-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('merges a JSON file over the defaults', () => {
    const path = file(
      'good.json',
      JSON.stringify({ sagemakerInstances: { 'ml.m5.large': { hourlyUsd: 0.134, retrieved: '2026-12-01' } } }),
    );

    expect(loadPricingFile(path).sagemakerInstances['ml.m5.large']?.hourlyUsd).toBe(0.134);
  });

  it('names the file and the key path when the content is invalid', () => {
    const path = file(
      'bad.json',
      JSON.stringify({ bedrock: { [NOVA_LITE]: { inputPer1k: null, outputPer1k: 0.1, retrieved: '2026-12-01' } } }),
    );

    expect(() => loadPricingFile(path)).toThrow(`pricing file ${path}: invalid pricing override at bedrock["${NOVA_LITE}"].inputPer1k`);
  });

  it('names the file when it is not JSON', () => {
    const path = file('broken.json', '{ "bedrock": ');

    expect(() => loadPricingFile(path)).toThrow(`pricing file ${path} is not valid JSON`);
  });

  it('names the file when it cannot be read', () => {
    const path = join(dir, 'missing.json');

    expect(() => loadPricingFile(path)).toThrow(`pricing file ${path} cannot be read`);
  });
});
