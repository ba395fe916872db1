/** The CloudWatch metrics of a request: names, units, dimension sets and values, as a table. */
import { describe, expect, it } from 'vitest';
import { Architecture, DocumentType, ProcessingMethod } from '../../src/domain.js';
import { datumsFor } from '../../src/metrics/metric-datums.js';
import { observation } from './support.js';

const analysis = {
  documentType: DocumentType.LEGAL,
  method: ProcessingMethod.HYBRID,
  architecture: Architecture.STAGED,
  estimatedUsd: 0.0004,
  actualUsd: 0.0003,
  latencyMs: 380,
  errorCodes: [],
};

describe('datumsFor', () => {
  it('records the whole request as Service=gateway: time, success and one Errors datum per error code', () => {
    const datums = datumsFor(observation({ latencyMs: 12.5, errorCodes: ['BAD_USER_INPUT', 'BAD_USER_INPUT'] }), {
      tenantDimension: false,
    });
    expect(datums).toEqual([
      { name: 'ProcessingTime', unit: 'Milliseconds', dimensions: { Service: 'gateway' }, value: 12.5 },
      { name: 'ProcessingSuccess', unit: 'Count', dimensions: { Service: 'gateway' }, value: 0 },
      { name: 'Errors', unit: 'Count', dimensions: { Service: 'gateway', ErrorCode: 'BAD_USER_INPUT' }, value: 1 },
      { name: 'Errors', unit: 'Count', dimensions: { Service: 'gateway', ErrorCode: 'BAD_USER_INPUT' }, value: 1 },
    ]);
  });

  it('records an analysis per document type (the seed metrics) and per method and architecture', () => {
    const datums = datumsFor(observation({ analyses: [analysis] }), { tenantDimension: false }).slice(2);
    expect(datums).toEqual([
      { name: 'ProcessingTime', unit: 'Milliseconds', dimensions: { Service: 'gateway', DocumentType: 'LEGAL' }, value: 380 },
      { name: 'ProcessingSuccess', unit: 'Count', dimensions: { Service: 'gateway', DocumentType: 'LEGAL' }, value: 1 },
      { name: 'EstimatedCost', unit: 'None', dimensions: { DocumentType: 'LEGAL', Method: 'HYBRID' }, value: 0.0004 },
      { name: 'ActualCost', unit: 'None', dimensions: { DocumentType: 'LEGAL', Method: 'HYBRID' }, value: 0.0003 },
      { name: 'Analyses', unit: 'Count', dimensions: { DocumentType: 'LEGAL', Method: 'HYBRID', Architecture: 'STAGED' }, value: 1 },
    ]);
  });

  it('leaves out ActualCost when the price is unknown (null is not zero)', () => {
    const names = datumsFor(observation({ analyses: [{ ...analysis, actualUsd: null }] }), { tenantDimension: false }).map(
      (datum) => datum.name,
    );
    expect(names).not.toContain('ActualCost');
    expect(names).toContain('EstimatedCost');
  });

  it('records each upstream call per service: time, success, tokens, batch size and error code', () => {
    const datums = datumsFor(
      observation({
        upstreamCalls: [
          { service: 'bedrock', target: 'model', latencyMs: 100, ok: true, batchSize: 1, inputTokens: 50, outputTokens: 20 },
          {
            service: 'sagemaker',
            target: 'legal-document-analyzer',
            latencyMs: 30,
            ok: false,
            errorCode: 'UPSTREAM_THROTTLED',
            batchSize: 4,
          },
        ],
      }),
      { tenantDimension: false },
    ).slice(2);
    expect(datums.map((datum) => [datum.name, datum.dimensions, datum.value])).toEqual([
      ['ProcessingTime', { Service: 'bedrock' }, 100],
      ['ProcessingSuccess', { Service: 'bedrock' }, 1],
      ['UpstreamCalls', { Service: 'bedrock' }, 1],
      ['InputTokens', { Service: 'bedrock' }, 50],
      ['OutputTokens', { Service: 'bedrock' }, 20],
      ['ProcessingTime', { Service: 'sagemaker' }, 30],
      ['ProcessingSuccess', { Service: 'sagemaker' }, 0],
      ['UpstreamCalls', { Service: 'sagemaker' }, 1],
      ['UpstreamErrors', { Service: 'sagemaker', ErrorCode: 'UPSTREAM_THROTTLED' }, 1],
      ['BatchSize', { Service: 'sagemaker' }, 4],
    ]);
  });

  it('records cache lookups as CacheHit 1/0 and coalesced waits per side', () => {
    const datums = datumsFor(
      observation({
        cacheLookups: [
          { side: 'bedrock', hit: true },
          { side: 'sagemaker', hit: false },
        ],
        coalescedWaits: { bedrock: 2, sagemaker: 0 },
      }),
      { tenantDimension: false },
    ).slice(2);
    expect(datums).toEqual([
      { name: 'CacheHit', unit: 'Count', dimensions: { Service: 'bedrock' }, value: 1 },
      { name: 'CacheHit', unit: 'Count', dimensions: { Service: 'sagemaker' }, value: 0 },
      { name: 'CoalescedWaits', unit: 'Count', dimensions: { Service: 'bedrock' }, value: 2 },
    ]);
  });

  it('adds the tenant only when the tenant dimension is on, and never to upstream datums', () => {
    const seen = observation({
      tenant: 'acme',
      analyses: [analysis],
      upstreamCalls: [{ service: 'bedrock', target: 'm', latencyMs: 1, ok: true, batchSize: 1 }],
    });
    expect(datumsFor(seen, { tenantDimension: false }).some((datum) => 'Tenant' in datum.dimensions)).toBe(false);
    const withTenant = datumsFor(seen, { tenantDimension: true });
    expect(withTenant.filter((datum) => datum.dimensions.Tenant === 'acme').map((datum) => datum.name)).toEqual([
      'ProcessingTime',
      'ProcessingSuccess',
      'ProcessingTime',
      'ProcessingSuccess',
      'EstimatedCost',
      'ActualCost',
      'Analyses',
    ]);
  });

  it('skips values CloudWatch would reject (NaN, infinities)', () => {
    expect(datumsFor(observation({ latencyMs: Number.NaN }), { tenantDimension: false }).map((datum) => datum.name)).toEqual([
      'ProcessingSuccess',
    ]);
  });
});
