/**
 * A body over MAX_BODY_BYTES is refused with a 413 the client can read while it is still sending: the
 * server answers at once with `connection: close`, drains the rest (bounded), and only then closes,
 * so the client never sees a connection reset instead of the answer (RFC 9112 section 9.6).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { openRaw, pause, type RawConnection, statusOf, writeRaw } from '../support/raw-client.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

const API_KEY = 'refused-body-key';
const LIMIT = 1024;
const BODY_BYTES = 4 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
const REPEATS = 8;

let upstreams: LocalUpstreams;
const gateways: Partial<Record<'development' | 'production', TestGateway>> = {};
let bounded: TestGateway;
const DRAIN_BYTES = 64 * 1024;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  gateways.development = await startTestGateway(
    { MAX_BODY_BYTES: String(LIMIT), CACHE_ENABLED: 'off', API_KEYS: `refused:${createHash('sha256').update(API_KEY).digest('hex')}` },
    upstreams,
  );
  gateways.production = await startTestGateway(
    {
      MAX_BODY_BYTES: String(LIMIT),
      CACHE_ENABLED: 'off',
      GATEWAY_MODE: 'production',
      ALLOW_ANONYMOUS: 'off',
      API_KEYS: `refused:${createHash('sha256').update(API_KEY).digest('hex')}`,
    },
    upstreams,
  );
  bounded = await startTestGateway(
    {
      MAX_BODY_BYTES: String(LIMIT),
      CACHE_ENABLED: 'off',
      HTTP_REFUSED_BODY_DRAIN_MS: '300',
      HTTP_REFUSED_BODY_DRAIN_BYTES: String(DRAIN_BYTES),
    },
    upstreams,
  );
}, 60_000);
afterAll(async () => {
  await bounded?.close();
  await gateways.development?.close();
  await gateways.production?.close();
  await upstreams?.close();
});

/**
 * Streams a 4 MiB body in 64 KiB pieces, each written once the kernel took the last, whatever the
 * server answers meanwhile. Closing at once after the 413 made every one of these fail with EPIPE.
 */
async function streamLargeBody(port: number, framing: 'content-length' | 'chunked'): Promise<RawConnection> {
  const connection = await openRaw(port);
  const length = framing === 'content-length' ? `content-length: ${BODY_BYTES}` : 'transfer-encoding: chunked';
  await writeRaw(
    connection,
    `POST /graphql HTTP/1.1\r\nhost: localhost\r\nx-api-key: ${API_KEY}\r\ncontent-type: application/json\r\n${length}\r\n\r\n`,
  );
  const piece = Buffer.alloc(CHUNK_BYTES, 0x61);
  for (let sent = 0; sent < BODY_BYTES && !connection.isClosed(); sent += CHUNK_BYTES) {
    await writeRaw(
      connection,
      framing === 'chunked' ? Buffer.concat([Buffer.from(`${CHUNK_BYTES.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece,
    );
  }
  if (framing === 'chunked') await writeRaw(connection, '0\r\n\r\n');
  await connection.closed;
  return connection;
}

/** The same through fetch (undici), whose request body is a stream: the 413 must reach the caller whole. */
async function fetchLargeBody(url: string): Promise<{ status: number; code: unknown } | { failed: string }> {
  const piece = new Uint8Array(CHUNK_BYTES).fill(0x61);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent >= BODY_BYTES) return controller.close();
      sent += CHUNK_BYTES;
      controller.enqueue(piece);
    },
  });
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body,
      duplex: 'half',
    } as RequestInit);
    const answer = (await response.json()) as { errors?: Array<{ extensions?: { code?: unknown } }> };
    return { status: response.status, code: answer.errors?.[0]?.extensions?.code };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { failed: cause?.code ?? cause?.message ?? String(error) };
  }
}

describe.each(['development', 'production'] as const)('refusing a large body in %s mode', (mode) => {
  it(`a fetch streaming a body over the limit gets the whole 413 answer, ${REPEATS} times out of ${REPEATS}`, async () => {
    const outcomes = [];
    for (let i = 0; i < REPEATS; i++) outcomes.push(await fetchLargeBody(gateways[mode]!.url));
    expect(outcomes).toEqual(Array.from({ length: REPEATS }, () => ({ status: 413, code: 'REQUEST_TOO_LARGE' })));
  }, 60_000);

  it.each(['content-length', 'chunked'] as const)(
    `a client streaming a body over the limit (%s) reads the 413 and no reset, ${REPEATS} times out of ${REPEATS}`,
    async (framing) => {
      const port = Number(new URL(gateways[mode]!.url).port);
      const outcomes: Array<{ status: number | undefined; error: string | undefined; close: boolean }> = [];
      for (let i = 0; i < REPEATS; i++) {
        const connection = await streamLargeBody(port, framing);
        outcomes.push({
          status: statusOf(connection.received()),
          error: connection.error(),
          close: /\r\nconnection: close\r\n/i.test(connection.received()),
        });
      }
      expect(outcomes).toEqual(Array.from({ length: REPEATS }, () => ({ status: 413, error: undefined, close: true })));
      // Still serving afterwards.
      expect((await fetch(`${gateways[mode]!.base}/health`)).status).toBe(200);
    },
    60_000,
  );
});

describe.each(['development', 'production'] as const)('expect: 100-continue in %s mode', (mode) => {
  const head = (length: number) =>
    `POST /graphql HTTP/1.1\r\nhost: localhost\r\nx-api-key: ${API_KEY}\r\ncontent-type: application/json\r\nexpect: 100-continue\r\ncontent-length: ${length}\r\n\r\n`;

  it('refuses a body declared over the limit without inviting it, and closes', async () => {
    const connection = await openRaw(Number(new URL(gateways[mode]!.url).port));
    await writeRaw(connection, head(100 * 1024 * 1024));
    let waited = 0;
    while (!connection.isClosed() && waited < 200) {
      await pause(50);
      waited++;
    }
    expect(connection.isClosed()).toBe(true);
    expect(statusOf(connection.received())).toBe(413);
    expect(connection.received()).not.toContain('100 Continue');
  }, 30_000);

  it('invites a body within the limit, then answers it', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const connection = await openRaw(Number(new URL(gateways[mode]!.url).port));
    await writeRaw(connection, head(Buffer.byteLength(body)));
    while (!connection.received().includes('\r\n\r\n') && !connection.isClosed()) await pause(10);
    expect(statusOf(connection.received())).toBe(100);
    await writeRaw(connection, body);
    while (!connection.received().includes('"__typename"') && !connection.isClosed()) await pause(10);
    expect(connection.received()).toMatch(/HTTP\/1\.1 200 OK/);
    connection.socket.destroy();
  }, 30_000);
});

describe('the drain after a 413 is bounded', () => {
  it('closes after HTTP_REFUSED_BODY_DRAIN_MS when the client stops sending', async () => {
    const connection = await openRaw(Number(new URL(bounded.url).port));
    await writeRaw(
      connection,
      'POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{',
    );
    let waited = 0;
    // 200 x 50 ms: far past the 300 ms drain, far short of the 60 s receive timeout.
    while (!connection.isClosed() && waited < 200) {
      await pause(50);
      waited++;
    }
    expect(statusOf(connection.received())).toBe(413);
    expect(connection.isClosed()).toBe(true);
    expect(waited).toBeLessThan(200);
  }, 30_000);

  it('stops reading after HTTP_REFUSED_BODY_DRAIN_BYTES from a client that never stops', async () => {
    const connection = await openRaw(Number(new URL(bounded.url).port));
    await writeRaw(
      connection,
      'POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n',
    );
    const piece = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(0x10000, 0x61), Buffer.from('\r\n')]);
    let sent = 0;
    const cap = 1024 * 1024 * 1024;
    while (!connection.socket.destroyed && !connection.socket.writableEnded && sent < cap) {
      await writeRaw(connection, piece);
      sent += piece.length;
    }
    expect(statusOf(connection.received())).toBe(413);
    expect(sent).toBeLessThan(cap);
  }, 60_000);
});
