/** Builds the real SageMaker Runtime client: AWS by default, our local service when the config says so. */
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { Config } from '../../config/config.types.js';

export function createSageMakerClient(config: Config, localUrl: string | undefined): SageMakerRuntimeClient {
  const local = config.aws.local.sagemaker && localUrl;
  return new SageMakerRuntimeClient({
    region: config.aws.region,
    // Retries are ours (src/resilience/upstream-guard.ts): one SDK attempt, so the breaker, the retry
    // budget and our deadline see and bound every attempt.
    maxAttempts: 1,
    ...(local ? { endpoint: localUrl, credentials: config.aws.localCredentials } : {}),
  });
}
