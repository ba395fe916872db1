/**
 * Per-request DataLoaders: identical documents in one operation make one Bedrock call, and all
 * documents bound for one SageMaker endpoint go out in as few InvokeEndpoint calls as the batch
 * size and the payload limit allow. With a cache, each batch is first answered from it, and only
 * the misses nobody else is already fetching go upstream (see src/cache/analysis.cache.ts). Created
 * per request; cache keys carry the tenant, so nothing is shared across tenants.
 */
import DataLoader from 'dataloader';
import type { GraphQLError } from 'graphql';
import type { AnalysisCache, CachedSide } from '../cache/analysis.cache.js';
import { Confidence, DocumentType } from '../domain.js';
import type { RequestUsage } from '../metrics/request-usage.js';
import { type BedrockResult, bedrockInputHash, type DocumentRef, type SageMakerResult } from './analysis-results.js';
import type { BedrockDataSource } from './bedrock/bedrock.datasource.js';
import type { SageMakerDataSource, SageMakerDocument } from './sagemaker/sagemaker.datasource.js';
import { instanceBytes, toInstance } from './sagemaker/sagemaker.request.js';

export interface LoaderSettings {
  maxBatchSize: number;
  maxPayloadBytes: number;
}

export interface LoaderCache {
  results: AnalysisCache;
  /** Read when a batch runs, so a tenant settled after the context was built still scopes the keys. */
  tenant(): string;
}

export interface RequestLoaders {
  bedrock: DataLoader<DocumentRef, BedrockResult, string>;
  sagemaker(endpoint: string): DataLoader<SageMakerDocument, SageMakerResult, string>;
}

const documentKey = (document: DocumentRef) => `${document.documentType}:${document.contentHash}`;
const bedrockDocumentKey = (document: DocumentRef) => `${document.documentType}:${bedrockInputHash(document)}`;

// `{"instances":[` + `]}`
const ENVELOPE_BYTES = 16;

/** Splits documents into batches under both the count and the byte limit, keeping order. */
export function planBatches<T extends DocumentRef>(documents: readonly T[], settings: LoaderSettings): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const document of documents) {
    const size = instanceBytes(toInstance(document));
    if (current.length > 0 && (current.length >= settings.maxBatchSize || bytes + size > settings.maxPayloadBytes)) {
      batches.push(current);
      current = [];
      bytes = ENVELOPE_BYTES;
    }
    current.push(document);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function codeOf(error: GraphQLError): string {
  return String(error.extensions.code ?? 'INTERNAL_SERVER_ERROR');
}

const CONFIDENCES = new Set<unknown>(Object.values(Confidence));
const DOCUMENT_TYPES = new Set<unknown>(Object.values(DocumentType));
const isNumberOrNull = (value: unknown) => value === null || typeof value === 'number';
const isStringOrNull = (value: unknown) => value === null || typeof value === 'string';

/** A stored Bedrock result, checked field by field: a bad entry is a miss, never a wrong answer. */
export function reviveBedrockResult(stored: Record<string, unknown>): BedrockResult | undefined {
  const ok =
    typeof stored.modelId === 'string' &&
    isStringOrNull(stored.topic) &&
    Array.isArray(stored.keywords) &&
    stored.keywords.every((keyword) => typeof keyword === 'string') &&
    isStringOrNull(stored.sentiment) &&
    isNumberOrNull(stored.sentimentScore) &&
    (stored.detectedType === null || DOCUMENT_TYPES.has(stored.detectedType)) &&
    CONFIDENCES.has(stored.confidence) &&
    isNumberOrNull(stored.inputTokens) &&
    isNumberOrNull(stored.outputTokens) &&
    stored.invalidOutput === false;
  return ok ? ({ ...stored, rawResponse: null, cached: true, latencyMs: 0 } as unknown as BedrockResult) : undefined;
}

export function reviveSageMakerResult(stored: Record<string, unknown>): SageMakerResult | undefined {
  const ok =
    typeof stored.endpoint === 'string' &&
    isStringOrNull(stored.label) &&
    isNumberOrNull(stored.score) &&
    CONFIDENCES.has(stored.confidence) &&
    typeof stored.inputTokens === 'number';
  return ok ? ({ details: null, ...stored, cached: true, latencyMs: 0 } as unknown as SageMakerResult) : undefined;
}

export function createRequestLoaders(
  bedrock: BedrockDataSource,
  sagemaker: SageMakerDataSource,
  settings: LoaderSettings,
  usage: RequestUsage,
  signal?: AbortSignal,
  cache?: LoaderCache,
): RequestLoaders {
  const analyzeWithBedrock = async (document: DocumentRef): Promise<BedrockResult | GraphQLError> => {
    const started = performance.now();
    try {
      const result = await bedrock.analyze(document, signal);
      usage.recordUpstreamCall({
        service: 'bedrock',
        target: bedrock.modelId,
        latencyMs: result.latencyMs,
        ok: true,
        batchSize: 1,
        ...(result.inputTokens === null ? {} : { inputTokens: result.inputTokens }),
        ...(result.outputTokens === null ? {} : { outputTokens: result.outputTokens }),
      });
      return result;
    } catch (error) {
      const failure = error as GraphQLError;
      usage.recordUpstreamCall({
        service: 'bedrock',
        target: bedrock.modelId,
        latencyMs: performance.now() - started,
        ok: false,
        errorCode: codeOf(failure),
        batchSize: 1,
      });
      return failure;
    }
  };
  const analyzeAllWithBedrock = (documents: readonly DocumentRef[]) => Promise.all(documents.map(analyzeWithBedrock));
  const request = { usage, signal };
  const bedrockSide = (loaderCache: LoaderCache): CachedSide<DocumentRef, BedrockResult> => ({
    name: 'bedrock',
    keyOf: (document) =>
      loaderCache.results.keyFor({
        side: 'bedrock',
        tenant: loaderCache.tenant(),
        target: bedrock.modelId,
        documentType: document.documentType,
        contentHash: bedrockInputHash(document),
        variant: loaderCache.results.settings.bedrockVariant,
      }),
    // An output that failed validation may be a one-off; the next call deserves a fresh try.
    cacheable: (result) => !result.invalidOutput,
    revive: reviveBedrockResult,
    call: analyzeAllWithBedrock,
  });
  const bedrockLoader = new DataLoader<DocumentRef, BedrockResult, string>(
    (documents) => (cache ? cache.results.load(documents, bedrockSide(cache), request) : analyzeAllWithBedrock(documents)),
    { cacheKeyFn: bedrockDocumentKey },
  );
  const analyzeBatch = async (endpoint: string, batch: SageMakerDocument[]): Promise<Array<SageMakerResult | GraphQLError>> => {
    const started = performance.now();
    const results = await sagemaker.analyzeBatch(endpoint, batch, signal);
    // A failed call fails every document with the same error; a bad prediction fails only its own.
    const failedCall = results.length > 0 && results.every((result) => result instanceof Error) && new Set(results).size === 1;
    usage.recordUpstreamCall({
      service: 'sagemaker',
      target: endpoint,
      latencyMs: performance.now() - started,
      ok: !failedCall,
      ...(failedCall ? { errorCode: codeOf(results[0] as GraphQLError) } : {}),
      batchSize: batch.length,
      inputTokens: batch.reduce((sum, document) => sum + document.inputTokens, 0),
    });
    return results;
  };
  const endpointLoaders = new Map<string, DataLoader<SageMakerDocument, SageMakerResult, string>>();
  const sagemakerLoader = (endpoint: string) => {
    let loader = endpointLoaders.get(endpoint);
    if (!loader) {
      const analyzeAll = async (documents: readonly SageMakerDocument[]) => {
        const batches = planBatches(documents, settings);
        const results = await Promise.all(batches.map((batch) => analyzeBatch(endpoint, batch)));
        return results.flat();
      };
      const side = (loaderCache: LoaderCache): CachedSide<SageMakerDocument, SageMakerResult> => ({
        name: 'sagemaker',
        keyOf: (document) =>
          loaderCache.results.keyFor({
            side: 'sagemaker',
            tenant: loaderCache.tenant(),
            target: endpoint,
            documentType: document.documentType,
            contentHash: document.contentHash,
            variant: '',
          }),
        cacheable: () => true,
        revive: reviveSageMakerResult,
        call: analyzeAll,
      });
      loader = new DataLoader<SageMakerDocument, SageMakerResult, string>(
        (documents) => (cache ? cache.results.load(documents, side(cache), request) : analyzeAll(documents)),
        { cacheKeyFn: documentKey },
      );
      endpointLoaders.set(endpoint, loader);
    }
    return loader;
  };
  return { bedrock: bedrockLoader, sagemaker: sagemakerLoader };
}
