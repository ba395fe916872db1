/**
 * A graceful close after refusing a request whose body is still arriving (RFC 9112 section 9.6):
 * the answer goes out at once with `connection: close`, the rest of the body is read and thrown away
 * for a bounded time and size, and only then does the connection close. Closing at once with unread
 * data makes the kernel send a reset, and a client still sending then often sees ECONNRESET instead
 * of the answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface DrainLimits {
  maxMs: number;
  maxBytes: number;
}

/** Reads and discards what is left of `req`'s body; resolves at its end, on close, or at a limit. */
export function discardBody(req: IncomingMessage, limits: DrainLimits): Promise<void> {
  if (req.complete || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = (): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', done);
      req.off('close', done);
      req.pause();
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > limits.maxBytes) done();
    };
    const timer = setTimeout(done, limits.maxMs);
    req.on('data', onData);
    req.once('end', done);
    req.once('close', done);
    req.resume();
  });
}

/**
 * Sends the whole answer now but ends the response only after the body is drained: Node closes a
 * `connection: close` socket as soon as its response ends.
 */
export async function refuseWhileReceiving(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: string,
  limits: DrainLimits,
): Promise<void> {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  res.write(body);
  await discardBody(req, limits);
  res.end();
}
