/**
 * Per-request DataLoaders: identical documents in one operation make one Bedrock call, and all
 * documents bound for one SageMaker endpoint go out in as few InvokeEndpoint calls as the batch
 * size and the payload limit allow. Created per request, so nothing is shared across tenants.
 */
import DataLoader from 'dataloader';
import type { GraphQLError } from 'graphql';
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

export function createRequestLoaders(
  bedrock: BedrockDataSource,
  sagemaker: SageMakerDataSource,
  settings: LoaderSettings,
  signal?: AbortSignal,
): RequestLoaders {
  const bedrockLoader = new DataLoader<DocumentRef, BedrockResult, string>(
    (documents) => Promise.all(documents.map((document) => bedrock.analyze(document, signal).catch((error: GraphQLError) => error))),
    { cacheKeyFn: documentKey },
  );
  const endpointLoaders = new Map<string, DataLoader<SageMakerDocument, SageMakerResult, string>>();
  const sagemakerLoader = (endpoint: string) => {
    let loader = endpointLoaders.get(endpoint);
    if (!loader) {
      loader = new DataLoader<SageMakerDocument, SageMakerResult, string>(
        async (documents) => {
          const batches = planBatches(documents, settings);
          const results = await Promise.all(batches.map((batch) => sagemaker.analyzeBatch(endpoint, batch, signal)));
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
