import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.errors.js';
import { loadContainerConfig, loadLocalServicesConfig } from '../../src/config/local.config.js';

describe('loadLocalServicesConfig', () => {
  it('defaults to LocalStack’s edge port on loopback, without faults', () => {
    // Act
    const config = loadLocalServicesConfig({});

    // Assess
    expect(config).toEqual({ host: '127.0.0.1', port: 4566, faults: [] });
  });

  it('reads HOST, PORT and LOCAL_FAULTS', () => {
    // Act
    const config = loadLocalServicesConfig({
      HOST: '0.0.0.0',
      PORT: '0',
      LOCAL_FAULTS: '[{"service":"bedrock","errorType":"ThrottlingException","times":2}]',
    });

    // Assess
    expect(config).toEqual({ host: '0.0.0.0', port: 0, faults: [{ service: 'bedrock', errorType: 'ThrottlingException', times: 2 }] });
  });

  it.each([
    ['PORT', { PORT: 'not-a-port' }],
    ['PORT', { PORT: '70000' }],
    ['LOCAL_FAULTS', { LOCAL_FAULTS: '{not json' }],
    ['LOCAL_FAULTS', { LOCAL_FAULTS: '[{"service":"s3"}]' }],
  ])('names %s when its value is invalid', (setting, env) => {
    // Act
    const load = () => loadLocalServicesConfig(env);

    // Assess
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`Invalid configuration: ${setting}`);
  });
});

describe('loadContainerConfig', () => {
  it('listens on 8080 with the general analyser by default, as SageMaker hosting expects', () => {
    // Act
    const config = loadContainerConfig({});

    // Assess
    expect(config).toEqual({ port: 8080, defaultAnalyser: 'general' });
  });

  it('honours SAGEMAKER_BIND_TO_PORT and ANALYSER in any case', () => {
    // Act
    const config = loadContainerConfig({ SAGEMAKER_BIND_TO_PORT: '9090', ANALYSER: 'Medical' });

    // Assess
    expect(config).toEqual({ port: 9090, defaultAnalyser: 'medical' });
  });

  it.each([
    ['ANALYSER', { ANALYSER: 'poetry' }],
    ['SAGEMAKER_BIND_TO_PORT', { SAGEMAKER_BIND_TO_PORT: '80a' }],
  ])('names %s when its value is invalid', (setting, env) => {
    // Act
    const load = () => loadContainerConfig(env);

    // Assess
    expect(load).toThrow(`Invalid configuration: ${setting}`);
  });
});
