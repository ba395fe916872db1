/** Builds the real SageMaker Runtime client: AWS by default, our local service when the config says so. */
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { Config } from '../../config/config.types.js';

export function createSageMakerClient(config: Config, localUrl: string | undefined): SageMakerRuntimeClient {
  const local = config.aws.local.sagemaker && localUrl;
  return new SageMakerRuntimeClient({
    region: config.aws.region,
    ...(config.aws.maxAttempts ? { maxAttempts: config.aws.maxAttempts } : {}),
    ...(local ? { endpoint: localUrl, credentials: config.aws.localCredentials } : {}),
  });
}
