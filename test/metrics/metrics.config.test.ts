/** The metrics settings read from the environment, and their defaults. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.errors.js';
import { loadConfig } from '../../src/config/config.load.js';

const AWS = { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' };

describe('metrics configuration', () => {
  it.each([
    ['local services (CloudWatch served locally)', {}, ['prometheus', 'cloudwatch']],
    ['real AWS: CloudWatch is opted into', AWS, ['prometheus']],
    ['a CloudWatch endpoint of its own is not the local service', { AWS_ENDPOINT_URL_CLOUDWATCH: 'http://127.0.0.1:1' }, ['prometheus']],
    ['Lambda: EMF on stdout', { ...AWS, AWS_LAMBDA_FUNCTION_NAME: 'gateway' }, ['emf']],
    ['an explicit list, de-duplicated and case-insensitive', { METRICS_SINKS: 'EMF, cloudwatch,emf' }, ['emf', 'cloudwatch']],
    ['none', { METRICS_SINKS: 'none' }, []],
  ])('chooses sinks for %s', (_case, env, sinks) => {
    expect(loadConfig(env).metrics.sinks).toEqual(sinks);
  });

  it('defaults to the seed namespace, no tenant dimension, usage on request only, a 60 s flush and a 10,000-datum buffer', () => {
    expect(loadConfig({}).metrics).toMatchObject({
      namespace: 'AI/DocumentProcessing',
      tenantDimension: false,
      responseUsage: false,
      flushIntervalMs: 60_000,
      maxBufferedDatums: 10_000,
    });
  });

  it('reads every setting', () => {
    const metrics = loadConfig({
      METRICS_NAMESPACE: 'Acme/Gateway',
      METRICS_TENANT_DIMENSION: 'on',
      RESPONSE_USAGE_EXTENSION: 'on',
      METRICS_FLUSH_INTERVAL_MS: '15000',
      METRICS_MAX_BUFFERED_DATUMS: '500',
    }).metrics;
    expect(metrics).toMatchObject({
      namespace: 'Acme/Gateway',
      tenantDimension: true,
      responseUsage: true,
      flushIntervalMs: 15_000,
      maxBufferedDatums: 500,
    });
  });

  it.each([
    [{ METRICS_SINKS: 'statsd' }, 'METRICS_SINKS'],
    [{ METRICS_NAMESPACE: 'AWS/Lambda' }, 'METRICS_NAMESPACE'],
    [{ METRICS_TENANT_DIMENSION: 'yes' }, 'METRICS_TENANT_DIMENSION'],
    [{ METRICS_MAX_BUFFERED_DATUMS: '1' }, 'METRICS_MAX_BUFFERED_DATUMS'],
  ])('refuses %j naming %s', (env, setting) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(setting);
  });
});
