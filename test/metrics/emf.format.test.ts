/** EMF events follow the specification: ms timestamps, top-level members, at most 100 metrics and 100 values. */
import { describe, expect, it } from 'vitest';
import { Architecture, DocumentType, ProcessingMethod } from '../../src/domain.js';
import { datumsFor, type MetricDatum } from '../../src/metrics/metric-datums.js';
import { emfEvents } from '../../src/metrics/sinks/emf.format.js';
import { emfViolations, observation } from './support.js';

const context = { namespace: 'AI/DocumentProcessing', timestamp: 1_767_323_045_678, properties: { requestId: 'req-1' } };

describe('emfEvents', () => {
  it('writes one valid event per dimension-value set, metrics as top-level members', () => {
    const datums = datumsFor(
      observation({
        analyses: [
          {
            documentType: DocumentType.MEDICAL,
            method: ProcessingMethod.HYBRID,
            architecture: Architecture.PARALLEL,
            estimatedUsd: 0.001,
            actualUsd: 0.0008,
            latencyMs: 50,
            errorCodes: [],
          },
        ],
        upstreamCalls: [
          { service: 'bedrock', target: 'm', latencyMs: 40, ok: true, batchSize: 1, inputTokens: 100, outputTokens: 30 },
          { service: 'bedrock', target: 'm', latencyMs: 41, ok: true, batchSize: 1, inputTokens: 90, outputTokens: 31 },
        ],
      }),
      { tenantDimension: false },
    );

    const events = emfEvents(datums, context);

    for (const event of events) expect(emfViolations(JSON.stringify(event))).toEqual([]);
    const bedrock = events.find((event) => event.Service === 'bedrock' && event._aws.CloudWatchMetrics[0]?.Dimensions[0]?.length === 1);
    expect(bedrock).toMatchObject({
      _aws: { Timestamp: 1_767_323_045_678, CloudWatchMetrics: [{ Namespace: 'AI/DocumentProcessing', Dimensions: [['Service']] }] },
      Service: 'bedrock',
      ProcessingTime: [40, 41],
      InputTokens: [100, 90],
      requestId: 'req-1',
    });
    const byMethod = events.find((event) => event.Method === 'HYBRID' && event.Architecture === undefined);
    expect(byMethod).toMatchObject({ DocumentType: 'MEDICAL', EstimatedCost: 0.001, ActualCost: 0.0008 });
    expect(byMethod?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([
      { Name: 'EstimatedCost', Unit: 'None' },
      { Name: 'ActualCost', Unit: 'None' },
    ]);
  });

  it('splits a metric with more than 100 values and a group of more than 100 metrics', () => {
    const many: MetricDatum[] = [
      ...Array.from({ length: 250 }, (_, i) => ({
        name: 'ProcessingTime',
        unit: 'Milliseconds' as const,
        dimensions: { Service: 'gateway' },
        value: i,
      })),
      ...Array.from({ length: 130 }, (_, i) => ({ name: `M${i}`, unit: 'Count' as const, dimensions: { Service: 'gateway' }, value: 1 })),
    ];

    const events = emfEvents(many, context);

    for (const event of events) expect(emfViolations(JSON.stringify(event))).toEqual([]);
    const times = events.flatMap((event) => (event.ProcessingTime === undefined ? [] : [event.ProcessingTime as number[]]));
    expect(times.map((values) => values.length)).toEqual([100, 100, 50]);
    expect(events.reduce((sum, event) => sum + event._aws.CloudWatchMetrics[0]!.Metrics.length, 0)).toBe(131 + 2);
  });

  it('is caught by the validator when broken (seconds timestamps, nested members, 101 metrics)', () => {
    const base = {
      _aws: { Timestamp: 1_767_323_045, CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [['Service']], Metrics: [{ Name: 'X' }] }] },
      nested: { Service: 'a' },
    };
    expect(emfViolations(JSON.stringify(base))).toEqual([
      'Timestamp is not in milliseconds',
      'dimension Service is not a top-level string member',
      'X is not a top-level number',
    ]);
  });
});
