/** The CloudWatch buffer: aggregation into Values/Counts, its bound, and splitting into calls under the limits. */
import { describe, expect, it } from 'vitest';
import {
  DatumAggregator,
  PUT_METRIC_DATA_LIMITS,
  planCalls,
  samplesIn,
  toSdkDatum,
} from '../../src/metrics/sinks/cloudwatch.aggregator.js';

const sample = (name: string, value: number, dimensions: Record<string, string> = { Service: 'gateway' }) => ({
  name,
  unit: 'Milliseconds' as const,
  dimensions,
  value,
});

describe('DatumAggregator', () => {
  it('aggregates samples of one metric and dimension set into one datum of Values and Counts', () => {
    const buffer = new DatumAggregator(100);
    for (const value of [10, 20, 10, 10.04, 30]) buffer.add(sample('ProcessingTime', value), 1_000);
    buffer.add(sample('ProcessingTime', 5, { Service: 'bedrock' }), 2_000);

    const datums = buffer.drain();

    expect(datums).toHaveLength(2);
    // 10.04 ms rounds to 10.0 ms: CloudWatch keeps ~3 significant digits anyway.
    expect(datums[0]).toMatchObject({ name: 'ProcessingTime', values: [10, 20, 30], counts: [3, 1, 1], timestampMs: 1_000 });
    expect(toSdkDatum(datums[1]!)).toEqual({
      MetricName: 'ProcessingTime',
      Dimensions: [{ Name: 'Service', Value: 'bedrock' }],
      Timestamp: new Date(2_000),
      Unit: 'Milliseconds',
      Values: [5],
      Counts: [1],
    });
    expect(buffer.size).toBe(0);
  });

  it('treats dimension order as irrelevant (sorted by name)', () => {
    const buffer = new DatumAggregator(100);
    buffer.add(sample('Analyses', 1, { Method: 'HYBRID', DocumentType: 'LEGAL' }), 0);
    buffer.add(sample('Analyses', 1, { DocumentType: 'LEGAL', Method: 'HYBRID' }), 0);
    const [datum] = buffer.drain();
    expect(datum?.dimensions).toEqual([
      { Name: 'DocumentType', Value: 'LEGAL' },
      { Name: 'Method', Value: 'HYBRID' },
    ]);
    expect(datum?.counts).toEqual([2]);
  });

  it('starts a new datum after 150 distinct values (the per-datum limit)', () => {
    const buffer = new DatumAggregator(100);
    for (let value = 0; value < 400; value++) buffer.add(sample('ProcessingTime', value), 0);
    const datums = buffer.drain();
    expect(datums.map((datum) => datum.values.length)).toEqual([150, 150, 100]);
    expect(datums.reduce((sum, datum) => sum + samplesIn(datum), 0)).toBe(400);
  });

  it('drops samples that would need a datum beyond the bound, and says so', () => {
    const buffer = new DatumAggregator(2);
    expect(buffer.add(sample('A', 1), 0)).toBe(true);
    expect(buffer.add(sample('B', 1), 0)).toBe(true);
    expect(buffer.add(sample('C', 1), 0)).toBe(false);
    // Aggregating into an existing datum still works when full.
    expect(buffer.add(sample('A', 2), 0)).toBe(true);
    expect(buffer.size).toBe(2);
  });

  it('requeues failed datums ahead of new ones while there is room, and reports the samples that did not fit', () => {
    const buffer = new DatumAggregator(3);
    buffer.add(sample('A', 1), 0);
    buffer.add(sample('A', 1), 0);
    const failed = buffer.drain();
    buffer.add(sample('B', 1), 0);
    buffer.add(sample('C', 1), 0);
    expect(buffer.requeue([...failed, ...failed])).toBe(2);
    expect(buffer.drain().map((datum) => datum.name)).toEqual(['A', 'B', 'C']);
  });
});

describe('planCalls', () => {
  const datum = (values: number) => ({
    name: 'ProcessingTime',
    unit: 'Milliseconds' as const,
    dimensions: [{ Name: 'Service', Value: 'gateway' }],
    timestampMs: Date.now(),
    values: Array.from({ length: values }, (_, i) => i + 0.123456789),
    counts: Array.from({ length: values }, () => 1),
    attempts: 0,
  });

  it('puts at most 1,000 datums in a call', () => {
    const calls = planCalls(Array.from({ length: 2_500 }, () => datum(1)));
    expect(calls.map((call) => call.length)).toEqual([1000, 1000, 500]);
  });

  it('keeps every call under 1 MB of JSON', () => {
    const datums = Array.from({ length: 600 }, () => datum(150));
    const calls = planCalls(datums);
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) {
      const body = JSON.stringify({
        Namespace: 'AI/DocumentProcessing',
        MetricData: call.map((d) => ({ ...toSdkDatum(d), Timestamp: d.timestampMs / 1000 })),
      });
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(PUT_METRIC_DATA_LIMITS.bytesPerCall + 4_096);
    }
    expect(calls.flat()).toHaveLength(600);
  });
});
