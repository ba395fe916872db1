/**
 * The gateway's CloudWatch metrics over the wire: requests through the real HTTP server, datums
 * received by the local CloudWatch service through the real SDK.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalUpstreams, ReceivedMetricDatum } from '../../src/local/services/local-upstreams.types.js';
import { CLINICAL_NOTE, CONTRACT } from '../fixtures/documents.js';
import { parsePrometheus } from '../metrics/support.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

let upstreams: LocalUpstreams;
let gateway: TestGateway;
const NAMESPACE = 'Test/E2E/CloudWatch';

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  gateway = await startTestGateway(
    { METRICS_SINKS: 'prometheus,cloudwatch', METRICS_NAMESPACE: NAMESPACE, AWS_MAX_ATTEMPTS: '1' },
    upstreams,
  );
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.close();
});
beforeEach(async () => {
  upstreams.setFaults([]);
  // Start each test with an empty buffer.
  await gateway.gateway.metrics.flush();
  upstreams.resetCalls();
});

interface Analysis {
  analyzeDocument: { method: string; architecture: string; cost: { estimatedUsd: number; actualUsd: number | null } };
}

const ANALYZE = `query Analyze($content: String!, $type: DocumentType!) {
  analyzeDocument(input: {content: $content, documentType: $type, architecture: PARALLEL}) { method architecture cost { estimatedUsd actualUsd } }
}`;

const analyze = (content: string, type: string) => gateway.query<Analysis, { content: string; type: string }>(ANALYZE, { content, type });
const callsTo = (service: string) => upstreams.calls.filter((call) => call.service === service);
const samples = (datum: ReceivedMetricDatum) => (datum.counts ?? datum.values?.map(() => 1) ?? [1]).reduce((sum, count) => sum + count, 0);
const sumOf = (datum: ReceivedMetricDatum) => (datum.values ?? []).reduce((sum, value, i) => sum + value * (datum.counts?.[i] ?? 1), 0);

function datums(since: number, name: string, dimensions: Record<string, string>): ReceivedMetricDatum[] {
  return upstreams.metrics
    .slice(since)
    .filter(
      (datum) =>
        datum.namespace === NAMESPACE &&
        datum.metricName === name &&
        Object.keys(datum.dimensions).length === Object.keys(dimensions).length &&
        Object.entries(dimensions).every(([key, value]) => datum.dimensions[key] === value),
    );
}

describe('CloudWatch metrics of real requests', () => {
  it('sends the datums of 12 requests (names, dimensions, units, values) in one PutMetricData call', async () => {
    // Prepare
    const since = upstreams.metrics.length;

    // Act: distinct documents, so no cache or de-duplication changes what is called.
    const responses = [];
    for (let i = 0; i < 6; i++) responses.push(await analyze(`${CONTRACT}\n(copy ${i})`, 'LEGAL'));
    for (let i = 0; i < 6; i++) responses.push(await analyze(`${CLINICAL_NOTE}\n(copy ${i})`, 'MEDICAL'));
    await gateway.gateway.metrics.flush();

    // Assess: calls
    expect(responses.every((response) => response.errors === undefined)).toBe(true);
    expect(callsTo('cloudwatch')).toMatchObject([{ operation: 'PutMetricData', status: 200 }]);

    // The request as a whole.
    const [total] = datums(since, 'ProcessingTime', { Service: 'gateway' });
    expect(total).toMatchObject({ unit: 'Milliseconds' });
    expect(samples(total!)).toBe(12);
    expect(sumOf(datums(since, 'ProcessingSuccess', { Service: 'gateway' })[0]!)).toBe(12);

    // Per document type: the seed's metrics.
    for (const type of ['LEGAL', 'MEDICAL']) {
      const expected = responses.filter((_, i) => (i < 6 ? 'LEGAL' : 'MEDICAL') === type);
      const method = expected[0]!.data!.analyzeDocument.method;
      expect(samples(datums(since, 'ProcessingTime', { Service: 'gateway', DocumentType: type })[0]!)).toBe(6);
      const estimated = datums(since, 'EstimatedCost', { DocumentType: type, Method: method })[0]!;
      expect(estimated.unit).toBe('None');
      expect(sumOf(estimated)).toBeCloseTo(
        expected.reduce((sum, r) => sum + r.data!.analyzeDocument.cost.estimatedUsd, 0),
        12,
      );
      const actual = datums(since, 'ActualCost', { DocumentType: type, Method: method })[0]!;
      expect(sumOf(actual)).toBeCloseTo(
        expected.reduce((sum, r) => sum + (r.data!.analyzeDocument.cost.actualUsd ?? 0), 0),
        12,
      );
      expect(samples(datums(since, 'Analyses', { DocumentType: type, Method: method, Architecture: 'PARALLEL' })[0]!)).toBe(6);
    }

    // Per upstream service, matching what the local services saw.
    for (const service of ['bedrock', 'sagemaker']) {
      expect(sumOf(datums(since, 'UpstreamCalls', { Service: service })[0]!)).toBe(callsTo(service).length);
      expect(samples(datums(since, 'ProcessingTime', { Service: service })[0]!)).toBe(callsTo(service).length);
    }
    expect(sumOf(datums(since, 'InputTokens', { Service: 'bedrock' })[0]!)).toBeGreaterThan(0);
    expect(sumOf(datums(since, 'OutputTokens', { Service: 'bedrock' })[0]!)).toBeGreaterThan(0);
    const batches = datums(since, 'BatchSize', { Service: 'sagemaker' })[0]!;
    expect(batches).toMatchObject({ unit: 'Count', values: [1] });

    // Bounded dimensions: no ids, no content, no tenant.
    const all = upstreams.metrics.slice(since).filter((datum) => datum.namespace === NAMESPACE);
    const dimensionNames = new Set(all.flatMap((datum) => Object.keys(datum.dimensions)));
    expect([...dimensionNames].sort()).toEqual(['Architecture', 'DocumentType', 'Method', 'Service']);
  });

  it('records a refused request as ProcessingSuccess 0 with an Errors datum for its code', async () => {
    const since = upstreams.metrics.length;
    const { errors } = await gateway.query('{ analyzeDocument(input: {content: "brief", maxCostUsd: 0.0000000001}) { id } }');
    expect(errors?.[0]?.extensions?.code).toBe('BUDGET_EXCEEDED');
    await gateway.gateway.metrics.flush();
    expect(datums(since, 'ProcessingSuccess', { Service: 'gateway' })[0]).toMatchObject({ values: [0], counts: [1] });
    expect(datums(since, 'Errors', { Service: 'gateway', ErrorCode: 'BUDGET_EXCEEDED' })[0]).toMatchObject({
      unit: 'Count',
      values: [1],
      counts: [1],
    });
  });

  it('keeps its buffer bounded while CloudWatch fails, counts the drops, and shows them at /metrics', async () => {
    // Prepare: a gateway whose buffer holds 10 datums (a request makes ~20 distinct ones).
    const small = await startTestGateway(
      { METRICS_SINKS: 'prometheus,cloudwatch', METRICS_NAMESPACE: 'Test/E2E/Bounded', METRICS_MAX_BUFFERED_DATUMS: '10' },
      upstreams,
    );
    upstreams.setFaults([{ service: 'cloudwatch', errorType: 'InternalServiceError' }]);
    try {
      // Act
      for (let i = 0; i < 3; i++) await small.query(ANALYZE, { content: `${CONTRACT} (${i})`, type: 'LEGAL' });
      await small.gateway.metrics.flush();
      for (let i = 0; i < 3; i++) await small.query(ANALYZE, { content: `${CONTRACT} [${i}]`, type: 'LEGAL' });

      // Assess
      const stats = small.gateway.metrics.cloudwatch!.stats();
      expect(stats.buffered).toBeLessThanOrEqual(10);
      expect(stats.failures).toBe(1);
      expect(stats.dropped).toBeGreaterThan(0);
      expect(callsTo('cloudwatch').map((call) => call.status)).toEqual([500]);
      const exposition = parsePrometheus(await (await fetch(small.metricsUrl!)).text());
      expect(exposition.sum('gateway_metrics_sink_dropped_total', { sink: 'cloudwatch' })).toBe(stats.dropped);
      expect(exposition.sum('gateway_metrics_sink_failures_total', { sink: 'cloudwatch' })).toBe(1);
    } finally {
      upstreams.setFaults([]);
      await small.close();
    }
  });

  it('answers GraphQL requests while a PutMetricData call hangs (no request waits on a sink)', async () => {
    // Prepare: own local services, so that closing them ends the hanging call.
    const own = await startTestUpstreams();
    const hanging = await startTestGateway(
      { METRICS_SINKS: 'cloudwatch', METRICS_NAMESPACE: 'Test/E2E/Hang', METRICS_FLUSH_INTERVAL_MS: '100' },
      own,
    );
    own.setFaults([{ service: 'cloudwatch', hang: true }]);
    let flushing: Promise<void> | undefined;
    try {
      await hanging.query(ANALYZE, { content: `${CONTRACT} (hang)`, type: 'LEGAL' });
      let settled = false;
      flushing = hanging.gateway.metrics.flush().then(() => {
        settled = true;
      });
      await expect.poll(() => own.calls.filter((call) => call.service === 'cloudwatch').length, { timeout: 5_000 }).toBeGreaterThan(0);

      // Act: more requests, and the interval ticks several times meanwhile.
      const started = performance.now();
      const responses = await Promise.all(
        [0, 1, 2].map((i) => hanging.query(ANALYZE, { content: `${CONTRACT} (hang ${i})`, type: 'LEGAL' })),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));

      // Assess: answered, while the flush is still pending.
      expect(responses.every((response) => response.status === 200 && response.errors === undefined)).toBe(true);
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(settled).toBe(false);
      // Still one call in flight: the interval does not pile up flushes behind a hanging one.
      expect(own.calls.filter((call) => call.service === 'cloudwatch')).toHaveLength(1);
    } finally {
      await own.close();
      // The hanging call ends with its connection; the flush settles without throwing.
      await flushing;
      await hanging.close();
    }
  });

  it('flushes what is buffered when the gateway stops', async () => {
    const stopping = await startTestGateway({ METRICS_SINKS: 'cloudwatch', METRICS_NAMESPACE: 'Test/E2E/Stop' }, upstreams);
    await stopping.query(ANALYZE, { content: CONTRACT, type: 'LEGAL' });
    expect(upstreams.metrics.filter((datum) => datum.namespace === 'Test/E2E/Stop')).toHaveLength(0);

    await stopping.close();

    const sent = upstreams.metrics.filter((datum) => datum.namespace === 'Test/E2E/Stop');
    expect(
      sent.find(
        (datum) => datum.metricName === 'ProcessingTime' && datum.dimensions.Service === 'gateway' && !datum.dimensions.DocumentType,
      ),
    ).toMatchObject({ counts: [1] });
  });
});
