/**
 * The metrics plugin in a real Apollo server over the gateway's schema and context: what it hands the
 * sinks, that a throwing sink cannot fail a request, and `extensions.usage` on request only.
 */
import { ApolloServer, HeaderMap } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.load.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { BoundedLabels } from '../../src/metrics/bounded-labels.js';
import { MetricsPlugin, type MetricsPluginOptions } from '../../src/metrics/metrics.plugin.js';
import type { RequestObservation } from '../../src/metrics/request-observation.js';
import type { MetricsSink, SinkStats } from '../../src/metrics/sinks/metrics-sink.js';
import type { UsageExtension } from '../../src/metrics/usage-extension.js';
import type { GatewayContext } from '../../src/server/context.js';
import { createGateway, type Gateway } from '../../src/server/gateway.js';
import { CONTRACT } from '../fixtures/documents.js';
import { startTestUpstreams } from '../support/test-gateway.js';

class RecordingSink implements MetricsSink {
  readonly name = 'prometheus' as const;
  readonly seen: RequestObservation[] = [];
  record(observation: RequestObservation): void {
    this.seen.push(observation);
  }
  async flush(): Promise<void> {}
  async stop(): Promise<void> {}
  stats(): SinkStats {
    return { recorded: this.seen.length, dropped: 0, failures: 0 };
  }
}

class ThrowingSink extends RecordingSink {
  override record(): void {
    throw new Error('sink exploded');
  }
}

let upstreams: LocalUpstreams;
let gateway: Gateway;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  gateway = await createGateway(loadConfig({ LOG_LEVEL: 'silent', METRICS_SINKS: 'none' }), { localUpstreams: upstreams });
});
afterAll(async () => {
  await gateway?.stop();
  await upstreams?.close();
});

/** A real Apollo server over the gateway's schema with only the plugin under test. */
async function serverWith(options: Partial<MetricsPluginOptions> & Pick<MetricsPluginOptions, 'sinks'>) {
  const server = new ApolloServer<GatewayContext>({
    schema: gateway.schema,
    plugins: [MetricsPlugin({ labels: new BoundedLabels(), logRequests: false, ...options })],
  });
  await server.start();
  const run = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const head = new HeaderMap(Object.entries(headers));
    const contextValue = await gateway.createContext({ headers: head });
    const response = await server.executeOperation(
      { query, variables, http: { method: 'POST', headers: head, search: '', body: undefined } },
      { contextValue },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return { result: response.body.singleResult, contextValue };
  };
  return { server, run };
}

const ANALYZE =
  'query Analyze($content: String!) { analyzeDocument(input: {content: $content, documentType: LEGAL, architecture: PARALLEL}) { id cost { actualUsd } } }';

describe('MetricsPlugin', () => {
  it('hands each sink one observation per operation: name, type, latency, usage and no errors', async () => {
    // Prepare
    const sink = new RecordingSink();
    const { server, run } = await serverWith({ sinks: [sink] });

    // Act
    const { result, contextValue } = await run(ANALYZE, { content: `${CONTRACT} (plugin 1)` });

    // Assess
    expect(result.errors).toBeUndefined();
    expect(sink.seen).toHaveLength(1);
    const [seen] = sink.seen;
    expect(seen).toMatchObject({
      requestId: contextValue.requestId,
      operation: 'Analyze',
      operationType: 'query',
      tenant: 'anonymous',
      errorCodes: [],
    });
    expect(seen?.latencyMs).toBeGreaterThan(0);
    expect(seen?.analyses).toHaveLength(1);
    expect(seen?.analyses[0]).toMatchObject({ documentType: 'LEGAL', method: 'HYBRID', architecture: 'PARALLEL' });
    expect(seen?.upstreamCalls.map((call) => call.service).sort()).toEqual(['bedrock', 'sagemaker']);
    // No document content anywhere in what the sinks get.
    expect(JSON.stringify(seen)).not.toContain('Master Services');
    expect(result.extensions).toBeUndefined();
    await server.stop();
  });

  it('records error codes of failed operations (validation, budget) and an anonymous operation', async () => {
    const sink = new RecordingSink();
    const { server, run } = await serverWith({ sinks: [sink] });

    await run('{ nope }');
    await run('{ analyzeDocument(input: {content: "short text", maxCostUsd: 0.0000000001}) { id } }');

    expect(sink.seen.map((seen) => [seen.operation, seen.operationType, seen.errorCodes])).toEqual([
      ['anonymous', 'unknown', ['GRAPHQL_VALIDATION_FAILED']],
      ['anonymous', 'query', ['BUDGET_EXCEEDED']],
    ]);
    await server.stop();
  });

  it('bounds operation names before they reach a sink', async () => {
    const sink = new RecordingSink();
    const { server, run } = await serverWith({ sinks: [sink], labels: new BoundedLabels({ maxPerKind: 2 }) });
    for (const name of ['A', 'B', 'C', 'A']) await run(`query ${name} { __typename }`);
    expect(sink.seen.map((seen) => seen.operation)).toEqual(['A', 'B', 'other', 'A']);
    await server.stop();
  });

  it('answers normally when a sink throws, reporting the error and still feeding the other sinks', async () => {
    const errors: unknown[] = [];
    const healthy = new RecordingSink();
    const { server, run } = await serverWith({ sinks: [new ThrowingSink(), healthy], onError: (error) => errors.push(error) });

    const { result } = await run('query Ping { __typename }');

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ __typename: 'Query' });
    expect(errors).toHaveLength(1);
    expect(healthy.seen).toHaveLength(1);
    await server.stop();
  });

  it('adds extensions.usage only when the request asks with x-gateway-usage: 1, or when configured', async () => {
    const { server, run } = await serverWith({ sinks: [] });

    // Distinct documents, so neither is answered from a cache.
    const plain = await run(ANALYZE, { content: `${CONTRACT} (plugin 2)` });
    const asked = await run(ANALYZE, { content: `${CONTRACT} (plugin 3)` }, { 'x-gateway-usage': '1' });

    expect(plain.result.extensions).toBeUndefined();
    const usage = asked.result.extensions?.usage as UsageExtension;
    expect(usage.requestId).toBe(asked.contextValue.requestId);
    expect(usage.actualUsd).toBeCloseTo(asked.contextValue.usage.actualUsd, 12);
    expect(usage.estimatedUsd).toBeGreaterThan(0);
    expect(usage.upstreamCalls.map((call) => call.service).sort()).toEqual(['bedrock', 'sagemaker']);
    expect(usage.upstreamCalls.every((call) => call.ok && call.latencyMs >= 0 && call.batchSize === 1)).toBe(true);
    expect(usage.cache.hits).toBe(0);
    expect(usage.latencyMs).toBeGreaterThan(0);
    await server.stop();

    const always = await serverWith({ sinks: [], responseUsage: true });
    const { result } = await always.run('query Ping { __typename }');
    expect(result.extensions?.usage).toMatchObject({ actualUsd: 0, estimatedUsd: 0, upstreamCalls: [], analyses: 0 });
    await always.server.stop();
  });
});
