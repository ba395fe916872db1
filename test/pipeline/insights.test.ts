import { describe, expect, it } from 'vitest';
import { Confidence, DocumentType } from '../../src/domain.js';
import { ErrorCode, gatewayError } from '../../src/errors.js';
import { integrateInsights } from '../../src/pipeline/insights.js';
import { bedrockResult, sagemakerResult } from '../fixtures/results.js';

const bedrock = bedrockResult;
const sagemaker = sagemakerResult;

describe('integrateInsights', () => {
  it('says the models agree when type and sentiment match, and takes the stronger confidence', () => {
    const insights = integrateInsights({
      requestedType: DocumentType.LEGAL,
      bedrock: { result: bedrock() },
      sagemaker: { result: sagemaker() },
    });
    expect(insights).toMatchObject({ agreement: true, typeAgreement: true, sentimentAgreement: true, confidenceLevel: Confidence.HIGH });
    expect(insights.processingMethods).toEqual(['bedrock:m', 'sagemaker:legal-document-analyzer']);
    expect(insights.recommendations.join(' ')).toContain('uncapped_liability');
  });

  it('says so when Bedrock detects another type than requested, and drops to LOW', () => {
    const insights = integrateInsights({
      requestedType: DocumentType.FINANCIAL,
      bedrock: { result: bedrock({ detectedType: DocumentType.MEDICAL }) },
      sagemaker: { result: sagemaker() },
    });
    expect(insights.typeAgreement).toBe(false);
    expect(insights.agreement).toBe(false);
    expect(insights.confidenceLevel).toBe(Confidence.LOW);
    expect(insights.recommendations[0]).toContain('MEDICAL, not FINANCIAL');
  });

  it('compares sentiment with the financial label when the endpoint reports it there', () => {
    const insights = integrateInsights({
      requestedType: DocumentType.FINANCIAL,
      bedrock: { result: bedrock({ detectedType: DocumentType.FINANCIAL, sentiment: 'positive' }) },
      sagemaker: { result: sagemaker({ label: 'negative', details: {} }) },
    });
    expect(insights.sentimentAgreement).toBe(false);
    expect(insights.recommendations.join(' ')).toContain('Bedrock positive, SageMaker negative');
  });

  it('reports a failed side and keeps the other side as the only method', () => {
    const insights = integrateInsights({
      requestedType: DocumentType.LEGAL,
      bedrock: { error: gatewayError(ErrorCode.UPSTREAM_THROTTLED, 'throttled') },
      sagemaker: { result: sagemaker() },
    });
    expect(insights.processingMethods).toEqual(['sagemaker:legal-document-analyzer']);
    expect(insights.agreement).toBeNull();
    expect(insights.confidenceLevel).toBe(Confidence.STANDARD);
    expect(insights.recommendations.join(' ')).toContain('Bedrock failed (UPSTREAM_THROTTLED)');
  });

  it('is LOW with nothing to compare when both sides failed', () => {
    const error = gatewayError(ErrorCode.UPSTREAM_TIMEOUT, 'late');
    const insights = integrateInsights({ requestedType: DocumentType.GENERAL, bedrock: { error }, sagemaker: { error } });
    expect(insights).toMatchObject({ confidenceLevel: Confidence.LOW, agreement: null, processingMethods: [] });
  });
});
