/**
 * Documents sent with no documentType over HTTP: the cascade (classifier, then Bedrock's first pass
 * when the classifier is unsure) picks the SageMaker endpoint, and every answer says which step decided.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AnalyzeDocumentDocument,
  type AnalyzeDocumentInput,
  ChooseMethodDocument,
  EstimateCostDocument,
} from '../../examples/generated/operations.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { CLINICAL_NOTE, EARNINGS } from '../fixtures/documents.js';
import { startTestGateway, startTestUpstreams, type TestGateway, upstreamCallsTo } from '../support/test-gateway.js';

let upstreams: LocalUpstreams;
/** Default threshold (0.7): the classifier is sure of both fixtures. */
let gateway: TestGateway;
/** Threshold 1: the classifier is never sure enough, so Bedrock's first pass decides. */
let bedrockDecides: TestGateway;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  // Counts upstream calls per test with shared fixtures: the result cache would answer repeats.
  gateway = await startTestGateway({ CACHE_ENABLED: 'off' }, upstreams);
  bedrockDecides = await startTestGateway({ CACHE_ENABLED: 'off', TYPE_DETECTION_MIN_PROBABILITY: '1' }, upstreams);
});
afterAll(async () => {
  await gateway?.close();
  await bedrockDecides?.close();
  await upstreams?.close();
});
beforeEach(() => upstreams.resetCalls());

const DOCUMENTS = [
  ['the clinical note', CLINICAL_NOTE, 'MEDICAL', 'medical-text-classifier'],
  ['the quarterly-results item', EARNINGS, 'FINANCIAL', 'financial-sentiment-analyzer'],
] as const;

const analyze = (on: TestGateway, input: AnalyzeDocumentInput) => on.query(AnalyzeDocumentDocument, { input });
const endpointsCalled = () => upstreamCallsTo(upstreams, 'sagemaker').map((call) => call.target);
const servicesInOrder = () => upstreams.calls.filter((call) => call.operation !== 'ping').map((call) => call.service);

describe('no documentType, a confident classifier', () => {
  it.each(DOCUMENTS)('AUTO sends %s to its domain endpoint, without asking Bedrock', async (_name, content, type, endpoint) => {
    const { data, errors } = await analyze(gateway, { content });

    expect(errors).toBeUndefined();
    const analysis = data!.analyzeDocument;
    expect(analysis.documentType).toBe(type);
    expect(analysis.typeDetection).toMatchObject({ source: 'CLASSIFIER', type });
    expect(analysis.typeDetection.probability).toBeGreaterThanOrEqual(0.7);
    expect(analysis.sagemaker).toMatchObject({ endpoint, error: null });
    expect(analysis.reasons[0]).toMatch(new RegExp(`^no documentType given: the classifier reads it as ${type} \\(p=`));
    expect(endpointsCalled()).toEqual([endpoint]);
    expect(upstreamCallsTo(upstreams, 'bedrock')).toHaveLength(0);
  });

  it.each(DOCUMENTS)('STAGED sends %s to Bedrock, then its domain endpoint', async (_name, content, type, endpoint) => {
    const { data, errors } = await analyze(gateway, { content, architecture: 'STAGED' });

    expect(errors).toBeUndefined();
    const analysis = data!.analyzeDocument;
    expect(analysis).toMatchObject({ method: 'HYBRID', architecture: 'STAGED', documentType: type });
    expect(analysis.typeDetection).toMatchObject({ source: 'CLASSIFIER', type });
    expect(analysis.insights.typeAgreement).toBe(true);
    expect(analysis.insights.recommendations.join(' ')).not.toContain('re-running');
    expect(endpointsCalled()).toEqual([endpoint]);
    expect(servicesInOrder()).toEqual(['bedrock', 'sagemaker']);
  });
});

describe('no documentType, an unsure classifier: Bedrock decides', () => {
  it.each(DOCUMENTS)("AUTO routes %s through Bedrock's first pass to its domain endpoint", async (_name, content, type, endpoint) => {
    const { data, errors } = await analyze(bedrockDecides, { content });

    expect(errors).toBeUndefined();
    const analysis = data!.analyzeDocument;
    expect(analysis).toMatchObject({ method: 'HYBRID', architecture: 'STAGED', documentType: type });
    expect(analysis.typeDetection).toMatchObject({ source: 'BEDROCK', type });
    expect(analysis.typeDetection.probability).toBeGreaterThan(0.5);
    expect(analysis.reasons.join(' ')).toContain(`Bedrock's first pass read it as ${type}`);
    expect(endpointsCalled()).toEqual([endpoint]);
    expect(servicesInOrder()).toEqual(['bedrock', 'sagemaker']);
  });

  it.each(DOCUMENTS)("STAGED sends %s to the endpoint of Bedrock's type", async (_name, content, type, endpoint) => {
    const { data, errors } = await analyze(bedrockDecides, { content, architecture: 'STAGED' });

    expect(errors).toBeUndefined();
    expect(data!.analyzeDocument.typeDetection).toMatchObject({ source: 'BEDROCK', type });
    expect(data!.analyzeDocument.sagemaker).toMatchObject({ endpoint, error: null });
    expect(servicesInOrder()).toEqual(['bedrock', 'sagemaker']);
  });

  it("PARALLEL waits for Bedrock's type before calling SageMaker, and calls Bedrock once", async () => {
    const { data, errors } = await analyze(bedrockDecides, { content: CLINICAL_NOTE, architecture: 'PARALLEL' });

    expect(errors).toBeUndefined();
    expect(data!.analyzeDocument.typeDetection).toMatchObject({ source: 'BEDROCK', type: 'MEDICAL' });
    expect(endpointsCalled()).toEqual(['medical-text-classifier']);
    expect(servicesInOrder()).toEqual(['bedrock', 'sagemaker']);
  });
});

describe('no documentType, an unsure classifier and a failed first pass', () => {
  it("keeps the classifier's guess for the SageMaker endpoint and says Bedrock gave no type", async () => {
    upstreams.setFaults([{ service: 'bedrock', errorType: 'AccessDeniedException', times: 1 }]);
    try {
      const { data } = await analyze(bedrockDecides, { content: EARNINGS, architecture: 'STAGED' });

      const analysis = data!.analyzeDocument;
      expect(analysis.bedrock!.error).not.toBeNull();
      expect(analysis.typeDetection).toMatchObject({ source: 'CLASSIFIER', type: 'FINANCIAL' });
      expect(analysis.reasons.join(' ')).toContain("Bedrock's first pass gave no type, so the classifier's guess stands");
      expect(endpointsCalled()).toEqual(['financial-sentiment-analyzer']);
    } finally {
      upstreams.setFaults([]);
    }
  });
});

describe('a caller type both detectors disagree with', () => {
  it('is used as given, and the insights say both detectors read another type', async () => {
    const { data, errors } = await analyze(gateway, { content: CLINICAL_NOTE, documentType: 'LEGAL', architecture: 'STAGED' });

    expect(errors).toBeUndefined();
    const analysis = data!.analyzeDocument;
    expect(analysis.documentType).toBe('LEGAL');
    expect(analysis.typeDetection).toEqual({ source: 'CALLER', type: 'LEGAL', probability: null });
    expect(endpointsCalled()).toEqual(['legal-document-analyzer']);
    expect(analysis.insights.typeAgreement).toBe(false);
    expect(analysis.insights.recommendations[0]).toMatch(
      /^Both the classifier \(p=\d\.\d{3}\) and Bedrock \(HIGH confidence\) read this as MEDICAL, not LEGAL; LEGAL was used as given/,
    );
  });
});

describe('estimateCost and chooseMethod with no documentType', () => {
  it.each(DOCUMENTS)('price and route %s with the classifier type, calling nothing', async (_name, content, type, endpoint) => {
    const estimate = await gateway.query(EstimateCostDocument, { input: { content } });
    const choice = await gateway.query(ChooseMethodDocument, { input: { content } });

    expect(estimate.errors).toBeUndefined();
    expect(choice.errors).toBeUndefined();
    expect(estimate.data!.estimateCost).toMatchObject({ documentType: type, endpoint, typeDetection: { source: 'CLASSIFIER', type } });
    expect(estimate.data!.estimateCost.typeDetection.probability).toBeGreaterThanOrEqual(0.7);
    expect(choice.data!.chooseMethod).toMatchObject({ documentType: type, typeDetection: { source: 'CLASSIFIER', type } });
    expect(choice.data!.chooseMethod.reasons[0]).toContain(`the classifier reads it as ${type}`);
    expect(upstreams.calls.filter((call) => call.operation !== 'ping')).toHaveLength(0);
  });

  it('say an analysis would let Bedrock decide when the classifier is unsure, and route for it', async () => {
    const estimate = await bedrockDecides.query(EstimateCostDocument, { input: { content: EARNINGS } });
    const choice = await bedrockDecides.query(ChooseMethodDocument, { input: { content: EARNINGS } });

    const cost = estimate.data!.estimateCost;
    expect(cost.typeDetection).toMatchObject({ source: 'CLASSIFIER', type: 'FINANCIAL' });
    const hybrid = cost.methods.find((method) => method.method === 'HYBRID');
    expect(hybrid!.notes.join(' ')).toContain("an analysis lets Bedrock's first pass decide it");
    const sagemakerOnly = cost.methods.find((method) => method.method === 'SAGEMAKER_ONLY');
    expect(sagemakerOnly!.notes.join(' ')).toContain("this route runs no Bedrock first pass, so the classifier's guess stands");
    const route = choice.data!.chooseMethod;
    expect(route).toMatchObject({ method: 'HYBRID', architecture: 'STAGED', typeDetection: { source: 'CLASSIFIER', type: 'FINANCIAL' } });
    expect(route.reasons.join(' ')).toContain("the type is unsure, so Bedrock's first pass decides it");
    expect(upstreams.calls.filter((call) => call.operation !== 'ping')).toHaveLength(0);
  });
});
