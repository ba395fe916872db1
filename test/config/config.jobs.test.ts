import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.errors.js';
import { loadConfig } from '../../src/config/config.load.js';

describe('job settings', () => {
  it('defaults: two workers, chunks of 10, results kept 7 days, no callbacks', () => {
    // Act
    const { jobs } = loadConfig({});
    // Assess
    expect(jobs).toEqual({
      workerConcurrency: 2,
      chunkSize: 10,
      maxDocuments: 10_000,
      resultTtlSeconds: 7 * 24 * 3600,
      lockMs: 30_000,
      callback: { allowedHosts: [], maxAttempts: 6, baseDelayMs: 1000, timeoutMs: 10_000 },
    });
  });

  it('runs no workers under Lambda unless told to', () => {
    expect(loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'gateway' }).jobs.workerConcurrency).toBe(0);
    expect(loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'gateway', JOB_WORKER_CONCURRENCY: '3' }).jobs.workerConcurrency).toBe(3);
  });

  it('reads the callback allow-list as exact lower-case host names, and the queue Redis', () => {
    // Act
    const { jobs } = loadConfig({
      JOB_CALLBACK_HOSTS: 'Hooks.Example.com, 127.0.0.1',
      JOB_CALLBACK_SECRET: 'a-secret-of-16-chars',
      JOB_REDIS_URL: 'redis://jobs:6379',
    });
    // Assess
    expect(jobs.callback.allowedHosts).toEqual(['hooks.example.com', '127.0.0.1']);
    expect(jobs.callback.secret).toBe('a-secret-of-16-chars');
    expect(jobs.redisUrl).toBe('redis://jobs:6379');
  });

  it('refuses a host list entry that is not a host name, a short secret and a non-Redis URL', () => {
    expect(() => loadConfig({ JOB_CALLBACK_HOSTS: 'https://hooks.example.com/x' })).toThrow(ConfigError);
    expect(() => loadConfig({ JOB_CALLBACK_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ JOB_REDIS_URL: 'http://jobs:6379' })).toThrow(ConfigError);
  });
});
