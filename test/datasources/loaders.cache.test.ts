/** The per-request loaders with a cache: tenant scoping, what is cached, and what reaches the data sources. */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AnalysisCache } from '../../src/cache/analysis.cache.js';
import { CacheHealth } from '../../src/cache/cache-health.js';
import { FailOpenCache } from '../../src/cache/fail-open.cache.js';
import { HotResults } from '../../src/cache/hot-results.js';
import { MemoryResultCache } from '../../src/cache/memory.store.js';
import type { BedrockResult, DocumentRef, SageMakerResult } from '../../src/datasources/analysis-results.js';
import type { BedrockDataSource } from '../../src/datasources/bedrock/bedrock.datasource.js';
import { createRequestLoaders, reviveBedrockResult, reviveSageMakerResult } from '../../src/datasources/loaders.js';
import type { SageMakerDataSource, SageMakerDocument } from '../../src/datasources/sagemaker/sagemaker.datasource.js';
import { Confidence, DocumentType } from '../../src/domain.js';
import { GatewayCounters } from '../../src/metrics/gateway-counters.js';
import { RequestUsage } from '../../src/metrics/request-usage.js';

const bedrockResult = (invalidOutput = false): BedrockResult => ({
  modelId: 'model-a',
  topic: 'contract',
  keywords: ['term'],
  sentiment: 'neutral',
  sentimentScore: 0.1,
  detectedType: DocumentType.LEGAL,
  confidence: invalidOutput ? Confidence.LOW : Confidence.HIGH,
  inputTokens: 100,
  outputTokens: 20,
  rawResponse: invalidOutput ? 'not json' : null,
  invalidOutput,
  cached: false,
  latencyMs: 5,
});

function world() {
  const bedrockCalls: string[] = [];
  const sagemakerBatches: string[][] = [];
  let invalidOutput = false;
  const bedrock = {
    modelId: 'model-a',
    analyze: async (document: DocumentRef) => {
      bedrockCalls.push(document.content);
      return bedrockResult(invalidOutput);
    },
  } as unknown as BedrockDataSource;
  const sagemaker = {
    analyzeBatch: async (endpoint: string, documents: readonly SageMakerDocument[]): Promise<SageMakerResult[]> => {
      sagemakerBatches.push(documents.map((document) => document.content));
      return documents.map((document) => ({
        endpoint,
        label: document.content,
        score: 0.9,
        confidence: Confidence.HIGH,
        details: { echo: document.content },
        inputTokens: document.inputTokens,
        cached: false,
        latencyMs: 3,
      }));
    },
  } as unknown as SageMakerDataSource;
  const store = new FailOpenCache(
    new MemoryResultCache({ maxEntries: 100, maxBytes: 1e6 }),
    50,
    new CacheHealth(pino({ level: 'silent' }), 'memory'),
  );
  const results = new AnalysisCache(store, new HotResults({ maxEntries: 100, maxAgeMs: 60_000 }), {
    scope: { namespace: 'loaders', analyserVersion: '1' },
    ttlMs: 60_000,
    lockTtlMs: 1_000,
    lockWaitMs: 1_000,
    bedrockVariant: 'v1',
  });
  const counters = new GatewayCounters();
  const loadersFor = (tenant: string) =>
    createRequestLoaders(bedrock, sagemaker, { maxBatchSize: 10, maxPayloadBytes: 1e9 }, new RequestUsage(counters), undefined, {
      results,
      tenant: () => tenant,
    });
  const setInvalidOutput = (value: boolean) => {
    invalidOutput = value;
  };
  return { loadersFor, bedrockCalls, sagemakerBatches, counters, setInvalidOutput };
}

const doc = (content: string): SageMakerDocument => ({
  content,
  documentType: DocumentType.LEGAL,
  contentHash: `hash-${content}`,
  inputTokens: 10,
});

describe('request loaders with a cache', () => {
  it('never lets a result cross tenants', async () => {
    const { loadersFor, bedrockCalls, sagemakerBatches } = world();

    const alpha = await loadersFor('alpha').bedrock.load(doc('x'));
    const alphaAgain = await loadersFor('alpha').bedrock.load(doc('x'));
    const beta = await loadersFor('beta').bedrock.load(doc('x'));
    await loadersFor('alpha')
      .sagemaker('legal')
      .loadMany([doc('p'), doc('q')]);
    const betaDeep = await loadersFor('beta')
      .sagemaker('legal')
      .loadMany([doc('p'), doc('q')]);

    expect([alpha.cached, alphaAgain.cached, beta.cached]).toEqual([false, true, false]);
    expect(bedrockCalls).toEqual(['x', 'x']);
    expect(sagemakerBatches).toEqual([
      ['p', 'q'],
      ['p', 'q'],
    ]);
    expect((betaDeep as SageMakerResult[]).map((result) => result.cached)).toEqual([false, false]);
  });

  it('does not cache a Bedrock answer that failed validation (LOW confidence, invalidOutput)', async () => {
    const { loadersFor, bedrockCalls, setInvalidOutput } = world();
    setInvalidOutput(true);

    await loadersFor('alpha').bedrock.load(doc('y'));
    setInvalidOutput(false);
    const next = await loadersFor('alpha').bedrock.load(doc('y'));

    expect(bedrockCalls).toEqual(['y', 'y']);
    expect(next.cached).toBe(false);
  });

  it('records a hit or a miss per document and side', async () => {
    const { loadersFor, counters } = world();
    await loadersFor('alpha')
      .sagemaker('legal')
      .loadMany([doc('a'), doc('b')]);

    await loadersFor('alpha')
      .sagemaker('legal')
      .loadMany([doc('a'), doc('b'), doc('c')]);

    expect(counters.snapshot().cacheHits.sagemaker).toBe(2);
    expect(counters.snapshot().cacheMisses.sagemaker).toBe(3);
    expect(counters.snapshot().sagemakerBatchSizes).toEqual([2, 1]);
  });
});

describe('reviving stored results', () => {
  it('accepts what was stored and rejects anything that is not a result', () => {
    const { cached: _c, latencyMs: _l, ...stored } = bedrockResult();

    expect(reviveBedrockResult(stored)?.topic).toBe('contract');
    expect(reviveBedrockResult({ ...stored, confidence: 'SURE' })).toBeUndefined();
    expect(reviveBedrockResult({ ...stored, invalidOutput: true })).toBeUndefined();
    expect(reviveSageMakerResult({ endpoint: 'e', label: null, score: null, confidence: 'LOW', inputTokens: 1 })?.details).toBeNull();
    expect(reviveSageMakerResult({ label: 'x' })).toBeUndefined();
  });
});
