/**
 * Prometheus's own listener, apart from the public port (as Apollo Router serves its metrics): the
 * series name models, ARNs, endpoints, tenants and spend, so they are for the operator's scraper
 * only. Loopback by default (METRICS_HOST, METRICS_PORT); one per gateway, started and stopped by
 * the process entry point beside the HTTP server. Lambda has none.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { PrometheusSink } from '../metrics/sinks/prometheus.sink.js';

export interface PrometheusServer {
  /** `http://host:port/metrics`. */
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startPrometheusServer(
  sink: PrometheusSink,
  listener: { host: string; port: number },
  log: Logger,
): Promise<PrometheusServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    sink.exposition().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        log.error({ err: error }, 'prometheus exposition failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('exposition failed\n');
      },
    );
  });
  // A scrape is one small request; a client that holds its socket open must not keep the listener busy.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listener.port, listener.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error({ err: error }, 'prometheus listener failed'));
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/metrics`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
