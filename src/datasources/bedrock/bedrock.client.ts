/** Builds the real Bedrock Runtime client: AWS by default, our local service when the config says so. */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttp2Handler } from '@smithy/node-http-handler';
import type { Config } from '../../config/config.types.js';

/**
 * The SDK's default Bedrock handler opens a new HTTP/2 connection (a TLS handshake on AWS) for every
 * call, because event-stream operations must not share a session. Converse is not an event stream, so
 * its calls share pooled connections here; event streams still get a session of their own (the
 * handler isolates them whatever this setting says).
 */
function pooledHandler(streamsPerConnection: number): NodeHttp2Handler | undefined {
  if (streamsPerConnection === 0) return undefined;
  return new NodeHttp2Handler({ disableConcurrentStreams: false, maxConcurrentStreams: streamsPerConnection });
}

export function createBedrockClient(config: Config, localUrl: string | undefined): BedrockRuntimeClient {
  const local = config.aws.local.bedrock && localUrl;
  const requestHandler = pooledHandler(config.bedrock.streamsPerConnection);
  return new BedrockRuntimeClient({
    region: config.aws.region,
    // Retries are ours (src/resilience/upstream-guard.ts): one SDK attempt, so the breaker, the retry
    // budget and our deadline see and bound every attempt.
    maxAttempts: 1,
    ...(requestHandler ? { requestHandler } : {}),
    // Only a locally served service gets an endpoint and dummy credentials; otherwise the SDK's own
    // resolution (AWS_ENDPOINT_URL_BEDROCK_RUNTIME, credential chain) applies untouched.
    ...(local ? { endpoint: localUrl, credentials: config.aws.localCredentials } : {}),
  });
}
