/**
 * Slow and greedy clients against the real HTTP front, over raw sockets, in development and
 * production mode: a slowloris trickling headers, a client stalling mid-body, idle keep-alive
 * connections, a connection cap, an oversized head. The timeouts are short here (HTTP_*_MS below);
 * Node's defaults would keep each of these sockets for minutes.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { openRaw, pause, statusOf, writeRaw } from '../support/raw-client.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

const API_KEY = 'connections-key';
const SHORT = { HTTP_HEADERS_TIMEOUT_MS: '400', HTTP_RECEIVE_TIMEOUT_MS: '800', HTTP_KEEP_ALIVE_TIMEOUT_MS: '300' };
// Long timeouts here, so that no held connection is closed by one while the cap is being tested.
const CAPPED = {
  HTTP_MAX_CONNECTIONS: '4',
  HTTP_KEEP_ALIVE_TIMEOUT_MS: '600000',
  HTTP_HEADERS_TIMEOUT_MS: '600000',
  HTTP_RECEIVE_TIMEOUT_MS: '600000',
};

let upstreams: LocalUpstreams;
const gateways: Partial<Record<'development' | 'production', TestGateway>> = {};
const capped: Partial<Record<'development' | 'production', TestGateway>> = {};
const production = {
  GATEWAY_MODE: 'production',
  ALLOW_ANONYMOUS: 'off',
  API_KEYS: `conn:${createHash('sha256').update(API_KEY).digest('hex')}`,
};

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  gateways.development = await startTestGateway({ ...SHORT, CACHE_ENABLED: 'off' }, upstreams);
  gateways.production = await startTestGateway({ ...SHORT, CACHE_ENABLED: 'off', ...production }, upstreams);
  capped.development = await startTestGateway({ ...CAPPED, CACHE_ENABLED: 'off' }, upstreams);
  capped.production = await startTestGateway({ ...CAPPED, CACHE_ENABLED: 'off', ...production }, upstreams);
}, 60_000);
afterAll(async () => {
  await gateways.development?.close();
  await gateways.production?.close();
  await capped.development?.close();
  await capped.production?.close();
  await upstreams?.close();
});

const portOf = (gateway: TestGateway) => Number(new URL(gateway.url).port);

// Many times the timeouts above; Node's defaults (60 s, 300 s) would not close within it.
const PATIENCE_STEPS = 200;
const STEP_MS = 50;

describe.each(['development', 'production'] as const)('HTTP connections in %s mode', (mode) => {
  it('cuts off a slowloris client that trickles its headers a byte at a time, with a 408', async () => {
    const connection = await openRaw(portOf(gateways[mode]!));
    await writeRaw(connection, 'POST /graphql HTTP/1.1\r\nhost: localhost\r\nx-slow: ');
    let sent = 0;
    while (!connection.isClosed() && sent < PATIENCE_STEPS) {
      // A new header line now and then, as slowloris does, so no single line grows long.
      await writeRaw(connection, sent % 10 === 9 ? '\r\nx-slow: ' : 'a');
      sent++;
      await pause(STEP_MS);
    }
    expect(connection.isClosed()).toBe(true);
    expect(sent).toBeLessThan(PATIENCE_STEPS);
    expect(statusOf(connection.received())).toBe(408);
  }, 30_000);

  it('cuts off a client that stalls in the middle of its body, with a 408', async () => {
    const connection = await openRaw(portOf(gateways[mode]!));
    await writeRaw(
      connection,
      `POST /graphql HTTP/1.1\r\nhost: localhost\r\nx-api-key: ${API_KEY}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"query": "{ __typ`,
    );
    let waited = 0;
    while (!connection.isClosed() && waited < PATIENCE_STEPS) {
      await pause(STEP_MS);
      waited++;
    }
    expect(connection.isClosed()).toBe(true);
    expect(waited).toBeLessThan(PATIENCE_STEPS);
    expect(statusOf(connection.received())).toBe(408);
    expect(connection.received()).toContain('"code":"BAD_REQUEST"');
  }, 30_000);

  it('closes a keep-alive connection left idle after its answer', async () => {
    const connection = await openRaw(portOf(gateways[mode]!));
    await writeRaw(connection, 'GET /health HTTP/1.1\r\nhost: localhost\r\n\r\n');
    let waited = 0;
    while (!connection.isClosed() && waited < PATIENCE_STEPS) {
      await pause(STEP_MS);
      waited++;
    }
    expect(statusOf(connection.received())).toBe(200);
    expect(connection.isClosed()).toBe(true);
    expect(waited).toBeLessThan(PATIENCE_STEPS);
  }, 30_000);

  it('answers 431 to a request head over the header size limit', async () => {
    const connection = await openRaw(portOf(gateways[mode]!));
    await writeRaw(connection, `GET /health HTTP/1.1\r\nhost: localhost\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
    await connection.closed;
    expect(statusOf(connection.received())).toBe(431);
  });

  it('closes connections over HTTP_MAX_CONNECTIONS as they arrive, and serves again once one leaves', async () => {
    const port = portOf(capped[mode]!);
    // Four open connections, each having completed a request (so the server has counted it).
    const held = await Promise.all(Array.from({ length: 4 }, () => openRaw(port)));
    for (const connection of held) await writeRaw(connection, 'GET /health HTTP/1.1\r\nhost: localhost\r\n\r\n');
    while (held.some((connection) => statusOf(connection.received()) !== 200)) await pause(10);

    const refused = await openRaw(port);
    await writeRaw(refused, 'GET /health HTTP/1.1\r\nhost: localhost\r\n\r\n');
    await refused.closed;
    expect(refused.received()).toBe('');

    for (const connection of held) connection.socket.destroy();
    await Promise.all(held.map((connection) => connection.closed));
    // The server sees the held sockets go a moment after this side does: a few tries, never a wait on time.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      try {
        status = (await fetch(`${capped[mode]!.base}/health`, { headers: { connection: 'close' } })).status;
      } catch {
        await pause(50);
      }
    }
    expect(status).toBe(200);
  }, 30_000);
});
