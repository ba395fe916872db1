import { CloudWatchClient, type MetricDatum, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalUpstreams } from '../../../src/local/services/local-upstreams.js';
import type { LocalUpstreams } from '../../../src/local/services/local-upstreams.types.js';
import { clientConfig, rejectionOf } from './support.js';

describe('local CloudWatch PutMetricData', () => {
  let upstreams: LocalUpstreams;
  let client: CloudWatchClient;

  beforeAll(async () => {
    upstreams = await startLocalUpstreams();
    client = new CloudWatchClient(clientConfig(upstreams.url));
  });

  afterAll(async () => {
    client.destroy();
    await upstreams.close();
  });

  beforeEach(() => upstreams.resetCalls());

  it('stores 150 datums of a gzip-compressed request exactly (names, dimensions, units, values)', async () => {
    // Prepare: large enough (>10 KB) that the SDK compresses the body.
    const timestamp = new Date(Math.floor(Date.now() / 1000) * 1000);
    const datums: MetricDatum[] = Array.from({ length: 150 }, (_, index) => ({
      MetricName: index % 2 === 0 ? 'Latency' : 'Tokens',
      Dimensions: [
        { Name: 'Model', Value: `model-${index % 7}` },
        { Name: 'Operation', Value: 'analyzeDocument' },
      ],
      Unit: index % 2 === 0 ? 'Milliseconds' : 'Count',
      Value: index * 1.5,
      Timestamp: timestamp,
      StorageResolution: 60,
    }));
    datums.push({ MetricName: 'Distribution', Values: [1, 2, 3], Counts: [10, 1, 2], Unit: 'Count' });
    datums.push({ MetricName: 'Stats', StatisticValues: { SampleCount: 3, Sum: 6, Minimum: 1, Maximum: 3 }, Unit: 'None' });
    const before = upstreams.metrics.length;

    // Act
    await client.send(new PutMetricDataCommand({ Namespace: 'AI/Gateway', MetricData: datums }));

    // Assess
    const stored = upstreams.metrics.slice(before);
    expect(stored).toHaveLength(152);
    expect(stored[3]).toEqual({
      namespace: 'AI/Gateway',
      metricName: 'Tokens',
      dimensions: { Model: 'model-3', Operation: 'analyzeDocument' },
      unit: 'Count',
      value: 4.5,
      timestamp: timestamp.getTime(),
    });
    expect(stored.map((datum) => datum.value).slice(0, 150)).toEqual(datums.slice(0, 150).map((datum) => datum.Value));
    expect(stored[150]).toMatchObject({ metricName: 'Distribution', values: [1, 2, 3], counts: [10, 1, 2] });
    expect(stored[151]).toMatchObject({ statisticValues: { SampleCount: 3, Sum: 6, Minimum: 1, Maximum: 3 } });
    expect(upstreams.calls).toMatchObject([{ service: 'cloudwatch', operation: 'PutMetricData', target: '', status: 200 }]);
  });

  it('rejects a NaN value with InvalidParameterValueException and stores nothing', async () => {
    const before = upstreams.metrics.length;

    const error = await rejectionOf(
      client.send(new PutMetricDataCommand({ Namespace: 'AI/Gateway', MetricData: [{ MetricName: 'Latency', Value: Number.NaN }] })),
    );

    expect(error.name).toBe('InvalidParameterValueException');
    expect(error.message).toBe('The value NaN for parameter MetricData.member.1.Value is invalid.');
    expect(upstreams.metrics.length).toBe(before);
  });

  it('rejects more than 30 dimensions, a reserved AWS/ namespace and an incomplete StatisticValues', async () => {
    const dimensions = Array.from({ length: 31 }, (_, index) => ({ Name: `d${index}`, Value: 'v' }));

    const tooMany = await rejectionOf(
      client.send(
        new PutMetricDataCommand({ Namespace: 'AI/Gateway', MetricData: [{ MetricName: 'M', Value: 1, Dimensions: dimensions }] }),
      ),
    );
    const reserved = await rejectionOf(
      client.send(new PutMetricDataCommand({ Namespace: 'AWS/Lambda', MetricData: [{ MetricName: 'M', Value: 1 }] })),
    );
    const incomplete = await rejectionOf(
      client.send(
        new PutMetricDataCommand({
          Namespace: 'AI/Gateway',
          MetricData: [{ MetricName: 'M', StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1 } as never }],
        }),
      ),
    );

    expect(tooMany.name).toBe('InvalidParameterValueException');
    expect(reserved.name).toBe('InvalidParameterValueException');
    expect(incomplete.name).toBe('MissingRequiredParameterException');
    expect(incomplete.message).toBe('The parameter MetricData.member.1.StatisticValues.Maximum is required.');
  });

  it('accepts the older awsQuery form and answers XML', async () => {
    const before = upstreams.metrics.length;
    const form = new URLSearchParams({
      Action: 'PutMetricData',
      Version: '2010-08-01',
      Namespace: 'Legacy/App',
      'MetricData.member.1.MetricName': 'Requests',
      'MetricData.member.1.Value': '3',
      'MetricData.member.1.Unit': 'Count',
      'MetricData.member.1.Dimensions.member.1.Name': 'Stage',
      'MetricData.member.1.Dimensions.member.1.Value': 'prod',
    });

    const response = await fetch(`${upstreams.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=00',
      },
      body: form.toString(),
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^<PutMetricDataResponse xmlns="http:\/\/monitoring.amazonaws.com\/doc\/2010-08-01\/">/);
    expect(upstreams.metrics.slice(before)).toEqual([
      { namespace: 'Legacy/App', metricName: 'Requests', dimensions: { Stage: 'prod' }, unit: 'Count', value: 3 },
    ]);
  });
});
