/** The Bedrock side of an analysis: one Converse call per distinct document. */
import { type BedrockRuntimeClient, ConverseCommand, type ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { withDeadline } from '../../resilience/deadline.js';
import type { UpstreamResilience } from '../../resilience/upstream-resilience.js';
import type { BedrockResult, DocumentRef } from '../analysis-results.js';
import { translateBedrockError } from './bedrock.errors.js';
import { buildConverseInput } from './bedrock.request.js';
import { parseConverseOutput } from './bedrock.response.js';

export interface BedrockSettings {
  modelId: string;
  maxOutputTokens: number;
  timeoutMs: number;
}

export class BedrockDataSource {
  constructor(
    private readonly client: BedrockRuntimeClient,
    private readonly settings: BedrockSettings,
    /** Breaker, bulkhead, deadlines and retries per model; without it, one plain call. */
    private readonly resilience?: UpstreamResilience,
  ) {}

  get modelId(): string {
    return this.settings.modelId;
  }

  /** Resolves with a result or rejects with a coded GraphQLError; never hangs past the timeout. */
  async analyze(document: DocumentRef, signal?: AbortSignal): Promise<BedrockResult> {
    const started = performance.now();
    const input = buildConverseInput(document, this.settings);
    const { modelId, timeoutMs } = this.settings;
    const attempt = async (attemptSignal: AbortSignal, attemptTimeoutMs: number): Promise<ConverseCommandOutput> => {
      try {
        return await this.client.send(new ConverseCommand(input), { abortSignal: attemptSignal });
      } catch (error) {
        throw translateBedrockError(error, modelId, attemptTimeoutMs);
      }
    };
    const output = this.resilience
      ? await this.resilience
          .guard('bedrock', modelId)
          .call((attemptSignal, _n, attemptTimeoutMs) => attempt(attemptSignal, attemptTimeoutMs), signal)
      : await withDeadline(timeoutMs, signal, (callSignal) => attempt(callSignal, timeoutMs));
    return {
      modelId: this.settings.modelId,
      ...parseConverseOutput(output),
      cached: false,
      latencyMs: performance.now() - started,
    };
  }
}
