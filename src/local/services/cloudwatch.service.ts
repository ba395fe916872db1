/**
 * CloudWatch PutMetricData: awsJson1_0 with query compatibility (current SDKs) and the awsQuery form
 * (older SDKs), validated against the documented limits; accepted datums are kept for tests.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { cloudWatchError, queryCompatJsonError, queryXmlError } from './aws-errors.js';
import type { ReceivedMetricDatum } from './local-upstreams.types.js';
import { authVerdict, headerValue, isObject, type LocalService, type RouteMatch, type WireRequest, type WireResponse } from './wire.js';

export const CLOUDWATCH_MAX_BODY_BYTES = 1_048_576;
/** Guards gunzip against a compression bomb; 1,000 datums of the largest legal shape stay far below it. */
const MAX_INFLATED_BYTES = 64 * 1_048_576;
const TARGET_PREFIX = 'GraniteServiceVersion20100801.';
const MAX_DATUMS = 1000;
const MAX_DIMENSIONS = 30;
const MAX_VALUES = 150;
const VALUE_LIMIT = 2 ** 360;
const TWO_WEEKS_MS = 14 * 24 * 3600 * 1000;
const TWO_HOURS_MS = 2 * 3600 * 1000;

/** The units CloudWatch accepts (PutMetricData's StandardUnit); EMF uses the same list. */
export const CLOUDWATCH_UNITS: ReadonlySet<string> = new Set([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
]);

/** A CloudWatch error decided during validation, answered in whichever protocol the request used. */
class CloudWatchFault extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (parameter: string, value: unknown): CloudWatchFault =>
  new CloudWatchFault('InvalidParameterValue', `The value ${String(value)} for parameter ${parameter} is invalid.`);
const missing = (parameter: string): CloudWatchFault => new CloudWatchFault('MissingParameter', `The parameter ${parameter} is required.`);
const combination = (first: string, second: string): CloudWatchFault =>
  new CloudWatchFault(
    'InvalidParameterCombination',
    `The parameters ${first} and ${second} are mutually exclusive and you have specified both.`,
  );

/** The JSON protocol writes non-finite doubles as the strings "NaN", "Infinity", "-Infinity". */
function metricNumber(value: unknown, parameter: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || Math.abs(number) > VALUE_LIMIT) {
    throw invalid(parameter, value);
  }
  return number;
}

function numberList(value: unknown, parameter: string): number[] {
  if (!Array.isArray(value)) throw invalid(parameter, value);
  if (value.length > MAX_VALUES) {
    throw new CloudWatchFault('InvalidParameterValue', `The collection ${parameter} must not have a size greater than ${MAX_VALUES}.`);
  }
  return value.map((item, index) => metricNumber(item, `${parameter}.member.${index + 1}`));
}

/** Epoch seconds (JSON protocol) or an ISO string (query protocol) -> epoch milliseconds. */
function timestampMs(value: unknown, parameter: string): number {
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw invalid(parameter, value);
  const now = Date.now();
  if (ms < now - TWO_WEEKS_MS || ms > now + TWO_HOURS_MS) {
    throw new CloudWatchFault(
      'InvalidParameterValue',
      `The parameter ${parameter} must specify a time no more than two weeks in the past and no more than two hours in the future.`,
    );
  }
  return ms;
}

function parseDatum(namespace: string, raw: unknown, index: number): ReceivedMetricDatum {
  const path = `MetricData.member.${index + 1}`;
  if (!isObject(raw)) throw invalid(path, raw);
  if (typeof raw.MetricName !== 'string' || raw.MetricName.length === 0) throw missing(`${path}.MetricName`);
  if (raw.MetricName.length > 255) throw invalid(`${path}.MetricName`, raw.MetricName);
  const datum: ReceivedMetricDatum = { namespace, metricName: raw.MetricName, dimensions: {} };

  const dimensions = raw.Dimensions ?? [];
  if (!Array.isArray(dimensions)) throw invalid(`${path}.Dimensions`, dimensions);
  if (dimensions.length > MAX_DIMENSIONS) {
    throw new CloudWatchFault(
      'InvalidParameterValue',
      `The collection ${path}.Dimensions must not have a size greater than ${MAX_DIMENSIONS}.`,
    );
  }
  dimensions.forEach((dimension, d) => {
    const dimensionPath = `${path}.Dimensions.member.${d + 1}`;
    if (!isObject(dimension)) throw invalid(dimensionPath, dimension);
    if (typeof dimension.Name !== 'string') throw missing(`${dimensionPath}.Name`);
    if (typeof dimension.Value !== 'string') throw missing(`${dimensionPath}.Value`);
    if (dimension.Name.length < 1 || dimension.Name.length > 255) throw invalid(`${dimensionPath}.Name`, dimension.Name);
    if (dimension.Value.length < 1 || dimension.Value.length > 1024) throw invalid(`${dimensionPath}.Value`, dimension.Value);
    datum.dimensions[dimension.Name] = dimension.Value;
  });

  if (raw.Value !== undefined && raw.Values !== undefined) throw combination(`${path}.Value`, `${path}.Values`);
  if (raw.Value !== undefined && raw.StatisticValues !== undefined) throw combination(`${path}.Value`, `${path}.StatisticValues`);
  if (raw.Values !== undefined && raw.StatisticValues !== undefined) throw combination(`${path}.Values`, `${path}.StatisticValues`);
  if (raw.Value !== undefined) datum.value = metricNumber(raw.Value, `${path}.Value`);
  if (raw.Values !== undefined) datum.values = numberList(raw.Values, `${path}.Values`);
  if (raw.Counts !== undefined) {
    datum.counts = numberList(raw.Counts, `${path}.Counts`);
    if (datum.counts.length !== (datum.values?.length ?? -1)) {
      throw new CloudWatchFault('InvalidParameterValue', `The parameters ${path}.Values and ${path}.Counts must be of the same size.`);
    }
  }
  if (raw.StatisticValues !== undefined) {
    const stats = raw.StatisticValues;
    if (!isObject(stats)) throw invalid(`${path}.StatisticValues`, stats);
    const read = (key: 'SampleCount' | 'Sum' | 'Minimum' | 'Maximum'): number => {
      if (stats[key] === undefined) throw missing(`${path}.StatisticValues.${key}`);
      return metricNumber(stats[key], `${path}.StatisticValues.${key}`);
    };
    datum.statisticValues = { SampleCount: read('SampleCount'), Sum: read('Sum'), Minimum: read('Minimum'), Maximum: read('Maximum') };
  }
  if (raw.Unit !== undefined) {
    if (typeof raw.Unit !== 'string' || !CLOUDWATCH_UNITS.has(raw.Unit)) throw invalid(`${path}.Unit`, raw.Unit);
    datum.unit = raw.Unit;
  }
  if (raw.StorageResolution !== undefined) {
    const resolution = Number(raw.StorageResolution);
    if (resolution !== 1 && resolution !== 60) throw invalid(`${path}.StorageResolution`, raw.StorageResolution);
  }
  if (raw.Timestamp !== undefined) datum.timestamp = timestampMs(raw.Timestamp, `${path}.Timestamp`);
  return datum;
}

/** Validates a whole PutMetricData input (JSON member names) and returns the datums to store. */
export function parsePutMetricData(input: unknown): ReceivedMetricDatum[] {
  if (!isObject(input)) throw new CloudWatchFault('SerializationException', 'Could not parse the request body.');
  const namespace = input.Namespace;
  if (typeof namespace !== 'string' || namespace.length === 0) throw missing('Namespace');
  if (namespace.length > 255) throw invalid('Namespace', namespace);
  if (namespace.startsWith('AWS/')) {
    throw new CloudWatchFault(
      'InvalidParameterValue',
      `The value ${namespace} for parameter Namespace is invalid. Namespaces starting with AWS/ are reserved for AWS services.`,
    );
  }
  const metricData = input.MetricData ?? [];
  if (!Array.isArray(metricData)) throw invalid('MetricData', metricData);
  const entityData = Array.isArray(input.EntityMetricData) ? input.EntityMetricData : [];
  const entityDatums = entityData.flatMap((entry) => (isObject(entry) && Array.isArray(entry.MetricData) ? entry.MetricData : []));
  if (metricData.length + entityDatums.length === 0) throw missing('MetricData');
  if (metricData.length + entityDatums.length > MAX_DATUMS) {
    throw new CloudWatchFault('InvalidParameterValue', `The collection MetricData must not have a size greater than ${MAX_DATUMS}.`);
  }
  return [...metricData, ...entityDatums].map((raw, index) => parseDatum(namespace, raw, index));
}

/** awsQuery `MetricData.member.1.Dimensions.member.2.Name=x` -> the JSON protocol's nested shape (values stay strings). */
export function queryToJsonInput(params: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (key !== 'Action' && key !== 'Version') setQueryPath(root, key.split('.'), value);
  }
  return root;
}

function setQueryPath(root: Record<string, unknown>, parts: readonly string[], value: string): void {
  let node = root;
  for (let i = 0; i < parts.length; i += 1) {
    const key = parts[i] ?? '';
    if (parts[i + 1] === 'member') {
      const index = Number(parts[i + 2]) - 1;
      if (!Number.isInteger(index) || index < 0 || index >= MAX_DATUMS * MAX_VALUES) return;
      const existing = node[key];
      const list: unknown[] = Array.isArray(existing) ? existing : [];
      node[key] = list;
      if (i + 2 === parts.length - 1) {
        list[index] = value;
        return;
      }
      const item = list[index];
      const next: Record<string, unknown> = isObject(item) ? item : {};
      list[index] = next;
      node = next;
      i += 2;
      continue;
    }
    if (i === parts.length - 1) {
      node[key] = value;
      return;
    }
    const existing = node[key];
    const next: Record<string, unknown> = isObject(existing) ? existing : {};
    node[key] = next;
    node = next;
  }
}

export class CloudWatchService implements LocalService {
  readonly name = 'cloudwatch' as const;

  constructor(private readonly store: (datums: readonly ReceivedMetricDatum[]) => void) {}

  match(method: string, path: string, headers: IncomingHttpHeaders): RouteMatch | undefined {
    if (method !== 'POST' || path !== '/') return undefined;
    const target = headerValue(headers, 'x-amz-target');
    const contentType = headerValue(headers, 'content-type') ?? '';
    let operation: string;
    if (target) operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    else if (contentType.startsWith('application/x-www-form-urlencoded')) operation = 'query';
    else return undefined;
    return { service: 'cloudwatch', operation, target: '', maxBodyBytes: CLOUDWATCH_MAX_BODY_BYTES, requiresAuth: true };
  }

  handle(req: WireRequest, route: RouteMatch): WireResponse {
    const query = isQuery(req);
    try {
      const body = inflate(req);
      let input: unknown;
      if (query) {
        const params = new URLSearchParams(body.toString('utf8'));
        const action = params.get('Action');
        route.operation = action ?? 'query';
        if (action !== 'PutMetricData') {
          throw new CloudWatchFault('InvalidAction', `The action ${action ?? '(none)'} is not valid for this web service.`);
        }
        input = queryToJsonInput(params);
      } else {
        const target = headerValue(req.headers, 'x-amz-target') ?? '';
        if (target !== `${TARGET_PREFIX}PutMetricData`) {
          throw new CloudWatchFault('UnknownOperationException', `Operation ${target} is not supported by this local service.`);
        }
        try {
          input = JSON.parse(body.toString('utf8'));
        } catch {
          throw new CloudWatchFault('SerializationException', 'Could not parse the request body as JSON.');
        }
      }
      this.store(parsePutMetricData(input));
    } catch (error) {
      if (error instanceof CloudWatchFault) return this.errorResponse(error.code, req, route, error.message);
      throw error;
    }
    if (query) {
      const xml =
        '<PutMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">' +
        `<ResponseMetadata><RequestId>${req.requestId}</RequestId></ResponseMetadata></PutMetricDataResponse>`;
      return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': req.requestId }, body: xml };
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': req.requestId },
      body: '{}',
    };
  }

  errorResponse(name: string, req: WireRequest, _route: RouteMatch, message?: string): WireResponse {
    const spec = cloudWatchError(name);
    return isQuery(req) ? queryXmlError(spec, req.requestId, message) : queryCompatJsonError(spec, req.requestId, message);
  }

  malformedResponse(req: WireRequest): WireResponse {
    return {
      status: 200,
      headers: { 'content-type': 'text/html', 'x-amzn-requestid': req.requestId },
      body: '<html><body><h1>Service Unavailable</h1></body></html>',
    };
  }

  tooLargeResponse(req: WireRequest, route: RouteMatch, size: number): WireResponse {
    return this.errorResponse('RequestEntityTooLarge', req, route, `Request size ${size} exceeded ${CLOUDWATCH_MAX_BODY_BYTES} bytes`);
  }

  unauthenticatedResponse(req: WireRequest, route: RouteMatch): WireResponse | undefined {
    const verdict = authVerdict(req.headers, false);
    if (verdict === 'ok') return undefined;
    return this.errorResponse(verdict === 'missing' ? 'MissingAuthenticationToken' : 'IncompleteSignature', req, route);
  }

  countInstances(): number {
    return 1;
  }
}

function isQuery(req: WireRequest): boolean {
  return (
    !headerValue(req.headers, 'x-amz-target') &&
    (headerValue(req.headers, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded')
  );
}

function inflate(req: WireRequest): Buffer {
  const encoding = (headerValue(req.headers, 'content-encoding') ?? '').toLowerCase();
  if (!encoding.split(',').some((part) => part.trim() === 'gzip')) return req.body;
  try {
    return gunzipSync(req.body, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch {
    throw new CloudWatchFault('SerializationException', 'The request body could not be decompressed as gzip.');
  }
}
