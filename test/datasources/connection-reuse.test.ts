/**
 * Upstream connections are reused: concurrent Converse calls share pooled HTTP/2 connections (the SDK's
 * default would open one per call, a TLS handshake each on AWS), and InvokeEndpoint calls reuse
 * keep-alive sockets. Counted at the local services, which number every client connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { CONTRACT, ENCYCLOPEDIA } from '../fixtures/documents.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

const QUERY = 'query ($input: AnalyzeDocumentInput!) { analyzeDocument(input: $input) { bedrock { topic } sagemaker { label } } }';
const CONCURRENT = 20;

let upstreams: LocalUpstreams;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  // Latency keeps the calls of a round in flight together, so they really compete for connections.
  upstreams.setFaults([
    { service: 'bedrock', latencyMs: 300 },
    { service: 'sagemaker', latencyMs: 300 },
  ]);
});
afterAll(async () => {
  await upstreams?.close();
});

async function analyseConcurrently(gateway: TestGateway, architecture: string, content: string, round: string): Promise<void> {
  // DECISION_TREE sends GENERAL documents to Bedrock alone.
  const documentType = architecture === 'DECISION_TREE' ? 'GENERAL' : 'LEGAL';
  const answers = await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) =>
      gateway.query(QUERY, { input: { content: `${content}\n(${round} ${i})`, documentType, architecture } }),
    ),
  );
  expect(answers.every((answer) => answer.status === 200 && answer.errors === undefined)).toBe(true);
}

function connectionsUsed(service: 'bedrock' | 'sagemaker'): Set<number> {
  return new Set(upstreams.calls.filter((call) => call.service === service).map((call) => call.connection));
}

describe('upstream connection reuse', () => {
  it('sends 20 concurrent Converse calls over one pooled HTTP/2 connection, and keeps it for the next round', async () => {
    const gateway = await startTestGateway({ CACHE_ENABLED: 'off', METRICS_SINKS: 'none' }, upstreams);
    try {
      upstreams.resetCalls();
      await analyseConcurrently(gateway, 'PARALLEL', CONTRACT, 'first');
      const first = connectionsUsed('bedrock');
      await analyseConcurrently(gateway, 'PARALLEL', CONTRACT, 'second');
      const both = connectionsUsed('bedrock');

      expect(upstreams.calls.filter((call) => call.service === 'bedrock' && call.httpVersion === '2.0')).toHaveLength(2 * CONCURRENT);
      expect(first.size).toBe(1);
      expect(both).toEqual(first);
      // SageMaker: keep-alive sockets, so the second round opens no new connection either.
      const sagemaker = connectionsUsed('sagemaker');
      expect(sagemaker.size).toBeLessThanOrEqual(CONCURRENT);
      expect(upstreams.calls.filter((call) => call.service === 'sagemaker').length).toBeGreaterThan(sagemaker.size);
    } finally {
      await gateway.close();
    }
  });

  it('opens a connection per Converse call with BEDROCK_STREAMS_PER_CONNECTION=0 (the SDK default)', async () => {
    const gateway = await startTestGateway({ CACHE_ENABLED: 'off', METRICS_SINKS: 'none', BEDROCK_STREAMS_PER_CONNECTION: '0' }, upstreams);
    try {
      upstreams.resetCalls();
      await analyseConcurrently(gateway, 'DECISION_TREE', ENCYCLOPEDIA, 'isolated');
      expect(connectionsUsed('bedrock').size).toBe(CONCURRENT);
    } finally {
      await gateway.close();
    }
  });

  it('opens a second connection only when the first carries its stream limit', async () => {
    const gateway = await startTestGateway({ CACHE_ENABLED: 'off', METRICS_SINKS: 'none', BEDROCK_STREAMS_PER_CONNECTION: '8' }, upstreams);
    try {
      upstreams.resetCalls();
      await analyseConcurrently(gateway, 'DECISION_TREE', ENCYCLOPEDIA, 'limited');
      const used = connectionsUsed('bedrock').size;
      // At least one more once 8 streams are open (ceil(20 / 8) = 3 when all 20 overlap, as they do
      // unless the machine is very busy), and far fewer than a connection per call.
      expect(used).toBeGreaterThanOrEqual(2);
      expect(used).toBeLessThan(CONCURRENT);
    } finally {
      await gateway.close();
    }
  });
});
