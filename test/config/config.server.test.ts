/** The HTTP front's connection settings: defaults far below Node's minutes, overrides, and a bad pair refused at start. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.errors.js';
import { loadConfig } from '../../src/config/config.load.js';

describe('HTTP connection settings', () => {
  it('defaults to bounded timeouts, a connection cap and header limits', () => {
    expect(loadConfig({}).server.connections).toEqual({
      headersTimeoutMs: 15_000,
      receiveTimeoutMs: 60_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 1024,
      maxHeaderBytes: 16 * 1024,
      maxHeadersCount: 100,
      refusedBodyDrain: { maxMs: 5_000, maxBytes: 16 * 1024 * 1024 },
    });
  });

  it('reads each override', () => {
    const connections = loadConfig({
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_RECEIVE_TIMEOUT_MS: '2000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      HTTP_MAX_CONNECTIONS: '10',
      HTTP_MAX_HEADER_BYTES: '8192',
      HTTP_MAX_HEADERS_COUNT: '50',
      HTTP_REFUSED_BODY_DRAIN_MS: '0',
      HTTP_REFUSED_BODY_DRAIN_BYTES: '0',
    }).server.connections;
    expect(connections).toEqual({
      headersTimeoutMs: 1000,
      receiveTimeoutMs: 2000,
      keepAliveTimeoutMs: 65_000,
      maxConnections: 10,
      maxHeaderBytes: 8192,
      maxHeadersCount: 50,
      refusedBodyDrain: { maxMs: 0, maxBytes: 0 },
    });
  });

  it('refuses a header timeout longer than the whole-request timeout (Node would throw at listen)', () => {
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_RECEIVE_TIMEOUT_MS: '1000' })).toThrow(ConfigError);
    expect(() => loadConfig({ HTTP_MAX_CONNECTIONS: '0' })).toThrow(/HTTP_MAX_CONNECTIONS/);
  });
});
