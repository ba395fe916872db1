/** The Bedrock side of an analysis: one Converse call per distinct document. */
import { type BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import type { BedrockResult, DocumentRef } from '../analysis-results.js';
import { callSignal } from '../upstream-errors.js';
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
  ) {}

  get modelId(): string {
    return this.settings.modelId;
  }

  /** Resolves with a result or rejects with a coded GraphQLError; never hangs past the timeout. */
  async analyze(document: DocumentRef, signal?: AbortSignal): Promise<BedrockResult> {
    const started = performance.now();
    const input = buildConverseInput(document, this.settings);
    let output;
    try {
      output = await this.client.send(new ConverseCommand(input), { abortSignal: callSignal(this.settings.timeoutMs, signal) });
    } catch (error) {
      throw translateBedrockError(error, this.settings.modelId, this.settings.timeoutMs);
    }
    return {
      modelId: this.settings.modelId,
      ...parseConverseOutput(output),
      cached: false,
      latencyMs: performance.now() - started,
    };
  }
}
