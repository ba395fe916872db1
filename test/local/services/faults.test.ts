import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FaultPlan } from '../../../src/local/services/faults.js';
import { startLocalUpstreams } from '../../../src/local/services/local-upstreams.js';
import type { LocalUpstreams } from '../../../src/local/services/local-upstreams.types.js';
import { EARNINGS } from '../../fixtures/documents.js';
import { clientConfig, faultHeaderMiddleware, rejectionOf } from './support.js';

const MODEL_ID = 'anthropic.claude-3-haiku-20240307-v1:0';
const converse = () =>
  new ConverseCommand({ modelId: MODEL_ID, messages: [{ role: 'user', content: [{ text: `<document>${EARNINGS}</document>` }] }] });
const invokeEndpoint = () =>
  new InvokeEndpointCommand({
    EndpointName: 'general-text-analyzer',
    ContentType: 'application/json',
    Body: JSON.stringify({ instances: [{ text: EARNINGS }] }),
  });

describe('fault injection in the local services', () => {
  let upstreams: LocalUpstreams;
  let bedrock: BedrockRuntimeClient;
  let sagemaker: SageMakerRuntimeClient;

  beforeAll(async () => {
    upstreams = await startLocalUpstreams();
    bedrock = new BedrockRuntimeClient(clientConfig(upstreams.url));
    sagemaker = new SageMakerRuntimeClient(clientConfig(upstreams.url));
  });

  afterAll(async () => {
    bedrock.destroy();
    sagemaker.destroy();
    await upstreams.close();
  });

  beforeEach(() => {
    upstreams.resetCalls();
    upstreams.setFaults([]);
  });

  it('throttles Bedrock with a 429 ThrottlingException that the SDK retries to its 3 attempts', async () => {
    upstreams.setFaults([{ service: 'bedrock', errorType: 'ThrottlingException' }]);

    const error = await rejectionOf(bedrock.send(converse()));

    expect(error.name).toBe('ThrottlingException');
    expect(error.message).toBe('Too many requests, please wait before trying again.');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 429, attempts: 3 });
    expect(upstreams.calls.map((call) => [call.attempt, call.status])).toEqual([
      [1, 429],
      [2, 429],
      [3, 429],
    ]);
  });

  it('spends a rule after `times` matches, so a retried call then succeeds', async () => {
    upstreams.setFaults([{ service: 'bedrock', target: MODEL_ID, errorType: 'ServiceUnavailableException', times: 2 }]);

    const response = await bedrock.send(converse());

    expect(response.stopReason).toBe('end_turn');
    expect(upstreams.calls.map((call) => call.status)).toEqual([503, 503, 200]);
  });

  it('answers SageMaker ModelError faults with 424 and the modelled members', async () => {
    upstreams.setFaults([{ service: 'sagemaker', errorType: 'ModelError' }]);

    const error = await rejectionOf(sagemaker.send(invokeEndpoint()));

    expect(error.name).toBe('ModelError');
    expect(error.OriginalStatusCode).toBe(500);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 424, attempts: 1 });
  });

  it('retries SageMaker ThrottlingException (a 400 "Rate exceeded") by name', async () => {
    upstreams.setFaults([{ service: 'sagemaker', errorType: 'ThrottlingException', times: 1 }]);

    const response = await sagemaker.send(invokeEndpoint());

    expect(response.InvokedProductionVariant).toBe('AllTraffic');
    expect(upstreams.calls.map((call) => call.status)).toEqual([400, 200]);
  });

  it('throttles CloudWatch in the query-compatible JSON shape', async () => {
    const cloudwatch = new CloudWatchClient({ ...clientConfig(upstreams.url), maxAttempts: 1 });
    upstreams.setFaults([{ service: 'cloudwatch', errorType: 'Throttling' }]);

    const error = await rejectionOf(
      cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AI/Gateway', MetricData: [{ MetricName: 'M', Value: 1 }] })),
    );
    cloudwatch.destroy();

    // The query-compat header wins over __type, so the SDK names it by the legacy code.
    expect(error.name).toBe('Throttling');
    expect(error.Code).toBe('Throttling');
    expect(error.message).toBe('Rate exceeded');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400 });
  });

  it('ends a hung h2c request when the client aborts it', async () => {
    upstreams.setFaults([{ service: 'bedrock', hang: true }]);
    const started = Date.now();

    // Room for the request to reach the service on a busy machine: the call must be recorded, unanswered.
    const error = await rejectionOf(bedrock.send(converse(), { abortSignal: AbortSignal.timeout(1_000) }));

    expect(error.name).toMatch(/Abort|Timeout/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(upstreams.calls[0]?.status).toBe(0);
  });

  it('ends a hung HTTP/1.1 request at the client requestTimeout', async () => {
    const client = new SageMakerRuntimeClient({
      ...clientConfig(upstreams.url),
      maxAttempts: 1,
      // Room for the request to reach the service on a busy machine: the call must be recorded, unanswered.
      requestHandler: new NodeHttpHandler({ requestTimeout: 1_000, throwOnRequestTimeout: true }),
    });
    upstreams.setFaults([{ service: 'sagemaker', hang: true }]);

    const error = await rejectionOf(client.send(invokeEndpoint()));
    client.destroy();

    expect(error.name).toBe('TimeoutError');
    expect(upstreams.calls[0]?.status).toBe(0);
  });

  it('fails the SDK call when the connection is dropped (h2 stream reset and HTTP/1.1 socket destroyed)', async () => {
    upstreams.setFaults([{ drop: true }]);

    const h2Error = await rejectionOf(bedrock.send(converse()));
    const http1Error = await rejectionOf(sagemaker.send(invokeEndpoint()));

    expect(h2Error).toBeInstanceOf(Error);
    expect(http1Error).toBeInstanceOf(Error);
    expect(upstreams.calls.every((call) => call.status === 0)).toBe(true);
  });

  it('fails Converse with a deserialization error when the body is malformed', async () => {
    upstreams.setFaults([{ service: 'bedrock', malformed: true }]);

    const error = await rejectionOf(bedrock.send(converse()));

    expect(error.name).toBe('SyntaxError');
    expect(upstreams.calls[0]?.status).toBe(200);
  });

  it('delays by latencyMs and then answers normally', async () => {
    upstreams.setFaults([{ service: 'bedrock', latencyMs: 250 }]);
    const started = Date.now();

    const response = await bedrock.send(converse());

    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(response.stopReason).toBe('end_turn');
  });

  it('honours a per-request x-local-fault header over the configured rules', async () => {
    const client = new BedrockRuntimeClient({ ...clientConfig(upstreams.url), maxAttempts: 1 });
    client.middlewareStack.add(faultHeaderMiddleware({ errorType: 'ModelTimeoutException' }), { step: 'build' });

    const error = await rejectionOf(client.send(converse()));
    client.destroy();

    expect(error.name).toBe('ModelTimeoutException');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 408 });
  });

  it('close() ends h2c requests that are still hanging, promptly', async () => {
    const local = await startLocalUpstreams({ faults: [{ hang: true }] });
    const client = new BedrockRuntimeClient({ ...clientConfig(local.url), maxAttempts: 1 });
    const pending = rejectionOf(client.send(converse()));
    while (local.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const started = Date.now();

    await local.close();
    const error = await pending;
    client.destroy();

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(Error);
  });

  it('close() ends HTTP/1.1 requests that are still hanging, promptly', async () => {
    const local = await startLocalUpstreams({ faults: [{ hang: true }] });
    const client = new BedrockRuntimeClient({ ...clientConfig(local.url), maxAttempts: 1, requestHandler: new NodeHttpHandler() });
    const pending = rejectionOf(client.send(converse()));
    while (local.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const started = Date.now();

    await local.close();
    const error = await pending;
    client.destroy();

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(Error);
  });
});

describe('FaultPlan', () => {
  it('fails with errorType only when the errorRate roll says so, but still adds latency', () => {
    const rolls = [0.1, 0.9];
    const plan = new FaultPlan(
      [{ service: 'bedrock', errorType: 'ThrottlingException', errorRate: 0.5, latencyMs: 5 }],
      () => rolls.shift() ?? 1,
    );

    const first = plan.take('bedrock', 'm');
    const second = plan.take('bedrock', 'm');
    const otherService = plan.take('sagemaker', 'ep');

    expect(first).toMatchObject({ errorType: 'ThrottlingException', latencyMs: 5 });
    expect(second).toMatchObject({ latencyMs: 5 });
    expect(second?.errorType).toBeUndefined();
    expect(otherService).toBeUndefined();
  });

  it('moves on to the next matching rule once a rule with `times` is spent', () => {
    const plan = new FaultPlan([
      { target: 'ep', drop: true, times: 1 },
      { service: 'sagemaker', errorType: 'InternalFailure' },
    ]);

    expect(plan.take('sagemaker', 'ep')).toMatchObject({ drop: true });
    expect(plan.take('sagemaker', 'ep')).toMatchObject({ drop: false, errorType: 'InternalFailure' });
  });
});

describe('authentication of the local services', () => {
  let upstreams: LocalUpstreams;

  beforeAll(async () => {
    upstreams = await startLocalUpstreams();
  });

  afterAll(async () => upstreams.close());

  it.each([
    ['/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse', 'application/json', 'MissingAuthenticationTokenException'],
    ['/endpoints/general-text-analyzer/invocations', 'application/json', 'MissingAuthenticationTokenException'],
  ])('answers %s without Authorization with 403 %s', async (path, contentType, errorType) => {
    const response = await fetch(`${upstreams.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body: '{}' });

    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toMatch(new RegExp(`^${errorType}`));
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(response.headers.get('date')).toBeTruthy();
  });

  it('answers CloudWatch without Authorization with 403 in the query-compatible shape', async () => {
    const response = await fetch(`${upstreams.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.PutMetricData' },
      body: '{"Namespace":"A","MetricData":[{"MetricName":"M","Value":1}]}',
    });

    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-query-error')).toBe('MissingAuthenticationToken;Sender');
    expect(((await response.json()) as { __type: string }).__type).toMatch(/MissingAuthenticationTokenException$/);
  });

  it('accepts Bedrock bearer tokens (API keys) without SigV4', async () => {
    const response = await fetch(`${upstreams.url}/model/m/converse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ABSKexample' },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'A short note about rivers.' }] }] }),
    });

    expect(response.status).toBe(200);
  });
});
