/**
 * CloudWatch Embedded Metric Format: one JSON log event per dimension-value set, so a Lambda
 * function's stdout becomes metrics without an API call (aws-protocols.md §4).
 */
import type { MetricDatum, MetricUnit } from '../metric-datums.js';

/** EMF limits: metric definitions per directive, values per metric array, keys per dimension set. */
export const EMF_LIMITS = { metricsPerDirective: 100, valuesPerMetric: 100, dimensionsPerSet: 30 } as const;

export interface EmfEvent {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string; Unit: MetricUnit }>;
    }>;
  };
  [member: string]: unknown;
}

export interface EmfContext {
  namespace: string;
  /** Epoch ms. */
  timestamp: number;
  /** Plain (non-dimension) members for correlation in Logs Insights. */
  properties: Readonly<Record<string, string>>;
}

interface Group {
  dimensions: Record<string, string>;
  units: Map<string, MetricUnit>;
  values: Map<string, number[]>;
}

/** Groups datums by their dimension values; a metric seen several times in a group becomes an array. */
export function emfEvents(datums: readonly MetricDatum[], context: EmfContext): EmfEvent[] {
  const groups = new Map<string, Group>();
  for (const datum of datums) {
    const names = Object.keys(datum.dimensions).sort().slice(0, EMF_LIMITS.dimensionsPerSet);
    const key = names.map((name) => `${name}=${datum.dimensions[name]}`).join('\u0000');
    let group = groups.get(key);
    if (!group) {
      group = {
        dimensions: Object.fromEntries(names.map((name) => [name, datum.dimensions[name] ?? ''])),
        units: new Map(),
        values: new Map(),
      };
      groups.set(key, group);
    }
    group.units.set(datum.name, datum.unit);
    const values = group.values.get(datum.name) ?? [];
    values.push(datum.value);
    group.values.set(datum.name, values);
  }
  const events: EmfEvent[] = [];
  for (const group of groups.values()) {
    // Members of one event share the top level: split when a metric has more than 100 values or
    // the group more than 100 metrics.
    const pending = [...group.values].map(([name, values]) => ({ name, values }));
    while (pending.length > 0) {
      const slice = pending.splice(0, EMF_LIMITS.metricsPerDirective);
      const metrics: Record<string, number | number[]> = {};
      for (const metric of slice) {
        const chunk = metric.values.splice(0, EMF_LIMITS.valuesPerMetric);
        metrics[metric.name] = chunk.length === 1 ? (chunk[0] ?? 0) : chunk;
        if (metric.values.length > 0) pending.push(metric);
      }
      events.push({
        ...context.properties,
        _aws: {
          Timestamp: context.timestamp,
          CloudWatchMetrics: [
            {
              Namespace: context.namespace,
              Dimensions: [Object.keys(group.dimensions)],
              Metrics: slice.map((metric) => ({ Name: metric.name, Unit: group.units.get(metric.name) ?? 'None' })),
            },
          ],
        },
        ...group.dimensions,
        ...metrics,
      });
    }
  }
  return events;
}
