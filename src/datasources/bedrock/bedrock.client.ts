/** Builds the real Bedrock Runtime client: AWS by default, our local service when the config says so. */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { Config } from '../../config/config.types.js';

export function createBedrockClient(config: Config, localUrl: string | undefined): BedrockRuntimeClient {
  const local = config.aws.local.bedrock && localUrl;
  return new BedrockRuntimeClient({
    region: config.aws.region,
    // Retries are ours (src/resilience/upstream-guard.ts): one SDK attempt, so the breaker, the retry
    // budget and our deadline see and bound every attempt.
    maxAttempts: 1,
    // Only a locally served service gets an endpoint and dummy credentials; otherwise the SDK's own
    // resolution (AWS_ENDPOINT_URL_BEDROCK_RUNTIME, credential chain) applies untouched.
    ...(local ? { endpoint: localUrl, credentials: config.aws.localCredentials } : {}),
  });
}
