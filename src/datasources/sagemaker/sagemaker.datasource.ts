/** The SageMaker side: one InvokeEndpoint per batch of documents bound for the same endpoint. */
import { InvokeEndpointCommand, type SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { GraphQLError } from 'graphql';
import type { DocumentType } from '../../domain.js';
import type { UpstreamResilience } from '../../resilience/upstream-resilience.js';
import { confidenceFromScore, type DocumentRef, type SageMakerResult } from '../analysis-results.js';
import { translateSageMakerError } from './sagemaker.errors.js';
import { buildInvokeEndpointInput, toInstance } from './sagemaker.request.js';
import { type Prediction, PredictionError, parsePredictions } from './sagemaker.response.js';

export interface SageMakerSettings {
  timeoutMs: number;
}

export interface SageMakerDocument extends DocumentRef {
  /** The type that picked the endpoint: the caller's or the detected one, never unknown here. */
  documentType: DocumentType;
  /** Estimated tokens, carried for cost (SageMaker reports no usage). */
  inputTokens: number;
}

export class SageMakerDataSource {
  constructor(
    private readonly client: SageMakerRuntimeClient,
    private readonly settings: SageMakerSettings,
    /** Breaker, bulkhead, deadlines and retries per endpoint. */
    private readonly resilience: UpstreamResilience,
  ) {}

  /**
   * Sends every document in one call. Resolves with one entry per document, in order: a result, or
   * the coded error for that document (a failed call fails all of them, a bad prediction only its own).
   */
  async analyzeBatch(
    endpoint: string,
    documents: readonly SageMakerDocument[],
    signal?: AbortSignal,
  ): Promise<Array<SageMakerResult | GraphQLError>> {
    const started = performance.now();
    const input = buildInvokeEndpointInput(endpoint, documents.map(toInstance));
    let predictions: Array<Prediction | PredictionError>;
    try {
      // A body that does not parse fails the attempt (and counts against the endpoint's circuit).
      predictions = await this.resilience.guard('sagemaker', endpoint).call(async (attemptSignal, _n, attemptTimeoutMs) => {
        try {
          const output = await this.client.send(new InvokeEndpointCommand(input), { abortSignal: attemptSignal });
          return parsePredictions(output.Body, documents.length);
        } catch (error) {
          throw translateSageMakerError(error, endpoint, attemptTimeoutMs);
        }
      }, signal);
    } catch (error) {
      const failure = error as GraphQLError;
      return documents.map(() => failure);
    }
    const latencyMs = performance.now() - started;
    return predictions.map((prediction, index) => {
      if (prediction instanceof PredictionError) return translateSageMakerError(prediction, endpoint, this.settings.timeoutMs);
      return {
        endpoint,
        label: prediction.label ?? null,
        score: prediction.score ?? null,
        confidence: confidenceFromScore(prediction.score),
        details: prediction.details ?? null,
        inputTokens: documents[index]?.inputTokens ?? 0,
        cached: false,
        latencyMs,
      };
    });
  }
}
