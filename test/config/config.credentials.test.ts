/** Token lifetime, clock tolerance and the failed-authentication log, read from the environment. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.errors.js';
import { loadConfig } from '../../src/config/config.load.js';

describe('credential settings', () => {
  it('defaults to a one-day token lifetime, 30 s of clock skew and 10 failure lines a minute per reason', () => {
    expect(loadConfig({}).auth).toMatchObject({
      tokens: { maxAgeSeconds: 86_400, clockToleranceSeconds: 30 },
      failureLog: { lines: 10, intervalMs: 60_000 },
    });
  });

  it('reads every setting beside the other auth settings', () => {
    const auth = loadConfig({
      ALLOW_ANONYMOUS: 'off',
      JWT_MAX_TOKEN_AGE_SECONDS: '3600',
      JWT_CLOCK_TOLERANCE_SECONDS: '5',
      AUTH_FAILURE_LOG_LINES: '0',
      AUTH_FAILURE_LOG_INTERVAL_MS: '10000',
    }).auth;
    expect(auth).toMatchObject({
      allowAnonymous: false,
      tokens: { maxAgeSeconds: 3600, clockToleranceSeconds: 5 },
      failureLog: { lines: 0, intervalMs: 10_000 },
    });
  });

  it.each([
    [{ JWT_MAX_TOKEN_AGE_SECONDS: '0' }, 'JWT_MAX_TOKEN_AGE_SECONDS'],
    [{ JWT_CLOCK_TOLERANCE_SECONDS: '3600' }, 'JWT_CLOCK_TOLERANCE_SECONDS'],
    [{ AUTH_FAILURE_LOG_INTERVAL_MS: '10' }, 'AUTH_FAILURE_LOG_INTERVAL_MS'],
  ])('refuses %j naming %s', (env, setting) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(setting);
  });
});
