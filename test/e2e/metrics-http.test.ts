/**
 * What a client and an operator see over HTTP: Prometheus text on the metrics listener matching the
 * requests made, `extensions.usage` on request, EMF lines, and one structured log line per request.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Env, loadConfig } from '../../src/config/config.load.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import type { UsageExtension } from '../../src/metrics/usage-extension.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server/gateway.js';
import { startHttpServer } from '../../src/server/http.js';
import { CONTRACT, EARNINGS } from '../fixtures/documents.js';
import { emfViolations, parsePrometheus } from '../metrics/support.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

let upstreams: LocalUpstreams;
let gateway: TestGateway;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  gateway = await startTestGateway({ METRICS_SINKS: 'prometheus' }, upstreams);
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.close();
});

interface Analysis {
  analyzeDocument: { method: string; cost: { estimatedUsd: number; actualUsd: number | null } };
}

const ANALYZE = `query Analyze($content: String!, $type: DocumentType!) {
  analyzeDocument(input: {content: $content, documentType: $type, architecture: PARALLEL}) { method cost { estimatedUsd actualUsd } }
}`;

/** A gateway built with options startTestGateway does not pass (logger, EMF writer). */
async function startGatewayWith(env: Env, options: GatewayOptions) {
  const built: Gateway = await createGateway(loadConfig({ LOG_LEVEL: 'info', ...env }), { localUpstreams: upstreams, ...options });
  const http = await startHttpServer(built, '127.0.0.1', 0);
  const post = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(http.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
  return {
    gateway: built,
    post,
    async close() {
      await http.close();
      await built.stop();
    },
  };
}

describe('Prometheus at GET /metrics on its own listener', () => {
  it('serves text that parses and whose counters match the requests made through the server', async () => {
    // Prepare
    const before = parsePrometheus(await (await fetch(gateway.metricsUrl!)).text());
    const bedrockBefore = upstreams.calls.filter((call) => call.service === 'bedrock').length;
    const sagemakerBefore = upstreams.calls.filter((call) => call.service === 'sagemaker').length;
    const countersBefore = gateway.gateway.counters.snapshot();

    // Act
    const responses = [];
    for (let i = 0; i < 4; i++)
      responses.push(
        await gateway.query<Analysis, { content: string; type: string }>(ANALYZE, { content: `${EARNINGS} #${i}`, type: 'FINANCIAL' }),
      );
    await gateway.query('query Refused { analyzeDocument(input: {content: "brief", maxCostUsd: 0.0000000001}) { id } }');
    // The same document twice: a miss, then a hit on both sides (the gateway's cache is on by default).
    const again = `query Again { analyzeDocument(input: {content: ${JSON.stringify(`${CONTRACT} metrics ${Date.now()}`)}, documentType: LEGAL, architecture: PARALLEL}) { id } }`;
    for (let i = 0; i < 2; i++) await gateway.query(again);
    const response = await fetch(gateway.metricsUrl!);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = parsePrometheus(await response.text());
    const delta = (name: string, labels: Record<string, string> = {}) => after.sum(name, labels) - before.sum(name, labels);
    expect(after.types.get('gateway_requests_total')).toBe('counter');
    expect(after.types.get('gateway_request_duration_seconds')).toBe('histogram');
    expect(delta('gateway_requests_total', { operation: 'Analyze', type: 'query', status: 'ok' })).toBe(4);
    expect(delta('gateway_requests_total', { operation: 'Refused', status: 'error' })).toBe(1);
    expect(delta('gateway_request_duration_seconds_count', { operation: 'Analyze' })).toBe(4);
    expect(delta('gateway_errors_total', { code: 'BUDGET_EXCEEDED', operation: 'Refused' })).toBe(1);
    const bedrockCalls = upstreams.calls.filter((call) => call.service === 'bedrock').length - bedrockBefore;
    expect(delta('gateway_upstream_calls_total', { service: 'bedrock', target: gateway.config.bedrock.modelId, status: 'ok' })).toBe(
      bedrockCalls,
    );
    expect(delta('gateway_upstream_calls_total', { service: 'sagemaker', target: 'financial-sentiment-analyzer' })).toBe(4);
    const sagemakerCalls = upstreams.calls.filter((call) => call.service === 'sagemaker').length - sagemakerBefore;
    expect(delta('gateway_upstream_batch_size_count', { service: 'sagemaker' })).toBe(sagemakerCalls);
    expect(delta('gateway_upstream_tokens_total', { service: 'bedrock', direction: 'input' })).toBeGreaterThan(0);
    const method = responses[0]!.data!.analyzeDocument.method;
    expect(delta('gateway_analyses_total', { document_type: 'FINANCIAL', method, architecture: 'PARALLEL', status: 'ok' })).toBe(4);
    const estimated = responses.reduce((sum, r) => sum + r.data!.analyzeDocument.cost.estimatedUsd, 0);
    const actual = responses.reduce((sum, r) => sum + (r.data!.analyzeDocument.cost.actualUsd ?? 0), 0);
    expect(delta('gateway_estimated_cost_usd_total', { document_type: 'FINANCIAL' })).toBeCloseTo(estimated, 9);
    expect(delta('gateway_actual_cost_usd_total', { document_type: 'FINANCIAL' })).toBeCloseTo(actual, 9);
    // Cache and coalescing agree with the gateway's own counters (whatever the cache configuration).
    const counters = gateway.gateway.counters.snapshot();
    for (const side of ['bedrock', 'sagemaker'] as const) {
      expect(delta('gateway_cache_hits_total', { side })).toBeGreaterThanOrEqual(1);
      expect(delta('gateway_cache_hits_total', { side })).toBe(counters.cacheHits[side] - countersBefore.cacheHits[side]);
      expect(delta('gateway_cache_misses_total', { side })).toBe(counters.cacheMisses[side] - countersBefore.cacheMisses[side]);
      expect(delta('gateway_coalesced_waits_total', { side })).toBe(counters.coalescedWaits[side] - countersBefore.coalescedWaits[side]);
    }
    // Every family is exported, cache and coalescing included, even before they count anything.
    for (const name of [
      'gateway_cache_hits_total',
      'gateway_cache_misses_total',
      'gateway_coalesced_waits_total',
      'gateway_metrics_sink_dropped_total',
    ]) {
      expect(after.types.get(name)).toBe('counter');
    }
  });

  it('keeps a registry per gateway: a second gateway in the process counts only its own requests', async () => {
    const other = await startTestGateway({ METRICS_SINKS: 'prometheus' }, upstreams);
    try {
      await other.query('query OnlyHere { __typename }');
      const text = parsePrometheus(await (await fetch(other.metricsUrl!)).text());
      expect(text.sum('gateway_requests_total')).toBe(1);
      expect(text.sum('gateway_requests_total', { operation: 'OnlyHere' })).toBe(1);
      const first = parsePrometheus(await (await fetch(gateway.metricsUrl!)).text());
      expect(first.sum('gateway_requests_total', { operation: 'OnlyHere' })).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('has no listener when the Prometheus sink is off', async () => {
    const off = await startTestGateway({ METRICS_SINKS: 'none' }, upstreams);
    try {
      expect(off.metricsUrl).toBeUndefined();
      expect(off.gateway.metrics.prometheus).toBeUndefined();
      expect((await fetch(`${off.base}/metrics`)).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});

describe('extensions.usage', () => {
  it('carries cost, upstream calls, cache and latency when the client sends x-gateway-usage: 1', async () => {
    const { status, headers, data, ...rest } = await gateway.query<Analysis, { content: string; type: string }>(
      ANALYZE,
      { content: `${CONTRACT} usage`, type: 'LEGAL' },
      { 'x-gateway-usage': '1', 'x-request-id': 'usage-1' },
    );
    const extensions = (rest as { extensions?: { usage?: UsageExtension } }).extensions;

    expect(status).toBe(200);
    expect(headers.get('x-request-id')).toBe('usage-1');
    // A new document: nothing can be a cache hit (lookups, if a cache is on, are misses).
    expect(extensions?.usage).toMatchObject({ requestId: 'usage-1', analyses: 1, cache: { hits: 0, misses: expect.any(Number) } });
    const usage = extensions!.usage!;
    expect(usage.actualUsd).toBeCloseTo(data!.analyzeDocument.cost.actualUsd ?? 0, 12);
    expect(usage.estimatedUsd).toBeCloseTo(data!.analyzeDocument.cost.estimatedUsd, 12);
    expect(usage.upstreamCalls).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'bedrock', target: gateway.config.bedrock.modelId, ok: true, batchSize: 1 }),
        expect.objectContaining({ service: 'sagemaker', target: 'legal-document-analyzer', ok: true, batchSize: 1 }),
      ]),
    );
    expect(usage.latencyMs).toBeGreaterThanOrEqual(Math.max(...usage.upstreamCalls.map((call) => call.latencyMs)) - 1);
  });

  it('is absent unless asked, and always present with RESPONSE_USAGE_EXTENSION=on', async () => {
    const plain = (await (
      await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      })
    ).json()) as { extensions?: unknown };
    expect(plain.extensions).toBeUndefined();
    const always = await startTestGateway({ METRICS_SINKS: 'none', RESPONSE_USAGE_EXTENSION: 'on' }, upstreams);
    try {
      const body = (await (
        await fetch(always.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ __typename }' }),
        })
      ).json()) as { extensions?: { usage?: UsageExtension } };
      expect(body.extensions?.usage).toMatchObject({ actualUsd: 0, upstreamCalls: [] });
    } finally {
      await always.close();
    }
  });
});

describe('EMF and logs', () => {
  it('writes valid EMF lines per request, correlated by request id, under the configured namespace', async () => {
    // Prepare
    const lines: string[] = [];
    const emf = await startGatewayWith(
      { METRICS_SINKS: 'emf', METRICS_NAMESPACE: 'Test/EMF', LOG_LEVEL: 'silent' },
      { metrics: { emfWriter: (line) => lines.push(line) } },
    );
    try {
      // Act
      const response = await emf.post(ANALYZE, { content: `${CONTRACT} (emf)`, type: 'LEGAL' }, { 'x-request-id': 'emf-1' });
      expect(response.status).toBe(200);

      // Assess
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) {
        expect(line.endsWith('\n')).toBe(true);
        expect(emfViolations(line.trimEnd())).toEqual([]);
      }
      const events = lines.map(
        (line) =>
          JSON.parse(line) as Record<string, unknown> & { _aws: { Timestamp: number; CloudWatchMetrics: Array<{ Namespace: string }> } },
      );
      expect(events.every((event) => event.requestId === 'emf-1' && event._aws.CloudWatchMetrics[0]?.Namespace === 'Test/EMF')).toBe(true);
      expect(events.every((event) => Math.abs(event._aws.Timestamp - Date.now()) < 60_000)).toBe(true);
      expect(events.find((event) => event.Service === 'gateway' && event.DocumentType === undefined)).toMatchObject({
        ProcessingSuccess: 1,
      });
      expect(events.find((event) => event.Service === 'sagemaker')).toMatchObject({ UpstreamCalls: 1, BatchSize: 1 });
      expect(lines.join('')).not.toContain('Master Services');
    } finally {
      await emf.close();
    }
  });

  it('logs one structured line per request with the request id, operation, duration, cost and error codes, never content', async () => {
    // Prepare
    const logged: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const logging = await startGatewayWith({ METRICS_SINKS: 'none' }, { logger: pino({ level: 'info' }, sink) });
    try {
      // Act
      await logging.post(ANALYZE, { content: `${CONTRACT} (log)`, type: 'LEGAL' }, { 'x-request-id': 'log-1' });
      await logging.post(
        'query Refused { analyzeDocument(input: {content: "secret words", maxCostUsd: 0.0000000001}) { id } }',
        {},
        { 'x-request-id': 'log-2' },
      );
      // Without an id from the client, the gateway makes one and sends it back.
      const unnamed = await logging.post('query Unnamed { __typename }', {});

      // Assess
      const lines = logged.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'graphql request');
      expect(lines).toHaveLength(3);
      const generated = unnamed.headers.get('x-request-id');
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);
      expect(lines[2]).toMatchObject({ requestId: generated, operation: 'Unnamed' });
      expect(lines[0]).toMatchObject({
        level: 30,
        requestId: 'log-1',
        operation: 'Analyze',
        operationType: 'query',
        analyses: 1,
        upstreamCalls: 2,
        errorCodes: [],
      });
      expect(lines[0]?.durationMs).toEqual(expect.any(Number));
      expect(lines[0]?.estimatedUsd).toBeGreaterThan(0);
      expect(lines[1]).toMatchObject({ requestId: 'log-2', operation: 'Refused', errorCodes: ['BUDGET_EXCEEDED'] });
      expect(logged.join('\n')).not.toMatch(/Master Services|secret words/);
    } finally {
      await logging.close();
    }
  });
});
