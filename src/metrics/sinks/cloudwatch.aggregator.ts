/**
 * The CloudWatch sink's bounded buffer: samples of one metric + unit + dimension set are aggregated
 * into one datum as `Values`/`Counts` (keeping percentiles, unlike `StatisticValues`), up to 150
 * distinct values a datum; then split into PutMetricData calls under the per-call limits.
 */
import type { MetricDatum as SdkMetricDatum } from '@aws-sdk/client-cloudwatch';
import type { MetricDatum, MetricUnit } from '../metric-datums.js';

/** PutMetricData limits (CloudWatch quotas; see aws-protocols.md §4). */
export const PUT_METRIC_DATA_LIMITS = {
  datumsPerCall: 1000,
  /** 1 MB per request; the margin covers the envelope and the SDK's own members. */
  bytesPerCall: 1_000_000 - 4_096,
  dimensionsPerDatum: 30,
  valuesPerDatum: 150,
  dimensionValueChars: 1024,
} as const;

export interface AggregatedDatum {
  name: string;
  unit: MetricUnit;
  dimensions: Array<{ Name: string; Value: string }>;
  /** First sample's time, epoch ms. */
  timestampMs: number;
  values: number[];
  counts: number[];
  /** Failed sends so far. */
  attempts: number;
}

interface OpenDatum {
  datum: AggregatedDatum;
  index: Map<number, number>;
}

/** CloudWatch keeps about 3 significant digits in a histogram; 0.1 ms keeps Values/Counts compact. */
function normalise(unit: MetricUnit, value: number): number {
  return unit === 'Milliseconds' ? Math.round(value * 10) / 10 : value;
}

function dimensionsOf(datum: MetricDatum): Array<{ Name: string; Value: string }> {
  return Object.entries(datum.dimensions)
    .filter(([, value]) => value.length > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, PUT_METRIC_DATA_LIMITS.dimensionsPerDatum)
    .map(([Name, value]) => ({ Name, Value: value.slice(0, PUT_METRIC_DATA_LIMITS.dimensionValueChars) }));
}

export class DatumAggregator {
  private open = new Map<string, OpenDatum>();
  private sealed: AggregatedDatum[] = [];

  /** @param maxDatums aggregated datums held at most (open and sealed) */
  constructor(private readonly maxDatums: number) {}

  /** Datums held (each becomes one MetricDatum of a call). */
  get size(): number {
    return this.open.size + this.sealed.length;
  }

  /** False when the sample was dropped because the buffer is full. */
  add(sample: MetricDatum, atMs: number): boolean {
    const dimensions = dimensionsOf(sample);
    const key = `${sample.name}\u0000${sample.unit}\u0000${dimensions.map((d) => `${d.Name}=${d.Value}`).join('\u0000')}`;
    const value = normalise(sample.unit, sample.value);
    let open = this.open.get(key);
    if (open) {
      const at = open.index.get(value);
      if (at !== undefined) {
        open.datum.counts[at] = (open.datum.counts[at] ?? 0) + 1;
        return true;
      }
      if (open.datum.values.length < PUT_METRIC_DATA_LIMITS.valuesPerDatum) {
        open.index.set(value, open.datum.values.length);
        open.datum.values.push(value);
        open.datum.counts.push(1);
        return true;
      }
    }
    // A new datum is needed (a new key, or the open one has 150 values and is sealed): one more slot.
    if (this.size + 1 > this.maxDatums) return false;
    if (open) this.sealed.push(open.datum);
    open = {
      datum: { name: sample.name, unit: sample.unit, dimensions, timestampMs: atMs, values: [value], counts: [1], attempts: 0 },
      index: new Map([[value, 0]]),
    };
    this.open.set(key, open);
    return true;
  }

  /** Everything held, oldest first; the buffer is empty afterwards. */
  drain(): AggregatedDatum[] {
    const all = [...this.sealed, ...[...this.open.values()].map((open) => open.datum)];
    this.sealed = [];
    this.open = new Map();
    return all;
  }

  /** Puts failed datums back (ahead of newer ones) while there is room; returns the samples that did not fit. */
  requeue(datums: readonly AggregatedDatum[]): number {
    let lost = 0;
    const room = Math.max(0, this.maxDatums - this.size);
    const kept = datums.slice(0, room);
    for (const datum of datums.slice(room)) lost += samplesIn(datum);
    this.sealed = [...kept, ...this.sealed];
    return lost;
  }
}

export function samplesIn(datum: AggregatedDatum): number {
  return datum.counts.reduce((sum, count) => sum + count, 0);
}

export function toSdkDatum(datum: AggregatedDatum): SdkMetricDatum {
  return {
    MetricName: datum.name,
    Dimensions: datum.dimensions,
    Timestamp: new Date(datum.timestampMs),
    Unit: datum.unit,
    Values: datum.values,
    Counts: datum.counts,
  };
}

/** JSON size of the datum as the awsJson1_0 protocol writes it (Timestamp in epoch seconds). */
function wireBytes(datum: AggregatedDatum): number {
  const wire = {
    MetricName: datum.name,
    Dimensions: datum.dimensions,
    Timestamp: datum.timestampMs / 1000,
    Unit: datum.unit,
    Values: datum.values,
    Counts: datum.counts,
  };
  return Buffer.byteLength(JSON.stringify(wire)) + 1;
}

/** Splits datums into PutMetricData calls of at most 1,000 datums and about 1 MB each, keeping order. */
export function planCalls(datums: readonly AggregatedDatum[], limits = PUT_METRIC_DATA_LIMITS): AggregatedDatum[][] {
  const calls: AggregatedDatum[][] = [];
  let current: AggregatedDatum[] = [];
  let bytes = 0;
  for (const datum of datums) {
    const size = wireBytes(datum);
    if (current.length > 0 && (current.length >= limits.datumsPerCall || bytes + size > limits.bytesPerCall)) {
      calls.push(current);
      current = [];
      bytes = 0;
    }
    current.push(datum);
    bytes += size;
  }
  if (current.length > 0) calls.push(current);
  return calls;
}
