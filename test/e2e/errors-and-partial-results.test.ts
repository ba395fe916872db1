/** Bad input gets coded errors; an upstream failure gives a partial result with the error on its path. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnalyzeDocumentDocument } from '../../examples/generated/operations.js';
import type { Env } from '../../src/config/config.load.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { CONTRACT, ENCYCLOPEDIA } from '../fixtures/documents.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

let upstreams: LocalUpstreams;
let gateway: TestGateway;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  // One attempt per call, so counts are exact and throttling does not wait out SDK backoff.
  // Faults must reach the upstream each time: the result cache would answer repeated fixtures.
  gateway = await startTestGateway({ CACHE_ENABLED: 'off', AWS_MAX_ATTEMPTS: '1', MAX_CONTENT_BYTES: '20000' }, upstreams);
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.close();
});
beforeEach(() => {
  upstreams.resetCalls();
  upstreams.setFaults([]);
});

const analyzeLegal = (on: TestGateway = gateway) =>
  on.query(AnalyzeDocumentDocument, { input: { content: CONTRACT, documentType: 'LEGAL', architecture: 'PARALLEL' } });

/** The same analysis on a gateway of its own, for settings the shared one must not have; timed. */
async function analyzeLegalOnOwnGateway(env: Env) {
  const own = await startTestGateway({ CACHE_ENABLED: 'off', AWS_MAX_ATTEMPTS: '1', ...env }, upstreams);
  try {
    const started = Date.now();
    const answer = await analyzeLegal(own);
    return { ...answer, elapsedMs: Date.now() - started };
  } finally {
    await own.close();
  }
}

describe('bad input', () => {
  it('refuses empty content with BAD_USER_INPUT and calls nothing', async () => {
    const { status, data, errors } = await gateway.query(AnalyzeDocumentDocument, { input: { content: '  ' } });
    expect(status).toBe(200);
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(upstreams.calls).toHaveLength(0);
  });

  it('refuses content over the limit with CONTENT_TOO_LARGE', async () => {
    const { errors } = await gateway.query(AnalyzeDocumentDocument, { input: { content: 'x'.repeat(20_001) } });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'CONTENT_TOO_LARGE', limit: 20000 });
  });

  it('refuses an unknown enum value with GRAPHQL_VALIDATION_FAILED (a 400)', async () => {
    const { status, errors } = await gateway.query('{ analyzeDocument(input: {content: "x", documentType: POETRY}) { id } }');
    expect(status).toBe(400);
    expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('treats an explicit null for a defaulted field as the default', async () => {
    const { data, errors } = await gateway.query(AnalyzeDocumentDocument, {
      input: { content: ENCYCLOPEDIA, documentType: null, accuracy: null, architecture: 'DECISION_TREE' },
    });
    expect(errors).toBeUndefined();
    expect(data!.analyzeDocument.documentType).toBe('GENERAL');
  });
});

describe('partial results', () => {
  it('keeps SageMaker when Bedrock is throttled, with UPSTREAM_THROTTLED on the bedrock path', async () => {
    upstreams.setFaults([{ service: 'bedrock', errorType: 'ThrottlingException' }]);
    const { data, errors } = await analyzeLegal();
    const analysis = data!.analyzeDocument;
    expect(analysis.method).toBe('HYBRID');
    expect(analysis.bedrock).toMatchObject({ error: expect.stringContaining('throttled'), keywords: [], confidence: 'LOW' });
    expect(analysis.sagemaker).toMatchObject({ endpoint: 'legal-document-analyzer', error: null });
    expect(analysis.insights.processingMethods).toEqual(['sagemaker:legal-document-analyzer']);
    expect(errors).toHaveLength(1);
    expect(errors![0]).toMatchObject({
      path: ['analyzeDocument', 'bedrock'],
      extensions: { code: 'UPSTREAM_THROTTLED', service: 'bedrock', upstreamError: 'ThrottlingException' },
    });
    expect(analysis.cost.bedrockUsd).toBeNull();
  });

  it('keeps Bedrock when the SageMaker model fails, with UPSTREAM_MODEL_ERROR on the sagemaker path', async () => {
    upstreams.setFaults([{ service: 'sagemaker', errorType: 'ModelError' }]);
    const { data, errors } = await analyzeLegal();
    expect(data!.analyzeDocument.bedrock!.error).toBeNull();
    expect(data!.analyzeDocument.sagemaker!.error).toContain('legal-document-analyzer');
    expect(errors![0]).toMatchObject({ path: ['analyzeDocument', 'sagemaker'], extensions: { code: 'UPSTREAM_MODEL_ERROR' } });
  });

  it('answers within the deadline when an endpoint hangs: UPSTREAM_TIMEOUT, Bedrock kept', async () => {
    // A short SageMaker deadline on a gateway of its own: on the shared one it would also bound the
    // SageMaker calls other tests expect to succeed, which a busy machine can stretch past 400 ms.
    upstreams.setFaults([{ service: 'sagemaker', hang: true }]);
    const { data, errors, elapsedMs } = await analyzeLegalOnOwnGateway({ SAGEMAKER_TIMEOUT_MS: '400' });

    expect(elapsedMs).toBeLessThan(5_000);
    expect(data!.analyzeDocument.bedrock!.topic).toBeTruthy();
    expect(errors![0]!.extensions!.code).toBe('UPSTREAM_TIMEOUT');
  });

  it("ends a hanging call at the request's deadline when that comes before the call's own", async () => {
    // The per-call timeouts are far away; only REQUEST_TIMEOUT_MS (through the request's deadline,
    // the guard's call deadline and the attempt's) can end the hang.
    upstreams.setFaults([{ service: 'sagemaker', hang: true }]);
    const { data, errors, elapsedMs } = await analyzeLegalOnOwnGateway({
      UPSTREAM_MAX_ATTEMPTS: '1',
      REQUEST_TIMEOUT_MS: '1000',
      SAGEMAKER_TIMEOUT_MS: '60000',
    });

    expect(elapsedMs).toBeGreaterThanOrEqual(950);
    expect(elapsedMs).toBeLessThan(10_000);
    expect(data!.analyzeDocument.bedrock!.topic).toBeTruthy();
    expect(data!.analyzeDocument.sagemaker!.error).toBeTruthy();
    expect(errors!.map((error) => [error.path, error.extensions!.code])).toEqual([[['analyzeDocument', 'sagemaker'], 'UPSTREAM_TIMEOUT']]);
    expect(errors![0]!.message).toMatch(/within the deadline/);
  });

  it('reports a dropped connection as UPSTREAM_UNAVAILABLE', async () => {
    upstreams.setFaults([{ service: 'bedrock', drop: true }]);
    const { data, errors } = await analyzeLegal();
    expect(data!.analyzeDocument.sagemaker!.error).toBeNull();
    expect(errors![0]).toMatchObject({ path: ['analyzeDocument', 'bedrock'], extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
  });

  it('keeps a malformed Bedrock answer out of the result (UPSTREAM_BAD_RESPONSE)', async () => {
    upstreams.setFaults([{ service: 'bedrock', malformed: true }]);
    const { data, errors } = await analyzeLegal();
    expect(data!.analyzeDocument.bedrock).toMatchObject({ confidence: 'LOW', topic: null, keywords: [] });
    expect(data!.analyzeDocument.sagemaker!.error).toBeNull();
    expect(errors![0]).toMatchObject({ path: ['analyzeDocument', 'bedrock'], extensions: { code: 'UPSTREAM_BAD_RESPONSE' } });
  });

  it('reports an endpoint the SageMaker service does not know as UPSTREAM_NOT_FOUND, Bedrock kept', async () => {
    const misconfigured = await startTestGateway(
      { CACHE_ENABLED: 'off', AWS_MAX_ATTEMPTS: '1', SAGEMAKER_ENDPOINT_GENERAL: 'no-such-endpoint' },
      upstreams,
    );
    try {
      const { data, errors } = await misconfigured.query(AnalyzeDocumentDocument, {
        input: { content: ENCYCLOPEDIA, documentType: 'GENERAL', architecture: 'PARALLEL' },
      });
      expect(data!.analyzeDocument.bedrock!.error).toBeNull();
      expect(data!.analyzeDocument.sagemaker).toMatchObject({ endpoint: 'no-such-endpoint', error: expect.stringContaining('not found') });
      expect(errors).toHaveLength(1);
      expect(errors![0]).toMatchObject({
        path: ['analyzeDocument', 'sagemaker'],
        extensions: { code: 'UPSTREAM_NOT_FOUND', service: 'sagemaker', upstreamError: 'ValidationError' },
      });
    } finally {
      await misconfigured.close();
    }
  });

  it('returns data with both errors when both sides fail, never a crash', async () => {
    upstreams.setFaults([
      { service: 'bedrock', errorType: 'ServiceUnavailableException' },
      { service: 'sagemaker', errorType: 'ServiceUnavailable' },
    ]);
    const { data, errors } = await analyzeLegal();
    expect(data!.analyzeDocument.insights).toMatchObject({ confidenceLevel: 'LOW', processingMethods: [] });
    expect(errors!.map((error) => error.extensions!.code).sort()).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
  });
});
