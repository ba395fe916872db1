/**
 * A small node:http front for the gateway: `/graphql` (POST, and GET for queries) through Apollo's
 * HTTP handler, `/health` for liveness, and a body limit enforced while reading. Prometheus is
 * served on a listener of its own (prometheus.server.ts), never here.
 */
import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap } from '@apollo/server';
import type { HttpConnectionSettings } from '../config/config.server.js';
import { ErrorCode } from '../errors.js';
import { USAGE_HEADER } from '../metrics/metrics.plugin.js';
import { CONSOLE_PATH } from './console.js';
import { type GatewayContext, requestIdFrom } from './context.js';
import { csrfRefuses, mimeEssence } from './csrf.js';
import type { Gateway } from './gateway.js';
import { answerClientError, errorBody, sendJson } from './http-errors.js';
import { BodyEncodingError, BodyNestingError, checkJsonDepth, decodeUtf8 } from './limits.body.js';
import { refuseWhileReceiving } from './refused-body.js';
import { isReplayable, type ReplayEntry } from './replay-cache.js';
import { attachSubscriptions } from './subscriptions.js';

export interface HttpServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

class BodyTooLargeError extends Error {}
class ClientGoneError extends Error {}

/**
 * Events rather than `for await`: a GraphQL body is usually one chunk, and the async iterator costs
 * several promises and ticks per request. Over the limit, reading stops here (the refusal drains the
 * rest, see refused-body.ts).
 */
function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  return Number(req.headers['content-length'] ?? 0) > limit;
}

/**
 * A client that sent `expect: 100-continue` waits for our go-ahead before sending its body; for a
 * body declared over the limit it never gets one (see startHttpServer), so there is nothing to drain.
 */
function continueWithheld(req: IncomingMessage, limit: number): boolean {
  return req.headers.expect?.toLowerCase() === '100-continue' && declaredTooLarge(req, limit);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  if (declaredTooLarge(req, limit)) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void): void => {
      req.off('data', onData);
      req.off('error', onError);
      req.off('close', onClose);
      req.off('end', onEnd);
      outcome();
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        settle(() => reject(new BodyTooLargeError()));
        return;
      }
      chunks.push(chunk);
    };
    // A client gone mid-body (a request emits 'error' only when aborted): without these the handler
    // would wait for an 'end' that never comes.
    const onError = (): void => settle(() => reject(new ClientGoneError('the request was aborted')));
    const onClose = (): void => settle(() => reject(new ClientGoneError('the request closed before its body ended')));
    const onEnd = (): void =>
      settle(() => {
        try {
          resolve(decodeUtf8(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
        } catch (error) {
          reject(error);
        }
      });
    req.on('data', onData);
    req.on('error', onError);
    req.on('close', onClose);
    req.on('end', onEnd);
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
 * Only `application/json` POSTs (the body is the whole request, and the key does not hold the content
 * type) that pass Apollo's CSRF check, from a caller who authenticates and does not ask for
 * per-request usage, which a replay could not give. Anything else goes to Apollo, which answers it
 * exactly as without the replay cache.
 */
async function replayLookup(gateway: Gateway, req: IncomingMessage, headers: HeaderMap, text: string): Promise<ReplayLookup | undefined> {
  const replay = gateway.replay;
  if (!replay || req.method !== 'POST') return undefined;
  const contentType = headers.get('content-type');
  if (contentType === undefined || mimeEssence(contentType) !== 'application/json' || csrfRefuses(headers)) return undefined;
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

async function sendBodyError(gateway: Gateway, req: IncomingMessage, res: ServerResponse, error: unknown): Promise<void> {
  if (error instanceof BodyTooLargeError) {
    const { maxBodyBytes, connections } = gateway.config.server;
    const body = JSON.stringify(errorBody(ErrorCode.REQUEST_TOO_LARGE, `request body over ${maxBodyBytes} bytes`));
    const drain = continueWithheld(req, maxBodyBytes) ? { maxMs: 0, maxBytes: 0 } : connections.refusedBodyDrain;
    await refuseWhileReceiving(req, res, 413, body, drain);
  } else if (error instanceof ClientGoneError) {
    res.destroy();
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
  // Node keeps only the first of repeated Authorization headers; joined, the authenticator refuses them.
  const authorizations = req.headersDistinct.authorization;
  if (authorizations && authorizations.length > 1) headers.set('authorization', authorizations.join(', '));
  let text: string;
  try {
    text = await readBody(req, gateway.config.server.maxBodyBytes);
  } catch (error) {
    await sendBodyError(gateway, req, res, error);
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
    await sendBodyError(gateway, req, res, error);
    return;
  }
  const contexts: GatewayContext[] = [];
  const response = await gateway.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: async () => {
      const context = await gateway.createContext({
        headers,
        ...(replay ? { tenant: replay.tenant } : {}),
        ...(req.socket.remoteAddress ? { remoteAddress: req.socket.remoteAddress } : {}),
      });
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
    if (replay && observation && !context?.recorded.live && res.statusCode === 200 && isReplayable(observation, false)) {
      const { requestId: _id, startedAt: _at, latencyMs: _ms, replayed: _replayed, ...kept } = observation;
      gateway.replay?.set(replay.key, { status: 200, headers: [...response.headers], body: response.body.string, observation: kept });
    }
    return;
  }
  await streamBody(res, response.body.asyncIterator);
}

/** Incremental delivery (@defer): written as it comes, at the pace the client reads, until it leaves. */
async function streamBody(res: ServerResponse, chunks: AsyncIterableIterator<string>): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (res.destroyed) break;
      if (!res.write(chunk)) await new Promise<void>((resolve) => drainedOrClosed(res, resolve));
    }
  } finally {
    // Ends Apollo's generator too when the client left early (break) or the generator threw.
    await chunks.return?.();
  }
  res.end();
}

function drainedOrClosed(res: ServerResponse, resolve: () => void): void {
  const done = (): void => {
    res.off('drain', done);
    res.off('close', done);
    resolve();
  };
  res.on('drain', done);
  res.on('close', done);
}

/** The request target as a URL; undefined when it is not one (`//[`, which `new URL` refuses). */
function requestTarget(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return undefined;
  }
}

export function createRequestHandler(gateway: Gateway) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = requestTarget(req);
      if (!url) {
        sendJson(res, 400, errorBody(ErrorCode.BAD_REQUEST, 'request target is not a valid URL'), { connection: 'close' });
      } else if (url.pathname === '/health') {
        sendJson(res, 200, { status: 'ok' });
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
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, errorBody(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error'));
      else res.destroy();
    }
  };
}

/** Node's server options from the connection settings (see config.server.ts). */
function serverOptions(connections: HttpConnectionSettings): ServerOptions {
  return {
    headersTimeout: connections.headersTimeoutMs,
    requestTimeout: connections.receiveTimeoutMs,
    keepAliveTimeout: connections.keepAliveTimeoutMs,
    maxHeaderSize: connections.maxHeaderBytes,
    // Node checks the two timeouts on this interval (30 s by default), so a timeout can be late by as
    // much; a quarter of the shorter one keeps them within 25 %.
    connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(connections.headersTimeoutMs / 4))),
  };
}

export async function startHttpServer(
  gateway: Gateway,
  host = gateway.config.server.host,
  port = gateway.config.server.port,
): Promise<HttpServer> {
  const handler = createRequestHandler(gateway);
  const { connections } = gateway.config.server;
  // In-flight requests, so that close() can let them finish (bounded by SHUTDOWN_GRACE_MS).
  const inFlight = new Set<ServerResponse>();
  let drained: (() => void) | undefined;
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (inFlight.size === 0) drained?.();
    });
    // A write after the client left must not become an unhandled 'error' event.
    res.on('error', (error) => gateway.log.debug({ err: error }, 'response stream failed'));
    // The handler answers its own failures; this catches a failure of that answer itself.
    handler(req, res).catch((error: unknown) => {
      gateway.log.error({ err: error }, 'request handler failed');
      res.destroy();
    });
  };
  const server = createServer(serverOptions(connections), onRequest);
  // Node would say "100 Continue" to every such request; a body declared over the limit is refused
  // before the client sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (!declaredTooLarge(req, gateway.config.server.maxBodyBytes)) res.writeContinue();
    onRequest(req, res);
  });
  server.maxConnections = connections.maxConnections;
  server.maxHeadersCount = connections.maxHeadersCount;
  server.on('clientError', (error: Error & { code?: string }, socket) => answerClientError(error, socket, gateway.log));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  // graphql-ws on the same port and path (the HTTP upgrade); its own file, its own shutdown.
  const subscriptions = attachSubscriptions(server, gateway);
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/graphql`,
    server,
    // Stops accepting at once, lets in-flight requests finish (their connections then close), and
    // cuts whatever is left after the grace period.
    close: async () => {
      await subscriptions.close();
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
