/** Builds the real Bedrock Runtime client: AWS by default, our local service when the config says so. */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { Config } from '../../config/config.types.js';

export function createBedrockClient(config: Config, localUrl: string | undefined): BedrockRuntimeClient {
  const local = config.aws.local.bedrock && localUrl;
  return new BedrockRuntimeClient({
    region: config.aws.region,
    ...(config.aws.maxAttempts ? { maxAttempts: config.aws.maxAttempts } : {}),
    // Only a locally served service gets an endpoint and dummy credentials; otherwise the SDK's own
    // resolution (AWS_ENDPOINT_URL_BEDROCK_RUNTIME, credential chain) applies untouched.
    ...(local ? { endpoint: localUrl, credentials: config.aws.localCredentials } : {}),
  });
}
