/**
 * A small node:http front for the gateway: `/graphql` (POST, and GET for queries) through Apollo's
 * HTTP handler, `/health` for liveness, `/metrics` for Prometheus (when that sink is on), and a body
 * limit enforced while reading.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap } from '@apollo/server';
import { ErrorCode } from '../errors.js';
import { USAGE_HEADER } from '../metrics/metrics.plugin.js';
import { CONSOLE_PATH } from './console.js';
import { type GatewayContext, requestIdFrom } from './context.js';
import type { Gateway } from './gateway.js';
import { BodyEncodingError, BodyNestingError, checkJsonDepth, decodeUtf8 } from './limits.body.js';
import { isReplayable, type ReplayEntry } from './replay-cache.js';

export interface HttpServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

class BodyTooLargeError extends Error {}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function errorBody(code: ErrorCode, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Events rather than `for await`: a GraphQL body is usually one chunk, and the async iterator costs
 * several promises and ticks per request. Over the limit, the rest is not read (the reply closes the
 * connection).
 */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('error', reject);
    // A client gone mid-body: without this the handler would wait for an 'end' that never comes.
    req.once('close', () => reject(new Error('the request closed before its body ended')));
    req.once('end', () => {
      try {
        resolve(decodeUtf8(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
      } catch (error) {
        reject(error);
      }
    });
  });
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text.length === 0) return undefined;
  if (contentType?.includes('json')) {
    checkJsonDepth(text);
    return JSON.parse(text);
  }
  return text;
}

interface ReplayLookup {
  key: string;
  tenant: string;
  entry: ReplayEntry | undefined;
}

/**
 * Only JSON POSTs (the body is the whole request; GET would bring CSRF headers into play) from a
 * caller who authenticates and does not ask for per-request usage, which a replay could not give.
 */
async function replayLookup(gateway: Gateway, req: IncomingMessage, headers: HeaderMap, text: string): Promise<ReplayLookup | undefined> {
  const replay = gateway.replay;
  if (!replay || req.method !== 'POST' || !headers.get('content-type')?.includes('json')) return undefined;
  if (gateway.config.metrics.responseUsage || headers.has(USAGE_HEADER)) return undefined;
  let tenant: string;
  try {
    tenant = await gateway.authenticate(headers);
  } catch {
    // Apollo's path reports the authentication error exactly as without the replay cache.
    return undefined;
  }
  const key = replay.keyFor(tenant, headers.get('accept') ?? '', text);
  return { key, tenant, entry: replay.get(key) };
}

function sendReplay(gateway: Gateway, res: ServerResponse, headers: HeaderMap, entry: ReplayEntry, started: number): void {
  const requestId = requestIdFrom(headers);
  for (const [name, value] of entry.headers) res.setHeader(name, value);
  res.setHeader('x-request-id', requestId);
  res.statusCode = entry.status;
  res.end(entry.body);
  gateway.metrics.record(
    { ...entry.observation, requestId, startedAt: Date.now(), latencyMs: performance.now() - started, replayed: true },
    gateway.log.child({ requestId }),
  );
}

function sendBodyError(gateway: Gateway, res: ServerResponse, error: unknown): void {
  if (error instanceof BodyTooLargeError) {
    sendJson(res, 413, errorBody(ErrorCode.REQUEST_TOO_LARGE, `request body over ${gateway.config.server.maxBodyBytes} bytes`), {
      connection: 'close',
    });
  } else if (error instanceof BodyEncodingError || error instanceof BodyNestingError) {
    sendJson(res, 400, errorBody(ErrorCode.BAD_REQUEST, error.message));
  } else {
    sendJson(res, 400, errorBody(ErrorCode.BAD_REQUEST, 'request body is not valid JSON'));
  }
}

async function handleGraphQL(gateway: Gateway, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const started = performance.now();
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let text: string;
  try {
    text = await readBody(req, gateway.config.server.maxBodyBytes);
  } catch (error) {
    sendBodyError(gateway, res, error);
    return;
  }
  // Before parsing: a replay needs only the exact text.
  const replay = await replayLookup(gateway, req, headers, text);
  if (replay?.entry) {
    sendReplay(gateway, res, headers, replay.entry, started);
    return;
  }
  let body: unknown;
  try {
    body = parseBody(text, req.headers['content-type']);
  } catch (error) {
    sendBodyError(gateway, res, error);
    return;
  }
  const contexts: GatewayContext[] = [];
  const response = await gateway.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: async () => {
      const context = await gateway.createContext({ headers, ...(replay ? { tenant: replay.tenant } : {}) });
      contexts.push(context);
      return context;
    },
  });
  for (const [name, value] of response.headers) res.setHeader(name, value);
  const context = contexts[0];
  if (context) res.setHeader('x-request-id', context.requestId);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    const observation = context?.recorded.observation;
    if (replay && observation && res.statusCode === 200 && isReplayable(observation, false)) {
      const { requestId: _id, startedAt: _at, latencyMs: _ms, replayed: _replayed, ...kept } = observation;
      gateway.replay?.set(replay.key, { status: 200, headers: [...response.headers], body: response.body.string, observation: kept });
    }
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

export function createRequestHandler(gateway: Gateway) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/health') {
        sendJson(res, 200, { status: 'ok' });
      } else if (url.pathname === '/metrics' && req.method === 'GET' && gateway.metrics.prometheus) {
        const { contentType, body } = await gateway.metrics.prometheus.exposition();
        res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }).end(body);
      } else if (url.pathname === '/graphql') {
        await handleGraphQL(gateway, req, res, url);
      } else if (gateway.console && (url.pathname === CONSOLE_PATH || url.pathname.startsWith(`${CONSOLE_PATH}/`))) {
        await gateway.console.serve(url.pathname, req.method ?? 'GET', req.headers['if-none-match'], res);
      } else if (url.pathname === '/' && req.method === 'GET') {
        res.writeHead(302, { location: gateway.console ? `${CONSOLE_PATH}/` : '/graphql' }).end();
      } else {
        sendJson(res, 404, errorBody(ErrorCode.BAD_REQUEST, `no route for ${req.method} ${url.pathname}`));
      }
    } catch (error) {
      gateway.log.error({ err: error }, 'request failed outside GraphQL execution');
      if (!res.headersSent) sendJson(res, 500, errorBody(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error'));
      else res.destroy();
    }
  };
}

export async function startHttpServer(
  gateway: Gateway,
  host = gateway.config.server.host,
  port = gateway.config.server.port,
): Promise<HttpServer> {
  const handler = createRequestHandler(gateway);
  // In-flight requests, so that close() can let them finish (bounded by SHUTDOWN_GRACE_MS).
  const inFlight = new Set<ServerResponse>();
  let drained: (() => void) | undefined;
  const server = createServer((req, res) => {
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (inFlight.size === 0) drained?.();
    });
    void handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/graphql`,
    server,
    // Stops accepting at once, lets in-flight requests finish (their connections then close), and
    // cuts whatever is left after the grace period.
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      if (inFlight.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => {
            drained = resolve;
          }),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, gateway.config.server.shutdownGraceMs);
          }),
        ]);
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
