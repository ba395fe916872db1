/**
 * GraphQL subscriptions over graphql-ws, on the HTTP server's port and the /graphql path (the HTTP
 * upgrade). The caller authenticates at connection_init with the same rules as a request: an API
 * key or JWT in the init payload (`x-api-key` or `authorization`, as headers would carry them) or in
 * the upgrade request's headers. Only subscription operations are served here; queries and
 * mutations go over HTTP, where the body limit, armor rules and replay cache apply.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, getOperationAST, parse, validate } from 'graphql';
import { useServer as serveOverWebSocket } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { RequestHeaders } from '../auth/authenticator.js';
import { ErrorCode } from '../errors.js';
import type { GatewayContext } from './context.js';
import type { Gateway } from './gateway.js';

export interface Subscriptions {
  close(): Promise<void>;
}

/** The init payload's credentials win over the upgrade request's (browsers cannot set WebSocket headers). */
function credentialsOf(payload: Record<string, unknown> | undefined, request: IncomingMessage): RequestHeaders {
  const headers: Record<string, string | undefined> = {};
  for (const name of ['x-api-key', 'authorization', 'x-request-id']) {
    const fromRequest = request.headers[name];
    if (typeof fromRequest === 'string') headers[name] = fromRequest;
    const offered = payload?.[name] ?? payload?.[name === 'x-api-key' ? 'apiKey' : name];
    if (typeof offered === 'string') headers[name] = offered;
  }
  return headers;
}

const MAX_MESSAGE_BYTES = 64 * 1024;

export function attachSubscriptions(server: Server, gateway: Gateway): Subscriptions {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const contexts = new Map<string, GatewayContext>();
  const disposable = serveOverWebSocket<Record<string, unknown> | undefined, { tenant: string; headers: RequestHeaders }>(
    {
      schema: gateway.schema,
      // connection_init: refuse (close 4403) unless the credentials name a tenant.
      onConnect: async (ctx) => {
        const headers = credentialsOf(ctx.connectionParams, ctx.extra.request);
        try {
          ctx.extra.tenant = await gateway.authenticate(headers);
          ctx.extra.headers = headers;
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (_ctx, _id, payload) => {
        let document: ReturnType<typeof parse>;
        try {
          document = parse(payload.query, { maxTokens: 2000 });
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('the query does not parse')];
        }
        const errors = validate(gateway.schema, document);
        if (errors.length > 0) return errors;
        if (getOperationAST(document, payload.operationName)?.operation !== 'subscription') {
          return [
            new GraphQLError('only subscriptions are served over WebSocket; send queries and mutations over HTTP', {
              extensions: { code: ErrorCode.BAD_REQUEST },
            }),
          ];
        }
        return undefined;
      },
      context: async (ctx, id) => {
        const { headers = {}, tenant } = ctx.extra;
        const context = await gateway.createContext({ headers, ...(tenant ? { tenant } : {}) });
        contexts.set(`${ctx.extra.tenant}:${id}`, context);
        return context;
      },
      onComplete: (ctx, id) => {
        const key = `${ctx.extra.tenant}:${id}`;
        contexts.get(key)?.deadline.dispose();
        contexts.delete(key);
      },
    },
    sockets,
  );
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== '/graphql') {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  };
  server.on('upgrade', onUpgrade);
  return {
    async close() {
      server.off('upgrade', onUpgrade);
      for (const client of sockets.clients) client.close(1001, 'server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      for (const context of contexts.values()) context.deadline.dispose();
      contexts.clear();
    },
  };
}
