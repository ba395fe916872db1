/** Where Prometheus is served and which operations keep their label, read from the environment. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.errors.js';
import { loadConfig } from '../../src/config/config.load.js';

describe('Prometheus listener settings', () => {
  it('defaults to loopback port 9464 and no extra known operations', () => {
    expect(loadConfig({}).metrics).toMatchObject({ listener: { host: '127.0.0.1', port: 9464 }, knownOperations: [] });
  });

  it('reads the host, the port (0 allowed) and a comma-separated list of operation names', () => {
    const metrics = loadConfig({
      METRICS_HOST: '0.0.0.0',
      METRICS_PORT: '0',
      METRICS_KNOWN_OPERATIONS: ' OpsDashboard,NightlyExport ,,OpsDashboard',
    }).metrics;
    expect(metrics.listener).toEqual({ host: '0.0.0.0', port: 0 });
    expect(metrics.knownOperations).toEqual(['OpsDashboard', 'NightlyExport']);
  });

  it.each([
    [{ METRICS_PORT: '70000' }, 'METRICS_PORT'],
    [{ METRICS_PORT: 'http' }, 'METRICS_PORT'],
    [{ METRICS_KNOWN_OPERATIONS: 'Ops Dashboard' }, 'METRICS_KNOWN_OPERATIONS'],
  ])('refuses %j naming %s', (env, setting) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(setting);
  });
});
