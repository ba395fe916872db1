/**
 * Credentials over real sockets: padded, look-alike and duplicated keys are refused, and a stream of
 * wrong keys shows as a counter of the same size and a bounded number of log lines that never hold
 * a key.
 */
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.load.js';
import { sha256Hex } from '../../src/digest.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { createGateway, type Gateway } from '../../src/server/gateway.js';
import { type HttpServer, startHttpServer } from '../../src/server/http.js';
import { type PrometheusServer, startPrometheusServer } from '../../src/server/prometheus.server.js';
import { parsePrometheus } from '../metrics/support.js';
import { startTestUpstreams } from '../support/test-gateway.js';

const KEY = 'acme-secret-key';
const LOG_LINES = 5;
const BODY = JSON.stringify({ query: '{ estimateCost(input: {content: "hello world"}) { inputTokens } }' });

let upstreams: LocalUpstreams;
let gateway: Gateway;
let http: HttpServer;
let metrics: PrometheusServer;
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = loadConfig({
    // Anonymous access on: a refused credential must not fall back to it.
    ALLOW_ANONYMOUS: 'on',
    API_KEYS: `acme:${sha256Hex(KEY)}`,
    METRICS_SINKS: 'prometheus',
    AUTH_FAILURE_LOG_LINES: String(LOG_LINES),
    // Longer than the test: every refusal falls in one window.
    AUTH_FAILURE_LOG_INTERVAL_MS: '3600000',
  });
  gateway = await createGateway(config, { localUpstreams: upstreams, logger: pino({ level: 'warn' }, destination) });
  http = await startHttpServer(gateway, '127.0.0.1', 0);
  metrics = await startPrometheusServer(gateway.metrics.prometheus!, { host: '127.0.0.1', port: 0 }, gateway.log);
});
afterAll(async () => {
  await http?.close();
  await metrics?.close();
  await gateway?.stop();
  await upstreams?.close();
});

/** One POST /graphql written byte for byte (latin1), so that headers arrive exactly as the test spells them. */
function rawPost(headerLines: readonly string[]): Promise<number> {
  const { port } = new URL(http.url);
  const head = [
    'POST /graphql HTTP/1.1',
    'Host: 127.0.0.1',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(BODY)}`,
    'Connection: close',
    ...headerLines,
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(Buffer.from(`${head}\r\n\r\n${BODY}`, 'latin1')));
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
    });
    socket.once('error', reject);
    socket.once('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
  });
}

const scrape = async () => parsePrometheus(await (await fetch(metrics.url)).text());

describe('credentials over the wire', () => {
  it('accepts the exact key, and the optional whitespace HTTP puts around a field value (RFC 9110 5.5) is not part of it', async () => {
    expect(await rawPost([`x-api-key: ${KEY}`])).toBe(200);
    expect(await rawPost([`x-api-key:   ${KEY} \t`])).toBe(200);
    expect(await rawPost([`Authorization: Bearer ${KEY}`])).toBe(200);
  });

  it.each([
    ['a trailing no-break space (byte A0)', [`x-api-key: ${KEY}\xa0`]],
    ['a no-break space inside the bearer credential', [`Authorization: Bearer\xa0${KEY}`]],
    ['the key twice in two x-api-key headers', [`x-api-key: ${KEY}`, `x-api-key: ${KEY}`]],
    ['an empty x-api-key header', ['x-api-key:']],
    ['an x-api-key and a bearer key at once', [`x-api-key: ${KEY}`, `Authorization: Bearer ${KEY}`]],
    ['a key in another case', [`x-api-key: ${KEY.toUpperCase()}`]],
    // Node keeps only the first of repeated Authorization headers; the gateway sees them all.
    ['the bearer key twice in two Authorization headers', [`Authorization: Bearer ${KEY}`, `Authorization: Bearer ${KEY}`]],
    ['a good and a bad bearer key in two Authorization headers', [`Authorization: Bearer ${KEY}`, 'Authorization: Bearer nope']],
  ])('refuses %s with 401 although anonymous access is on', async (_what, headerLines) => {
    expect(await rawPost(headerLines)).toBe(401);
  });

  it("logs a refusal over HTTP with the caller's address", async () => {
    expect(await rawPost(['x-api-key: not-a-key'])).toBe(401);
    const refusals = logLines.filter((line) => line.msg === 'authentication failed');
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.every((line) => line.remoteAddress === '127.0.0.1')).toBe(true);
  });

  it('counts every wrong key and logs at most the configured lines, with request ids and without the keys', async () => {
    // Prepare
    const before = (await scrape()).sum('gateway_auth_failures_total', { reason: 'bad_key' });
    const linesBefore = logLines.filter((line) => line.msg === 'authentication failed' && line.reason === 'bad_key').length;
    const guesses = Array.from({ length: 25 }, (_, i) => `guess-${i}-${'x'.repeat(i)}`);

    // Act: sequentially, each with its own request id.
    const statuses: number[] = [];
    for (const [i, guess] of guesses.entries()) {
      const response = await fetch(http.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': guess, 'x-request-id': `guess-request-${i}` },
        body: BODY,
      });
      statuses.push(response.status);
    }
    const after = (await scrape()).sum('gateway_auth_failures_total', { reason: 'bad_key' });

    // Assess
    expect(statuses).toEqual(guesses.map(() => 401));
    expect(after - before).toBe(guesses.length);
    const allLines = logLines.filter((line) => line.msg === 'authentication failed' && line.reason === 'bad_key');
    // One window for the whole file: its first LOG_LINES refusals are logged, no more.
    expect(allLines).toHaveLength(LOG_LINES);
    const lines = allLines.slice(linesBefore);
    for (const line of lines) {
      expect(line).toMatchObject({ component: 'auth', source: 'x-api-key', level: 40 });
      expect(String(line.requestId)).toMatch(/^guess-request-\d+$|^[0-9a-f-]{36}$/);
      expect(String(line.credentialSha256)).toMatch(/^[0-9a-f]{8}$/);
    }
    const text = JSON.stringify(logLines);
    for (const guess of guesses) expect(text).not.toContain(guess);
    expect(text).not.toContain(KEY);
  });

  it('exports every reason, zero included, so an alert can watch a series that exists', async () => {
    const exposition = await scrape();
    const reasons = exposition.samples.filter((sample) => sample.name === 'gateway_auth_failures_total').map((s) => s.labels.reason);

    expect(exposition.types.get('gateway_auth_failures_total')).toBe('counter');
    expect(reasons).toEqual(
      expect.arrayContaining(['missing', 'malformed', 'bad_key', 'bad_token', 'expired', 'not_yet_valid', 'no_expiry', 'too_long_lived']),
    );
  });
});
