/** Builds the real SageMaker Runtime client: AWS by default, our local service when the config says so. */

import { Agent as HttpAgent } from 'node:http';
import { Agent } from 'node:https';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Config } from '../../config/config.types.js';

export function createSageMakerClient(config: Config, localUrl: string | undefined): SageMakerRuntimeClient {
  const local = config.aws.local.sagemaker && localUrl;
  // Keep-alive sockets sized for a batch fan-out: the SDK's 50 would queue calls inside the client,
  // where neither our deadline accounting nor the bulkhead can see them.
  const sockets = { keepAlive: true, maxSockets: config.sagemaker.maxSockets };
  return new SageMakerRuntimeClient({
    region: config.aws.region,
    // Retries are ours (src/resilience/upstream-guard.ts): one SDK attempt, so the breaker, the retry
    // budget and our deadline see and bound every attempt.
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new HttpAgent(sockets), httpsAgent: new Agent(sockets) }),
    ...(local ? { endpoint: localUrl, credentials: config.aws.localCredentials } : {}),
  });
}
