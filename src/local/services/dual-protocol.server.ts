/**
 * One TCP port that speaks HTTP/1.1 and cleartext HTTP/2 with prior knowledge (h2c): the default
 * BedrockRuntimeClient opens h2c connections, SageMaker and CloudWatch clients use HTTP/1.1.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import http2, { type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import net, { type AddressInfo, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { WireResponse } from './wire.js';

/** One request/response pair, the same for both protocols. */
export interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly httpVersion: string;
  /** Which client connection carried it (numbered in order of arrival): tests check connection reuse. */
  readonly connection: number;
  readonly body: AsyncIterable<Buffer | string>;
  respond(response: WireResponse): void;
  /** HTTP/1.1: destroy the socket; HTTP/2: reset the stream (RST_STREAM), as a crashed proxy would. */
  drop(): void;
  /** Resolves when the exchange is over on either side (answered, aborted by the client, or torn down). */
  readonly closed: Promise<void>;
}

export type ExchangeHandler = (exchange: Exchange) => Promise<void>;

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
/** "PRI" alone already rules out every HTTP/1.1 method. */
const BYTES_TO_DECIDE = 3;

function noop(): void {}

/** Connection numbers, keyed by the socket (HTTP/1.1) or the session (HTTP/2) that carried a request. */
const connectionIds = new WeakMap<object, number>();
let nextConnectionId = 1;

function connectionOf(carrier: object): number {
  let id = connectionIds.get(carrier);
  if (id === undefined) {
    id = nextConnectionId++;
    connectionIds.set(carrier, id);
  }
  return id;
}

function closedPromise(res: ServerResponse | Http2ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.writableFinished || res.destroyed) resolve();
    res.once('close', () => resolve());
    res.once('finish', () => resolve());
  });
}

function http1Exchange(req: IncomingMessage, res: ServerResponse): Exchange {
  req.on('error', noop);
  res.on('error', noop);
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: req.headers,
    httpVersion: req.httpVersion,
    connection: connectionOf(req.socket),
    body: req,
    respond(response) {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    },
    drop() {
      req.socket.destroy();
    },
    closed: closedPromise(res),
  };
}

function http2Exchange(req: Http2ServerRequest, res: Http2ServerResponse): Exchange {
  req.on('error', noop);
  res.on('error', noop);
  req.stream.on('error', noop);
  return {
    method: req.method,
    url: req.url,
    headers: req.headers,
    httpVersion: req.httpVersion,
    connection: connectionOf(req.stream.session ?? req.stream),
    body: req,
    respond(response) {
      if (res.headersSent || req.stream.destroyed) return;
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    },
    drop() {
      req.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    },
    closed: closedPromise(res),
  };
}

/**
 * nghttp2 reads straight from the socket's native handle and never sees bytes put back with unshift()
 * ("bad client magic byte string"), so the h2 session gets a stream that replays the sniffed head first.
 */
function withReplayedHead(socket: Socket, head: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, encoding, callback) {
      socket.write(chunk, encoding, callback);
    },
    final(callback) {
      socket.end();
      callback();
    },
    destroy(error, callback) {
      socket.destroy();
      callback(error);
    },
  });
  duplex.push(head);
  socket.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('close', () => duplex.destroy());
  duplex.on('error', noop);
  socket.resume();
  return duplex;
}

export class DualProtocolServer {
  private readonly listener: net.Server;
  private readonly http1: http.Server;
  private readonly http2: http2.Http2Server;
  private readonly sockets = new Set<Socket>();

  constructor(handler: ExchangeHandler) {
    const run = (exchange: Exchange): void => {
      handler(exchange).catch(() => exchange.drop());
    };
    // No server-side request timeout: hung requests are a fault we inject on purpose; close() ends them.
    this.http1 = http.createServer({ requestTimeout: 0 }, (req, res) => run(http1Exchange(req, res)));
    this.http2 = http2.createServer({}, (req, res) => run(http2Exchange(req, res)));
    this.http2.on('sessionError', noop);
    this.listener = net.createServer((socket) => this.accept(socket));
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.listener.once('error', reject);
      this.listener.listen(port, host, () => {
        this.listener.off('error', reject);
        resolve(this.listener.address() as AddressInfo);
      });
    });
  }

  /** Stops listening and tears down every connection, including requests that never got an answer. */
  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    return closed;
  }

  private accept(socket: Socket): void {
    // As AWS's endpoints do. The h2 side writes through our own Duplex, so nothing else would set it,
    // and with Nagle on, a reused connection waits out the peer's delayed ACK (~40 ms) per response.
    socket.setNoDelay(true);
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', noop);
    let buffered = Buffer.alloc(0);
    const sniff = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const compared = Math.min(buffered.length, H2_PREFACE.length);
      const looksLikeH2 = buffered.subarray(0, compared).equals(H2_PREFACE.subarray(0, compared));
      if (looksLikeH2 && buffered.length < BYTES_TO_DECIDE) return;
      socket.off('data', sniff);
      socket.pause();
      if (looksLikeH2) {
        this.http2.emit('connection', withReplayedHead(socket, buffered));
        return;
      }
      // The HTTP/1.1 parser also reads the socket's JS buffer, so putting the bytes back is enough.
      socket.unshift(buffered);
      this.http1.emit('connection', socket);
      socket.resume();
    };
    socket.on('data', sniff);
  }
}
