import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.errors.js';
import { loadConfig } from '../../src/config/config.load.js';

describe('loadConfig', () => {
  it('uses the embedded local services when no AWS region and credentials are set', () => {
    const config = loadConfig({});
    expect(config.aws.local).toEqual({ enabled: true, bedrock: true, sagemaker: true, cloudwatch: true });
    expect(config.server.port).toBe(4000);
    expect(config.limits.maxContentBytes).toBe(1024 * 1024);
    expect(config.sagemaker.endpoints.LEGAL.name).toBe('legal-document-analyzer');
    expect(config.mode).toBe('development');
  });

  it('uses AWS when a region and credentials are present', () => {
    const config = loadConfig({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 'x' });
    expect(config.aws.local.enabled).toBe(false);
    expect(config.aws.region).toBe('eu-west-1');
  });

  it('never replaces a service whose endpoint the SDK variables set', () => {
    const config = loadConfig({ AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:9' });
    expect(config.aws.local).toEqual({ enabled: true, bedrock: false, sagemaker: true, cloudwatch: true });
    expect(loadConfig({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }).aws.local.enabled).toBe(false);
  });

  it('forces local services on or off with LOCAL_UPSTREAMS', () => {
    expect(loadConfig({ LOCAL_UPSTREAMS: 'off' }).aws.local.enabled).toBe(false);
    expect(loadConfig({ LOCAL_UPSTREAMS: 'on', AWS_REGION: 'us-east-1', AWS_PROFILE: 'p' }).aws.local.enabled).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ MAX_CONTENT_BYTES: '-1' }, 'MAX_CONTENT_BYTES'],
    [{ SAGEMAKER_ENDPOINT_LEGAL: 'bad_name!' }, 'SAGEMAKER_ENDPOINT_LEGAL'],
    [{ SAGEMAKER_UTILISATION: '1.5' }, 'SAGEMAKER_UTILISATION'],
    [{ LOCAL_UPSTREAMS: 'maybe' }, 'LOCAL_UPSTREAMS'],
    [{ SAGEMAKER_INSTANCE_TYPE: 'ml.unknown.huge' }, 'SAGEMAKER_INSTANCE_TYPE'],
    [{ PRICING_FILE: '/nonexistent/prices.json' }, 'PRICING_FILE'],
  ])('rejects %o naming the setting %s', (env, setting) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(setting);
  });

  it('reads production mode from NODE_ENV or GATEWAY_MODE', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).mode).toBe('production');
    expect(loadConfig({ NODE_ENV: 'production', GATEWAY_MODE: 'development' }).mode).toBe('development');
  });
});
