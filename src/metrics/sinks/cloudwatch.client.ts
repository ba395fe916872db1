/** Builds the real CloudWatch client: AWS by default, our local service when the config says so. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Config } from '../../config/config.types.js';

export function createCloudWatchClient(config: Config, localUrl: string | undefined): CloudWatchClient {
  const local = config.aws.local.cloudwatch && localUrl;
  return new CloudWatchClient({
    region: config.aws.region,
    // The sink retries whole batches itself, with backoff, while they wait in its bounded buffer;
    // SDK retries on top would multiply attempts and hold batches outside that bound.
    maxAttempts: 1,
    // Only a locally served service gets an endpoint and dummy credentials; otherwise the SDK's own
    // resolution (AWS_ENDPOINT_URL_CLOUDWATCH, credential chain) applies untouched.
    ...(local ? { endpoint: localUrl, credentials: config.aws.localCredentials } : {}),
  });
}
