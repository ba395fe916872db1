import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalUpstreams } from '../../../src/local/services/local-upstreams.js';
import type { LocalUpstreams } from '../../../src/local/services/local-upstreams.types.js';
import { CLINICAL_NOTE, CONTRACT, EARNINGS } from '../../fixtures/documents.js';
import { clientConfig, rejectionOf } from './support.js';

const SMALL_LIMIT = 64 * 1024;

interface Prediction {
  label: string;
  score: number;
  confidence: string;
  details: Record<string, unknown>;
}

function predictionsOf(body: Uint8Array | undefined): Prediction[] {
  return (JSON.parse(new TextDecoder().decode(body)) as { predictions: Prediction[] }).predictions;
}

describe('local SageMaker Runtime', () => {
  let upstreams: LocalUpstreams;
  let client: SageMakerRuntimeClient;

  beforeAll(async () => {
    upstreams = await startLocalUpstreams({ sagemakerMaxPayloadBytes: SMALL_LIMIT });
    client = new SageMakerRuntimeClient(clientConfig(upstreams.url));
  });

  afterAll(async () => {
    client.destroy();
    await upstreams.close();
  });

  beforeEach(() => upstreams.resetCalls());

  it('answers InvokeEndpoint with one prediction per instance, in order, from the endpoint analyser', async () => {
    // Prepare
    const instances = [CONTRACT, EARNINGS, CONTRACT.slice(0, 400)].map((text) => ({ text, analysis_type: 'legal' }));

    // Act
    const response = await client.send(
      new InvokeEndpointCommand({
        EndpointName: 'legal-document-analyzer',
        ContentType: 'application/json',
        Accept: 'application/json',
        CustomAttributes: 'trace=1',
        Body: JSON.stringify({ instances }),
      }),
    );

    // Assess
    const predictions = predictionsOf(response.Body);
    expect(predictions).toHaveLength(3);
    for (const prediction of predictions) {
      expect(prediction).toMatchObject({
        label: expect.any(String),
        score: expect.any(Number),
        confidence: expect.stringMatching(/^(LOW|STANDARD|HIGH)$/),
      });
      expect(prediction.details.analyser).toBe('legal-document-analyzer');
    }
    // The first and third documents differ, so order is observable through their details.
    expect(predictions[0]).not.toEqual(predictions[2]);
    expect(response.InvokedProductionVariant).toBe('AllTraffic');
    expect(response.CustomAttributes).toBe('trace=1');
    expect(response.ContentType).toBe('application/json');
    expect(upstreams.calls).toMatchObject([
      { service: 'sagemaker', operation: 'invocations', target: 'legal-document-analyzer', instances: 3, status: 200 },
    ]);
  });

  it('accepts bare strings and the Hugging Face {"inputs"} form', async () => {
    const bare = await client.send(
      new InvokeEndpointCommand({
        EndpointName: 'medical-text-classifier',
        ContentType: 'application/json',
        Body: JSON.stringify({ instances: [CLINICAL_NOTE] }),
      }),
    );
    const hf = await client.send(
      new InvokeEndpointCommand({
        EndpointName: 'medical-text-classifier',
        ContentType: 'application/json',
        Body: JSON.stringify({ inputs: CLINICAL_NOTE }),
      }),
    );

    expect(predictionsOf(bare.Body)).toEqual(predictionsOf(hf.Body));
  });

  it('rejects an unknown endpoint with ValidationError NO_SUCH_ENDPOINT', async () => {
    const error = await rejectionOf(
      client.send(
        new InvokeEndpointCommand({
          EndpointName: 'no-such-endpoint',
          ContentType: 'application/json',
          Body: '{"instances":[{"text":"x"}]}',
        }),
      ),
    );

    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe('Endpoint no-such-endpoint of account 123456789012 not found.');
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
  });

  it('reports a container-side failure as ModelError carrying OriginalStatusCode, OriginalMessage and LogStreamArn', async () => {
    const error = await rejectionOf(
      client.send(
        new InvokeEndpointCommand({
          EndpointName: 'financial-sentiment-analyzer',
          ContentType: 'application/json',
          Body: '{"instances":[{"txt":"no text field"}]}',
        }),
      ),
    );

    expect(error.name).toBe('ModelError');
    expect(error.OriginalStatusCode).toBe(400);
    expect(JSON.parse(String(error.OriginalMessage))).toEqual({ error: 'instances[0] is missing the required string field "text"' });
    expect(error.LogStreamArn).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/financial-sentiment-analyzer');
    expect(error.message).toMatch(/^Received client error \(400\) from primary with message /);
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(424);
  });

  it('reports invalid JSON as ModelError (the container, not the front door, parses the body)', async () => {
    const error = await rejectionOf(
      client.send(
        new InvokeEndpointCommand({ EndpointName: 'general-text-analyzer', ContentType: 'application/json', Body: '{"instances": [' }),
      ),
    );

    expect(error.name).toBe('ModelError');
    expect(error.OriginalStatusCode).toBe(400);
  });

  it('rejects a payload over the configured limit with a non-retried 413', async () => {
    const body = JSON.stringify({ instances: [{ text: 'x'.repeat(SMALL_LIMIT) }] });

    const error = await rejectionOf(
      client.send(new InvokeEndpointCommand({ EndpointName: 'general-text-analyzer', ContentType: 'application/json', Body: body })),
    );

    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(413);
    expect(error.name).toBe('ValidationError');
    expect(upstreams.calls).toHaveLength(1);
  });
});
