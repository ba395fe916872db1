/**
 * The CloudWatch sink against the local CloudWatch service, over HTTP with the real SDK: aggregation,
 * timed / size / explicit / shutdown flushes, the buffer bound while CloudWatch fails, retries.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.load.js';
import { Architecture, DocumentType, ProcessingMethod } from '../../src/domain.js';
import { startLocalUpstreams } from '../../src/local/services/local-upstreams.js';
import type { LocalUpstreams, ReceivedMetricDatum } from '../../src/local/services/local-upstreams.types.js';
import { createCloudWatchClient } from '../../src/metrics/sinks/cloudwatch.client.js';
import { CloudWatchSink, type CloudWatchSinkOptions } from '../../src/metrics/sinks/cloudwatch.sink.js';
import { observation } from './support.js';

let upstreams: LocalUpstreams;
const sinks: CloudWatchSink[] = [];
let namespaceCounter = 0;
let namespace = '';

beforeAll(async () => {
  upstreams = await startLocalUpstreams();
});
afterAll(async () => {
  await upstreams?.close();
});
beforeEach(() => {
  upstreams.resetCalls();
  upstreams.setFaults([]);
  namespace = `Test/Sink${++namespaceCounter}`;
});
afterEach(async () => {
  upstreams.setFaults([]);
  await Promise.all(sinks.splice(0).map((sink) => sink.stop()));
});

function sinkWith(options: Partial<CloudWatchSinkOptions> = {}, url = upstreams.url): CloudWatchSink {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const sink = new CloudWatchSink({
    client: createCloudWatchClient(config, url),
    namespace,
    tenantDimension: false,
    flushIntervalMs: 3_600_000,
    maxBufferedDatums: 10_000,
    retryBaseMs: 1,
    retryCapMs: 1,
    ...options,
  });
  sinks.push(sink);
  return sink;
}

const received = (): ReceivedMetricDatum[] => upstreams.metrics.filter((datum) => datum.namespace === namespace);
const putCalls = () => upstreams.calls.filter((call) => call.service === 'cloudwatch');
const samples = (datum: ReceivedMetricDatum | undefined) => (datum?.counts ?? []).reduce((sum, count) => sum + count, 0);

const analysed = (documentType: DocumentType, latencyMs: number) =>
  observation({
    latencyMs,
    analyses: [
      {
        documentType,
        method: ProcessingMethod.HYBRID,
        architecture: Architecture.PARALLEL,
        estimatedUsd: 0.001,
        actualUsd: 0.0005,
        latencyMs: latencyMs - 1,
        errorCodes: [],
      },
    ],
    upstreamCalls: [{ service: 'bedrock', target: 'model', latencyMs: 10, ok: true, batchSize: 1, inputTokens: 100, outputTokens: 25 }],
  });

describe('CloudWatch sink', () => {
  it('sends 200 requests as one PutMetricData call of aggregated datums that add up to the requests', async () => {
    // Prepare
    const sink = sinkWith();
    for (let i = 0; i < 200; i++) sink.record(analysed(i % 2 === 0 ? DocumentType.LEGAL : DocumentType.MEDICAL, 100 + (i % 10)));

    // Act
    await sink.flush();

    // Assess
    expect(putCalls()).toHaveLength(1);
    const datums = received();
    const gatewayTime = datums.find(
      (datum) => datum.metricName === 'ProcessingTime' && datum.dimensions.Service === 'gateway' && !datum.dimensions.DocumentType,
    );
    expect(gatewayTime).toMatchObject({
      unit: 'Milliseconds',
      values: [100, 101, 102, 103, 104, 105, 106, 107, 108, 109],
      counts: Array(10).fill(20),
    });
    const legalCost = datums.find((datum) => datum.metricName === 'EstimatedCost' && datum.dimensions.DocumentType === 'LEGAL');
    expect(legalCost).toMatchObject({
      unit: 'None',
      dimensions: { DocumentType: 'LEGAL', Method: 'HYBRID' },
      values: [0.001],
      counts: [100],
    });
    expect(samples(datums.find((datum) => datum.metricName === 'InputTokens'))).toBe(200);
    expect(datums.find((datum) => datum.metricName === 'InputTokens')?.values).toEqual([100]);
    expect(datums.every((datum) => datum.timestamp !== undefined && Math.abs(datum.timestamp - Date.now()) < 60_000)).toBe(true);
    expect(sink.stats()).toMatchObject({ recorded: 200, dropped: 0, failures: 0, calls: 1, sentSamples: 200 * 12, buffered: 0 });
  });

  it('flushes on its interval without being asked', async () => {
    const sink = sinkWith({ flushIntervalMs: 100 });
    sink.record(analysed(DocumentType.GENERAL, 50));
    await expect.poll(() => received().length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(putCalls()).toHaveLength(1);
  });

  it('samples levels with no request behind them (circuit state) on each timed flush, with no request recorded', async () => {
    let open = 1;
    sinkWith({
      flushIntervalMs: 50,
      levels: () => [{ name: 'CircuitOpen', unit: 'Count', dimensions: { Service: 'bedrock', Target: 'model' }, value: open }],
    });
    await expect.poll(() => received().filter((datum) => datum.metricName === 'CircuitOpen').length, { timeout: 5_000 }).toBeGreaterThan(0);
    open = 0;
    await expect
      .poll(() => received().some((datum) => datum.metricName === 'CircuitOpen' && (datum.values ?? [datum.value]).includes(0)), {
        timeout: 5_000,
      })
      .toBe(true);
    const first = received().find((datum) => datum.metricName === 'CircuitOpen');
    expect(first).toMatchObject({ unit: 'Count', dimensions: { Service: 'bedrock', Target: 'model' } });
    expect(first?.values ?? [first?.value]).toContain(1);
  });

  it('flushes early once a call’s worth of datums waits', async () => {
    const sink = sinkWith({ flushAtDatums: 5 });
    sink.record(analysed(DocumentType.GENERAL, 50));
    await expect.poll(() => putCalls().length, { timeout: 5_000 }).toBe(1);
  });

  it('keeps the buffer within its bound while CloudWatch fails, counts the drops, and delivers what it kept once it recovers', async () => {
    // Prepare: 12 datum keys per analysed request; room for 10.
    upstreams.setFaults([{ service: 'cloudwatch', errorType: 'InternalServiceError' }]);
    const sink = sinkWith({ maxBufferedDatums: 10, maxAttempts: 5 });

    // Act: the service is down for two flushes while requests keep coming.
    for (let i = 0; i < 50; i++) sink.record(analysed(DocumentType.LEGAL, 100));
    await sink.flush();
    for (let i = 0; i < 50; i++) sink.record(analysed(DocumentType.FINANCIAL, 100));
    await sink.flush();
    const whileDown = sink.stats();
    upstreams.setFaults([]);
    await sink.flush();

    // Assess
    expect(whileDown.buffered).toBeLessThanOrEqual(10);
    expect(whileDown.failures).toBe(2);
    expect(whileDown.dropped).toBeGreaterThan(0);
    expect(putCalls().map((call) => call.status)).toEqual([500, 500, 200]);
    const delivered = received();
    expect(delivered.length).toBeLessThanOrEqual(10);
    // Every sample is either delivered or counted as dropped: nothing vanishes silently.
    const deliveredSamples = delivered.reduce((sum, datum) => sum + samples(datum), 0);
    expect(deliveredSamples + sink.stats().dropped).toBe(100 * 12);
    expect(sink.stats()).toMatchObject({ buffered: 0, calls: 1 });
  });

  it('retries a failed send on its own, on the next timed flush after its backoff, until it lands', async () => {
    // Prepare: CloudWatch fails twice, then recovers; nobody calls flush().
    upstreams.setFaults([{ service: 'cloudwatch', errorType: 'InternalServiceError', times: 2 }]);
    const sink = sinkWith({ flushIntervalMs: 20, maxAttempts: 5 });

    // Act
    sink.record(analysed(DocumentType.LEGAL, 100));

    // Assess
    await expect.poll(() => putCalls().map((call) => call.status), { timeout: 5_000 }).toEqual([500, 500, 200]);
    expect(samples(received().find((datum) => datum.metricName === 'ProcessingTime' && datum.dimensions.Service === 'gateway'))).toBe(1);
    expect(sink.stats()).toMatchObject({ failures: 2, dropped: 0, buffered: 0, calls: 1 });
  });

  it('does not resend on its interval before the backoff has passed (an explicit flush still sends)', async () => {
    // Prepare: a backoff of up to an hour after one failure; the interval ticks every 20 ms.
    upstreams.setFaults([{ service: 'cloudwatch', errorType: 'InternalServiceError', times: 1 }]);
    const sink = sinkWith({ flushIntervalMs: 20, retryBaseMs: 3_600_000, retryCapMs: 3_600_000 });
    sink.record(analysed(DocumentType.LEGAL, 100));
    await expect.poll(() => putCalls().length, { timeout: 5_000 }).toBe(1);

    // Act: many ticks pass, then a shutdown-style explicit flush.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const callsWhileBackingOff = putCalls().length;
    await sink.flush();

    // Assess
    expect(callsWhileBackingOff).toBe(1);
    expect(putCalls().map((call) => call.status)).toEqual([500, 200]);
    expect(sink.stats()).toMatchObject({ failures: 1, dropped: 0, buffered: 0 });
  });

  it('gives a datum up after its attempts are spent, counting its samples as dropped', async () => {
    upstreams.setFaults([{ service: 'cloudwatch', errorType: 'InternalServiceError' }]);
    const sink = sinkWith({ maxAttempts: 2 });
    sink.record(analysed(DocumentType.LEGAL, 100));
    await sink.flush();
    expect(sink.stats()).toMatchObject({ buffered: 12, dropped: 0 });
    await sink.flush();
    expect(sink.stats()).toMatchObject({ buffered: 0, dropped: 12, failures: 2 });
  });

  it('drops a call CloudWatch rejects as invalid at once (resending cannot help)', async () => {
    upstreams.setFaults([{ service: 'cloudwatch', errorType: 'InvalidParameterValue', times: 1 }]);
    const sink = sinkWith();
    sink.record(analysed(DocumentType.LEGAL, 100));
    await sink.flush();
    expect(sink.stats()).toMatchObject({ buffered: 0, dropped: 12, failures: 1 });
    expect(putCalls().map((call) => call.status)).toEqual([400]);
  });

  it('counts failures against a closed port without throwing', async () => {
    const closed = await startLocalUpstreams();
    const url = closed.url;
    await closed.close();
    const sink = sinkWith({ maxAttempts: 1 }, url);
    sink.record(analysed(DocumentType.LEGAL, 100));
    await expect(sink.flush()).resolves.toBeUndefined();
    expect(sink.stats()).toMatchObject({ failures: 1, dropped: 12, buffered: 0 });
  });

  it('sends what is buffered on stop, and drops (counting) what is recorded after', async () => {
    const sink = sinkWith();
    sink.record(analysed(DocumentType.MEDICAL, 100));
    await sink.stop();
    expect(received().some((datum) => datum.metricName === 'ProcessingTime')).toBe(true);
    sink.record(analysed(DocumentType.MEDICAL, 100));
    expect(sink.stats()).toMatchObject({ recorded: 1, dropped: 12, calls: 1 });
  });

  it('stops within its deadline when CloudWatch hangs, counting what it could not send', async () => {
    upstreams.setFaults([{ service: 'cloudwatch', hang: true }]);
    const sink = sinkWith({ stopTimeoutMs: 300 });
    sink.record(analysed(DocumentType.MEDICAL, 100));
    const pending = sink.flush();
    const started = performance.now();
    await sink.stop();
    await pending;
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(sink.stats()).toMatchObject({ buffered: 0, dropped: 12, calls: 0 });
  });
});
