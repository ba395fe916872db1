/** Readers for what the sinks produce: Prometheus text exposition and EMF events, checked against their specs. */
import { CLOUDWATCH_UNITS } from '../../src/local/services/cloudwatch.service.js';
import type { RequestObservation } from '../../src/metrics/request-observation.js';

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PromExposition {
  samples: PromSample[];
  types: Map<string, string>;
  /** Sum of the samples of `name` whose labels include `match`. */
  sum(name: string, match?: Record<string, string>): number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;

/** Parses the Prometheus text format 0.0.4; throws on any line that does not conform. */
export function parsePrometheus(text: string): PromExposition {
  const samples: PromSample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ')) continue;
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      if (!name || !['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(type ?? '')) throw new Error(`bad TYPE line: ${line}`);
      types.set(name, type ?? '');
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`bad sample line: ${line}`);
    const [, name = '', rawLabels = '', rawValue = ''] = match;
    const labels: Record<string, string> = {};
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < rawLabels.length) {
      const label = LABEL.exec(rawLabels);
      if (!label) throw new Error(`bad labels: ${rawLabels}`);
      labels[label[1] ?? ''] = (label[2] ?? '').replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    const value = rawValue === '+Inf' ? Number.POSITIVE_INFINITY : rawValue === '-Inf' ? Number.NEGATIVE_INFINITY : Number(rawValue);
    if (Number.isNaN(value) && rawValue !== 'NaN') throw new Error(`bad value: ${line}`);
    const family = name.replace(/_(bucket|sum|count)$/, '');
    if (!types.has(name) && !types.has(family)) throw new Error(`sample without TYPE: ${name}`);
    samples.push({ name, labels, value });
  }
  return {
    samples,
    types,
    sum(name, match = {}) {
      return samples
        .filter((sample) => sample.name === name && Object.entries(match).every(([key, value]) => sample.labels[key] === value))
        .reduce((sum, sample) => sum + sample.value, 0);
    },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The EMF specification's rules (aws-protocols.md §4): returns the violations of one log line, none
 * when it is a valid EMF event.
 */
export function emfViolations(line: string): string[] {
  const problems: string[] = [];
  if (Buffer.byteLength(line) > 1_048_576) problems.push('event over 1 MB');
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    return ['not JSON'];
  }
  if (!isRecord(event)) return ['not an object'];
  const aws = event._aws;
  if (!isRecord(aws)) return ['no _aws object'];
  if (typeof aws.Timestamp !== 'number' || !Number.isInteger(aws.Timestamp)) problems.push('Timestamp is not an integer');
  // Epoch milliseconds, not seconds: after 2001 in ms is > 1e12.
  else if (aws.Timestamp < 1e12) problems.push('Timestamp is not in milliseconds');
  if (!Array.isArray(aws.CloudWatchMetrics)) return [...problems, 'CloudWatchMetrics is not an array'];
  for (const directive of aws.CloudWatchMetrics) {
    if (!isRecord(directive)) {
      problems.push('directive is not an object');
      continue;
    }
    if (typeof directive.Namespace !== 'string' || directive.Namespace.length === 0) problems.push('Namespace missing');
    if (!Array.isArray(directive.Dimensions)) problems.push('Dimensions is not an array');
    else {
      for (const set of directive.Dimensions) {
        if (!Array.isArray(set)) problems.push('a dimension set is not an array');
        else if (set.length > 30) problems.push('a dimension set has more than 30 keys');
        else {
          for (const key of set) {
            const value = typeof key === 'string' ? event[key] : undefined;
            if (typeof value !== 'string') problems.push(`dimension ${String(key)} is not a top-level string member`);
            else if (value.length === 0 || value.length > 1024) problems.push(`dimension ${key} value length out of range`);
          }
        }
      }
    }
    if (!Array.isArray(directive.Metrics)) problems.push('Metrics is not an array');
    else {
      if (directive.Metrics.length > 100) problems.push('more than 100 metrics in a directive');
      for (const metric of directive.Metrics) {
        if (!isRecord(metric) || typeof metric.Name !== 'string') {
          problems.push('metric definition without Name');
          continue;
        }
        if (metric.Unit !== undefined && (typeof metric.Unit !== 'string' || !CLOUDWATCH_UNITS.has(metric.Unit)))
          problems.push(`bad Unit ${String(metric.Unit)}`);
        if (metric.StorageResolution !== undefined && metric.StorageResolution !== 1 && metric.StorageResolution !== 60)
          problems.push('bad StorageResolution');
        const value = event[metric.Name];
        const valid = (n: unknown) => typeof n === 'number' && Number.isFinite(n);
        if (Array.isArray(value)) {
          if (value.length > 100) problems.push(`${metric.Name} has more than 100 values`);
          if (!value.every(valid)) problems.push(`${metric.Name} has a non-numeric value`);
        } else if (!valid(value)) problems.push(`${metric.Name} is not a top-level number`);
      }
    }
  }
  return problems;
}

/** A complete observation with sensible values; override what the test is about. */
export function observation(overrides: Partial<RequestObservation> = {}): RequestObservation {
  return {
    requestId: 'req-1',
    operation: 'Analyze',
    operationType: 'query',
    tenant: 'anonymous',
    startedAt: Date.now(),
    latencyMs: 420,
    errorCodes: [],
    upstreamCalls: [],
    cacheLookups: [],
    analyses: [],
    coalescedWaits: { bedrock: 0, sagemaker: 0 },
    ...overrides,
  };
}
