/**
 * Per-request DataLoaders: identical documents in one operation make one Bedrock call, and all
 * documents bound for one SageMaker endpoint go out in as few InvokeEndpoint calls as the batch
 * size and the payload limit allow. Created per request, so nothing is shared across tenants.
 */
import DataLoader from 'dataloader';
import type { GraphQLError } from 'graphql';
import type { RequestUsage } from '../metrics/request-usage.js';
import type { BedrockResult, DocumentRef, SageMakerResult } from './analysis-results.js';
import type { BedrockDataSource } from './bedrock/bedrock.datasource.js';
import type { SageMakerDataSource, SageMakerDocument } from './sagemaker/sagemaker.datasource.js';
import { instanceBytes, toInstance } from './sagemaker/sagemaker.request.js';

export interface LoaderSettings {
  maxBatchSize: number;
  maxPayloadBytes: number;
}

export interface RequestLoaders {
  bedrock: DataLoader<DocumentRef, BedrockResult, string>;
  sagemaker(endpoint: string): DataLoader<SageMakerDocument, SageMakerResult, string>;
}

const documentKey = (document: DocumentRef) => `${document.documentType}:${document.contentHash}`;

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

export function createRequestLoaders(
  bedrock: BedrockDataSource,
  sagemaker: SageMakerDataSource,
  settings: LoaderSettings,
  usage: RequestUsage,
  signal?: AbortSignal,
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
      usage.recordUpstreamCall({ service: 'bedrock', target: bedrock.modelId, latencyMs: performance.now() - started, ok: false, errorCode: codeOf(failure), batchSize: 1 });
      return failure;
    }
  };
  const bedrockLoader = new DataLoader<DocumentRef, BedrockResult, string>((documents) => Promise.all(documents.map(analyzeWithBedrock)), {
    cacheKeyFn: documentKey,
  });
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
      loader = new DataLoader<SageMakerDocument, SageMakerResult, string>(
        async (documents) => {
          const batches = planBatches(documents, settings);
          const results = await Promise.all(batches.map((batch) => analyzeBatch(endpoint, batch)));
          return results.flat();
        },
        { cacheKeyFn: documentKey },
      );
      endpointLoaders.set(endpoint, loader);
    }
    return loader;
  };
  return { bedrock: bedrockLoader, sagemaker: sagemakerLoader };
}
