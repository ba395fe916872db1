/** A raw TCP client for tests that must control every byte and every pause of a request. */
import { connect, type Socket } from 'node:net';

export interface RawConnection {
  readonly socket: Socket;
  /** Everything received so far. */
  received(): string;
  /** The socket's error code, if it failed (ECONNRESET, EPIPE). */
  error(): string | undefined;
  /** Resolves when the server has closed the connection (or it failed). */
  readonly closed: Promise<void>;
  isClosed(): boolean;
}

export async function openRaw(port: number): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  let failure: string | undefined;
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
  });
  socket.on('error', (error: NodeJS.ErrnoException) => {
    failure = error.code ?? error.message;
  });
  const closedPromise = new Promise<void>((resolve) =>
    socket.once('close', () => {
      closed = true;
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => text, error: () => failure, closed: closedPromise, isClosed: () => closed };
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes `data` and waits until it has left for the kernel (or the socket failed). */
export function writeRaw(connection: RawConnection, data: string | Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (connection.isClosed() || connection.socket.destroyed) return resolve();
    connection.socket.write(data, () => resolve());
  });
}

/** The status code of the first response received, or undefined. */
export function statusOf(received: string): number | undefined {
  const match = /^HTTP\/1\.1 (\d{3}) /.exec(received);
  return match?.[1] ? Number(match[1]) : undefined;
}
