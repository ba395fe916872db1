/**
 * Answers the HTTP front gives outside GraphQL: the JSON error body every such answer carries, and
 * the raw answer to a request Node's HTTP parser refused (`clientError`), which has no request or
 * response object and must be written to the socket by hand.
 */
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { ErrorCode } from '../errors.js';

export function errorBody(code: ErrorCode, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Long enough for any client to read a few hundred bytes. */
const REFUSAL_LINGER_MS = 2_000;

interface ParserRefusal {
  status: number;
  reason: string;
  code: ErrorCode;
  message: string;
}

/** Node's parser error codes that deserve more than a plain 400. */
function refusalFor(code: string | undefined): ParserRefusal {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, reason: 'Request Header Fields Too Large', code: ErrorCode.REQUEST_TOO_LARGE, message: 'request head too large' };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, reason: 'Request Timeout', code: ErrorCode.BAD_REQUEST, message: 'request not received in time' };
  }
  return { status: 400, reason: 'Bad Request', code: ErrorCode.BAD_REQUEST, message: 'malformed HTTP request' };
}

/**
 * The server's `clientError` listener. A connection reset or a socket that can no longer be written
 * to is just destroyed; so is one whose current response has already begun (a second status line in
 * the middle of it would corrupt the stream). Otherwise one short answer with `connection: close`.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex, log: Logger): void {
  log.debug({ err: error, code: error.code }, 'HTTP parser refused a request');
  // Node keeps the response being written on the socket; a refusal after its head was sent cannot be answered.
  const current = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || current?.headersSent) {
    socket.destroy();
    return;
  }
  const refusal = refusalFor(error.code);
  const body = JSON.stringify(errorBody(refusal.code, refusal.message));
  const head = [
    `HTTP/1.1 ${refusal.status} ${refusal.reason}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
  ].join('\r\n');
  socket.end(`${head}\r\n\r\n${body}`, () => socket.destroy());
  // A client that reads nothing would keep the half-closed socket forever.
  setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS).unref();
}
