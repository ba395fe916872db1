/**
 * The HTTP front's connection limits (timeouts for slow clients, a connection cap, header limits, and
 * how long a refused body is drained before its connection closes), parsed with the rest of the
 * environment by `loadConfig`; kept in their own file so the main schema stays readable.
 */
import { z } from 'zod';
import { ConfigError } from './config.errors.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const MIB = 1024 * 1024;

export const serverEnvShape = {
  // Node's defaults (60 s for headers, 300 s for the whole request, no cap) let a slowloris client
  // hold a socket for five minutes per connection.
  HTTP_HEADERS_TIMEOUT_MS: int(100, 600_000).default(15_000),
  // Headers and body together; 8 MiB (MAX_BODY_BYTES) at 2 Mbit/s takes about 35 s.
  HTTP_RECEIVE_TIMEOUT_MS: int(100, 3_600_000).default(60_000),
  // Behind a load balancer, set it above the balancer's idle timeout (ALB: 60 s) to avoid 502s.
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(100, 3_600_000).default(5_000),
  HTTP_MAX_CONNECTIONS: int(1, 1_000_000).default(1024),
  // Node's own default; a JWT of a few KiB fits many times over.
  HTTP_MAX_HEADER_BYTES: int(1024, 1024 * 1024).default(16 * 1024),
  HTTP_MAX_HEADERS_COUNT: int(1, 10_000).default(100),
  // After a 413 the rest of the body is read and thrown away for at most this long and this much, so
  // the client, still sending, reads the 413 instead of a connection reset (RFC 9112 section 9.6).
  HTTP_REFUSED_BODY_DRAIN_MS: int(0, 600_000).default(5_000),
  HTTP_REFUSED_BODY_DRAIN_BYTES: int(0, 1024 * MIB).default(16 * MIB),
};

const serverEnvSchema = z.object(serverEnvShape);
type ServerEnv = z.infer<typeof serverEnvSchema>;

export interface HttpConnectionSettings {
  /** Time to receive a request's headers, ms. */
  headersTimeoutMs: number;
  /** Time to receive a whole request (headers and body), ms. */
  receiveTimeoutMs: number;
  /** Idle time an open keep-alive connection waits for its next request, ms. */
  keepAliveTimeoutMs: number;
  /** Open connections at most; more are closed as they arrive. */
  maxConnections: number;
  /** Largest request head (request line and headers), bytes; more is answered 431. */
  maxHeaderBytes: number;
  /** Headers read from one request; Node ignores those past it. */
  maxHeadersCount: number;
  /** How long and how much of a refused (413) body is still read before the connection closes. */
  refusedBodyDrain: { maxMs: number; maxBytes: number };
}

export function serverConnectionSettings(parsed: ServerEnv): HttpConnectionSettings {
  // Node refuses to start a server whose header timeout exceeds its request timeout.
  if (parsed.HTTP_HEADERS_TIMEOUT_MS > parsed.HTTP_RECEIVE_TIMEOUT_MS) {
    throw new ConfigError('HTTP_HEADERS_TIMEOUT_MS', 'must not exceed HTTP_RECEIVE_TIMEOUT_MS');
  }
  return {
    headersTimeoutMs: parsed.HTTP_HEADERS_TIMEOUT_MS,
    receiveTimeoutMs: parsed.HTTP_RECEIVE_TIMEOUT_MS,
    keepAliveTimeoutMs: parsed.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: parsed.HTTP_MAX_CONNECTIONS,
    maxHeaderBytes: parsed.HTTP_MAX_HEADER_BYTES,
    maxHeadersCount: parsed.HTTP_MAX_HEADERS_COUNT,
    refusedBodyDrain: { maxMs: parsed.HTTP_REFUSED_BODY_DRAIN_MS, maxBytes: parsed.HTTP_REFUSED_BODY_DRAIN_BYTES },
  };
}
