/**
 * Retries, deadlines, circuit breakers and bulkheads, over the wire: the real SDK clients against
 * the local AWS services with injected faults. The result cache is off so every analysis calls out.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { CONTRACT, ENCYCLOPEDIA } from '../fixtures/documents.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

interface Side {
  error: string | null;
}
interface Analysis {
  method: string;
  architecture: string;
  reasons: string[];
  bedrock: Side | null;
  sagemaker: Side | null;
}

const ANALYSIS_QUERY = `query ($input: AnalyzeDocumentInput!) { analyzeDocument(input: $input) { method architecture reasons bedrock { error } sagemaker { error } } }`;
const CHOOSE_QUERY = `query ($input: ChooseMethodInput!) { chooseMethod(input: $input) { method architecture reasons } }`;

let upstreams: LocalUpstreams;
const gateways: TestGateway[] = [];

async function gatewayWith(env: Record<string, string>): Promise<TestGateway> {
  const gateway = await startTestGateway({ CACHE_ENABLED: 'off', RETRY_BASE_DELAY_MS: '5', ...env }, upstreams);
  gateways.push(gateway);
  return gateway;
}

function analyze(gateway: TestGateway, input: Record<string, unknown>) {
  return gateway.query<{ analyzeDocument: Analysis }, { input: Record<string, unknown> }>(ANALYSIS_QUERY, { input });
}

const calls = (service: 'bedrock' | 'sagemaker') => upstreams.calls.filter((call) => call.service === service);
// A gateway with CloudWatch metrics sends PutMetricData to the same local services on its own timer.
const modelCalls = () => upstreams.calls.filter((call) => call.service !== 'cloudwatch');

beforeAll(async () => {
  upstreams = await startTestUpstreams();
});
afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  await upstreams?.close();
});
beforeEach(() => {
  upstreams.resetCalls();
  upstreams.setFaults([]);
});

describe('retries', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await gatewayWith({ UPSTREAM_MAX_ATTEMPTS: '3' });
  });

  it('answers without error after two throttled attempts: three calls, one answer', async () => {
    upstreams.setFaults([{ service: 'bedrock', errorType: 'ThrottlingException', times: 2 }]);
    const { data, errors } = await analyze(gateway, { content: `${ENCYCLOPEDIA} (retry)`, architecture: 'DECISION_TREE' });
    expect(errors).toBeUndefined();
    expect(data!.analyzeDocument).toMatchObject({ method: 'BEDROCK_ONLY', bedrock: { error: null } });
    expect(calls('bedrock').map((call) => call.status)).toEqual([429, 429, 200]);
    expect(gateway.gateway.resilience.snapshot().targets.find((t) => t.service === 'bedrock')).toMatchObject({ retries: 2, attempts: 3 });
  });

  it('does not retry a validation error: one call, UPSTREAM_VALIDATION with attempts 1', async () => {
    upstreams.setFaults([{ service: 'bedrock', errorType: 'ValidationException' }]);
    const { errors } = await analyze(gateway, { content: `${ENCYCLOPEDIA} (invalid)`, architecture: 'DECISION_TREE' });
    expect(calls('bedrock')).toHaveLength(1);
    expect(errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_VALIDATION', attempts: 1 });
  });

  it('gives up after the attempts allowed, with the last error', async () => {
    upstreams.setFaults([{ service: 'sagemaker', errorType: 'ServiceUnavailable' }]);
    const { errors } = await analyze(gateway, { content: `${CONTRACT} (down)`, documentType: 'LEGAL', architecture: 'DECISION_TREE' });
    expect(calls('sagemaker')).toHaveLength(3);
    expect(errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', attempts: 3 });
  });
});

describe('deadlines', () => {
  it('bounds a hanging upstream by the per-attempt timeout and the whole call by its deadline, retries included', async () => {
    const gateway = await gatewayWith({ UPSTREAM_MAX_ATTEMPTS: '5', BEDROCK_TIMEOUT_MS: '700', BEDROCK_ATTEMPT_TIMEOUT_MS: '250' });
    upstreams.setFaults([{ service: 'bedrock', hang: true }]);
    const started = performance.now();
    const { data, errors } = await analyze(gateway, { content: `${ENCYCLOPEDIA} (hang)`, architecture: 'DECISION_TREE' });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(600);
    expect(elapsed).toBeLessThan(1_500);
    expect(data!.analyzeDocument.bedrock!.error).toContain('deadline');
    expect(errors![0]!.extensions!.code).toBe('UPSTREAM_TIMEOUT');
    // 250 ms per attempt inside 700 ms: the third attempt is cut by the call deadline, no fourth starts.
    expect(calls('bedrock').length).toBeGreaterThanOrEqual(2);
    expect(calls('bedrock').length).toBeLessThanOrEqual(3);
  });
});

describe('circuit breaker', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await gatewayWith({
      UPSTREAM_MAX_ATTEMPTS: '1',
      BREAKER_VOLUME_THRESHOLD: '4',
      BREAKER_ERROR_THRESHOLD_PERCENT: '50',
      // Long enough that the checks made while a circuit is open finish before it half-opens on a
      // loaded machine; the probe below waits for the half-open state rather than for this time.
      BREAKER_RESET_MS: '2000',
      METRICS_SINKS: 'prometheus,cloudwatch',
      METRICS_FLUSH_INTERVAL_MS: '100',
    });
  });
  const state = (service: string) => gateway.gateway.resilience.snapshot().targets.find((t) => t.service === service);

  it('opens after repeated failures, fails fast without calling, is avoided by the router, and closes after a good probe', async () => {
    // Prepare: both upstreams of a legal document fail.
    upstreams.setFaults([
      { service: 'bedrock', errorType: 'ServiceUnavailableException' },
      { service: 'sagemaker', target: 'legal-document-analyzer', errorType: 'ServiceUnavailable' },
    ]);
    for (let i = 0; i < 4; i++) await analyze(gateway, { content: `${CONTRACT} (${i})`, documentType: 'LEGAL', architecture: 'PARALLEL' });
    expect(state('bedrock')).toMatchObject({ circuit: 'open', circuitOpens: 1 });
    expect(state('sagemaker')).toMatchObject({ target: 'legal-document-analyzer', circuit: 'open' });

    // Open: no call reaches either upstream; each side fails fast with UPSTREAM_CIRCUIT_OPEN.
    upstreams.resetCalls();
    const started = performance.now();
    const open = await analyze(gateway, { content: `${CONTRACT} (open)`, documentType: 'LEGAL', architecture: 'PARALLEL' });
    // No upstream call is the proof; the bound only says nothing waited (a whole request over HTTP,
    // so it leaves room for a busy machine).
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(modelCalls()).toHaveLength(0);
    expect(open.errors!.map((error) => error.extensions!.code)).toEqual(['UPSTREAM_CIRCUIT_OPEN', 'UPSTREAM_CIRCUIT_OPEN']);
    expect(open.data!.analyzeDocument.reasons.join(' ')).toMatch(
      /Bedrock is unavailable \(circuit open for .+\) and SageMaker is unavailable \(circuit open for legal-document-analyzer/,
    );
    const choice = await gateway.query<{ chooseMethod: { reasons: string[] } }, { input: Record<string, unknown> }>(CHOOSE_QUERY, {
      input: { content: CONTRACT, documentType: 'LEGAL', accuracy: 'HIGH' },
    });
    expect(choice.data!.chooseMethod.reasons.join(' ')).toContain('circuit open for legal-document-analyzer');
    // Metrics: the state is scraped from the breakers themselves, one series per state.
    const scraped = await (await fetch(gateway.metricsUrl!)).text();
    expect(scraped).toContain('gateway_upstream_circuit_state{service="sagemaker",target="legal-document-analyzer",state="open"} 1');
    expect(scraped).toContain('gateway_upstream_circuit_state{service="sagemaker",target="legal-document-analyzer",state="closed"} 0');
    expect(scraped).toMatch(/gateway_upstream_circuit_opens\{service="bedrock",target="[^"]+"\} 1/);
    expect(scraped).toMatch(/gateway_upstream_short_circuits\{service="bedrock",target="[^"]+"\} [1-9]/);
    // CloudWatch (the local service, over the wire): CircuitOpen per target, sampled on each timed flush.
    await expect
      .poll(
        () =>
          upstreams.metrics.some(
            (datum) =>
              datum.metricName === 'CircuitOpen' &&
              datum.dimensions.Target === 'legal-document-analyzer' &&
              datum.dimensions.Service === 'sagemaker' &&
              (datum.values ?? [datum.value]).includes(1),
          ),
        { timeout: 5_000 },
      )
      .toBe(true);

    // Half-open after the reset time: the fault is gone, the probe succeeds, the circuits close.
    upstreams.setFaults([]);
    await expect
      .poll(() => [state('bedrock')!.circuit, state('sagemaker')!.circuit], { timeout: 10_000, interval: 50 })
      .toEqual(['halfOpen', 'halfOpen']);
    const probe = await analyze(gateway, { content: `${CONTRACT} (probe)`, documentType: 'LEGAL', architecture: 'PARALLEL' });
    expect(probe.errors).toBeUndefined();
    expect(probe.data!.analyzeDocument.method).toBe('HYBRID');
    expect(state('bedrock')!.circuit).toBe('closed');
    expect(state('sagemaker')!.circuit).toBe('closed');
    expect(await (await fetch(gateway.metricsUrl!)).text()).toContain(
      'gateway_upstream_circuit_state{service="sagemaker",target="legal-document-analyzer",state="closed"} 1',
    );
  });

  it('routes around one open circuit: SageMaker open, so Bedrock only, and says why', async () => {
    upstreams.setFaults([{ service: 'sagemaker', target: 'legal-document-analyzer', errorType: 'ModelError' }]);
    for (let i = 0; i < 4; i++)
      await analyze(gateway, { content: `${CONTRACT} [${i}]`, documentType: 'LEGAL', architecture: 'DECISION_TREE' });
    upstreams.resetCalls();
    const { data, errors } = await analyze(gateway, {
      content: `${CONTRACT} [routed]`,
      documentType: 'LEGAL',
      architecture: 'DECISION_TREE',
    });
    expect(errors).toBeUndefined();
    expect(data!.analyzeDocument).toMatchObject({ method: 'BEDROCK_ONLY', architecture: 'DECISION_TREE' });
    expect(data!.analyzeDocument.reasons.join(' ')).toContain('SageMaker is unavailable (circuit open for legal-document-analyzer');
    expect(calls('sagemaker')).toHaveLength(0);
  });
});

describe('DECISION_TREE fallback', () => {
  it('runs the other service when the chosen one fails, and says so', async () => {
    const gateway = await gatewayWith({ UPSTREAM_MAX_ATTEMPTS: '1', DECISION_TREE_FALLBACK: 'on' });
    upstreams.setFaults([{ service: 'bedrock', errorType: 'InternalServerException' }]);
    const { data, errors } = await analyze(gateway, { content: `${ENCYCLOPEDIA} (fallback)`, architecture: 'DECISION_TREE' });
    expect(data!.analyzeDocument).toMatchObject({ method: 'SAGEMAKER_ONLY', sagemaker: { error: null } });
    expect(data!.analyzeDocument.reasons.join(' ')).toContain(
      'Bedrock failed (UPSTREAM_UNAVAILABLE), so DECISION_TREE fell back to SageMaker',
    );
    expect(errors!.map((error) => error.extensions!.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
  });
});

describe('bulkhead', () => {
  it('caps concurrent calls per target: 8 requests, at most 2 in flight at the upstream', async () => {
    const gateway = await gatewayWith({ UPSTREAM_MAX_CONCURRENCY: '2', UPSTREAM_MAX_QUEUE: '100' });
    upstreams.setFaults([{ service: 'bedrock', latencyMs: 200 }]);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => analyze(gateway, { content: `${ENCYCLOPEDIA} (#${i})`, architecture: 'DECISION_TREE' })),
    );
    expect(results.every((result) => result.errors === undefined)).toBe(true);
    // Every call takes >= 200 ms, so calls that arrived within 150 ms of each other overlapped.
    const arrivals = calls('bedrock')
      .map((call) => call.at)
      .sort((a, b) => a - b);
    expect(arrivals).toHaveLength(8);
    const overlapping = Math.max(...arrivals.map((at) => arrivals.filter((other) => other >= at && other < at + 150).length));
    expect(overlapping).toBeLessThanOrEqual(2);
    expect(gateway.gateway.resilience.snapshot().targets.find((t) => t.service === 'bedrock')).toMatchObject({
      peakInFlight: 2,
      bulkheadRejections: 0,
    });
  });

  it('fails the excess fast with UPSTREAM_OVERLOADED once the queue is full', async () => {
    const gateway = await gatewayWith({ UPSTREAM_MAX_CONCURRENCY: '1', UPSTREAM_MAX_QUEUE: '1' });
    // All four must reach the bulkhead while the first call still holds it, however busy the machine.
    upstreams.setFaults([{ service: 'bedrock', latencyMs: 1_000 }]);
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => analyze(gateway, { content: `${ENCYCLOPEDIA} (overload ${i})`, architecture: 'DECISION_TREE' })),
    );
    const codes = results.map((result) => result.errors?.[0]?.extensions?.code ?? 'ok').sort();
    expect(codes).toEqual(['UPSTREAM_OVERLOADED', 'UPSTREAM_OVERLOADED', 'ok', 'ok']);
    expect(calls('bedrock')).toHaveLength(2);
  });
});
