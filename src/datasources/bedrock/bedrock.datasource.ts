/** The Bedrock side of an analysis: one Converse call per distinct document. */
import { type BedrockRuntimeClient, ConverseCommand, type ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import type { UpstreamResilience } from '../../resilience/upstream-resilience.js';
import type { BedrockResult, DocumentRef } from '../analysis-results.js';
import { translateBedrockError } from './bedrock.errors.js';
import { buildConverseInput } from './bedrock.request.js';
import { parseConverseOutput } from './bedrock.response.js';

export interface BedrockSettings {
  modelId: string;
  maxOutputTokens: number;
}

export class BedrockDataSource {
  constructor(
    private readonly client: BedrockRuntimeClient,
    private readonly settings: BedrockSettings,
    /** Breaker, bulkhead, deadlines and retries per model. */
    private readonly resilience: UpstreamResilience,
  ) {}

  get modelId(): string {
    return this.settings.modelId;
  }

  /** Resolves with a result or rejects with a coded GraphQLError; never hangs past the timeout. */
  async analyze(document: DocumentRef, signal?: AbortSignal): Promise<BedrockResult> {
    const started = performance.now();
    const input = buildConverseInput(document, this.settings);
    const { modelId } = this.settings;
    const output = await this.resilience
      .guard('bedrock', modelId)
      .call(async (attemptSignal, _n, attemptTimeoutMs): Promise<ConverseCommandOutput> => {
        try {
          return await this.client.send(new ConverseCommand(input), { abortSignal: attemptSignal });
        } catch (error) {
          throw translateBedrockError(error, modelId, attemptTimeoutMs);
        }
      }, signal);
    return {
      modelId: this.settings.modelId,
      ...parseConverseOutput(output),
      cached: false,
      latencyMs: performance.now() - started,
    };
  }
}
