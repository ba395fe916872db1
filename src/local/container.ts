/**
 * The SageMaker inference container for our analysers: `node dist/local/container.js serve` answers
 * GET /ping and POST /invocations on 8080 (or $SAGEMAKER_BIND_TO_PORT), as SageMaker hosting requires.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { ConfigError } from '../config/config.errors.js';
import { loadProcessContainerConfig } from '../config/local.config.js';
import type { Analysers, DocumentKind } from './analysers/analysis.types.js';
import { invokeContainer, pingContainer } from './services/sagemaker.container.js';
import { SAGEMAKER_MAX_PAYLOAD_BYTES } from './services/sagemaker.service.js';
import type { WireResponse } from './services/wire.js';

export interface SageMakerContainerOptions {
  /** Default 8080, SageMaker's fixed container port. 0 picks a free port. */
  port?: number;
  /** Default 0.0.0.0: SageMaker reaches the container from outside its network namespace. */
  host?: string;
  /** Created once when absent. */
  analysers?: Analysers;
  /** Used when neither custom attributes nor the instance name an analyser. */
  defaultAnalyser?: DocumentKind;
  /** Bodies above this get 413; default the InvokeEndpoint limit, since nothing larger can reach us. */
  maxPayloadBytes?: number;
  logger?: pino.Logger;
}

export interface SageMakerContainer {
  readonly url: string;
  close(): Promise<void>;
}

function write(res: http.ServerResponse, response: WireResponse): void {
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<{ body: Buffer; size: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size <= limit) chunks.push(buffer);
  }
  return { body: Buffer.concat(chunks), size };
}

export async function startSageMakerContainer(options: SageMakerContainerOptions = {}): Promise<SageMakerContainer> {
  const analysers = options.analysers ?? (await import('./analysers/analysers.js')).createAnalysers();
  const defaultKind = options.defaultAnalyser ?? 'general';
  const limit = options.maxPayloadBytes ?? SAGEMAKER_MAX_PAYLOAD_BYTES;
  const logger = options.logger ?? pino({ name: 'sagemaker-container', level: 'silent' });

  const server = http.createServer((req, res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0];
    const respond = (response: WireResponse): void => {
      write(res, response);
      // Never the document: only the shape of the exchange.
      logger.info({ method: req.method, path, status: response.status, ms: Math.round(performance.now() - started) }, 'request');
    };
    if (req.method === 'GET' && path === '/ping') return respond(pingContainer());
    if (req.method !== 'POST' || path !== '/invocations') {
      req.resume();
      return respond({ status: 404, headers: { 'content-type': 'application/json' }, body: '{"error":"Not Found"}' });
    }
    readBody(req, limit)
      .then(({ body, size }) => {
        if (size > limit) {
          return respond({
            status: 413,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ error: `Payload of ${size} bytes exceeds ${limit} bytes` }),
          });
        }
        const customAttributes = req.headers['x-amzn-sagemaker-custom-attributes'];
        return respond(
          invokeContainer(
            {
              body,
              contentType: req.headers['content-type'],
              customAttributes: Array.isArray(customAttributes) ? customAttributes.join(',') : customAttributes,
            },
            { analysers, kind: { mode: 'per-request', defaultKind } },
          ),
        );
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'invocation failed');
        if (!res.headersSent)
          write(res, { status: 500, headers: { 'content-type': 'application/json' }, body: '{"error":"Internal Server Error"}' });
      });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // SageMaker allows 60 s per invocation; keep connections open longer than its load balancer does.
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // SageMaker sends SIGKILL 30 s after SIGTERM; in-flight invocations finish or are cut here.
      setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, 5_000).unref();
      return closed;
    },
  };
}

async function serve(): Promise<void> {
  const logger = pino({ name: 'sagemaker-container' });
  const { port, defaultAnalyser } = loadProcessContainerConfig();
  const container = await startSageMakerContainer({ port, defaultAnalyser, logger });
  logger.info({ url: container.url, defaultAnalyser }, 'serving');
  const stop = (signal: string): void => {
    logger.info({ signal }, 'stopping');
    container.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const command = process.argv[2] ?? 'serve';
  if (command !== 'serve') {
    process.stderr.write(`usage: container.js serve (got "${command}")\n`);
    process.exit(2);
  }
  serve().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
