/**
 * The local AWS services run inside `npm start`: a malformed request to them (HTTP/1.1 or h2c) must
 * not take the gateway's process down. Seeded cases over raw sockets against a real instance in this
 * process (an uncaught error here fails the run); every answer is well-formed or a closed socket,
 * never a hang, and the services keep answering. FUZZ_SEED overrides the seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalUpstreams } from '../../../src/local/services/local-upstreams.js';
import type { LocalUpstreams } from '../../../src/local/services/local-upstreams.types.js';
import { firstStatus, fuzzCase, seededRandom, sendRaw } from '../../support/http-fuzz.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_203);
const CASES = 600;
const CONCURRENCY = 12;
const CASE_TIMEOUT_MS = 10_000;

const ROUTES = [
  'POST /model/anthropic.claude-3-haiku-20240307-v1%3A0/converse',
  'POST /model/%zz/invoke',
  'POST /model//converse',
  'POST /endpoints/legal-document-analyzer/invocations',
  'POST /endpoints/%/invocations',
  'GET /ping',
  'POST /invocations',
  'POST /',
  'GET //[',
];
const BODIES = [
  '{}',
  '{"messages":[',
  'null',
  '{"instances":[{"text":1}]}',
  '\u00ff\u00fe',
  'Action=PutMetricData&MetricData.member.1.MetricName=x',
  '',
];
const HEADERS = [
  'authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/bedrock/aws4_request',
  'authorization: Bearer x',
  'content-type: application/json',
  'content-type: application/x-amz-json-1.0\r\nx-amz-target: GraniteServiceVersion20100801.PutMetricData',
  'content-encoding: gzip',
  'x-local-fault: {"hang":false,"errorType":"ThrottlingException"}',
  'x-local-fault: {bad json',
  'amz-sdk-request: attempt=99999999999999999999; max=3',
];

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

function localCase(random: () => number): Buffer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const roll = random();
  if (roll < 0.2) {
    // h2c with garbage frames after the preface (and sometimes an empty SETTINGS first).
    const frames = Buffer.alloc(Math.floor(random() * 120));
    for (let i = 0; i < frames.length; i++) frames[i] = Math.floor(random() * 256);
    const settings = random() < 0.5 ? Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]) : Buffer.alloc(0);
    return Buffer.concat([H2_PREFACE.subarray(0, random() < 0.9 ? H2_PREFACE.length : 10), settings, frames]);
  }
  if (roll < 0.5) return fuzzCase(random).bytes;
  const body = Buffer.from(pick(BODIES), 'latin1');
  const [method, path] = pick(ROUTES).split(' ');
  const headers = Array.from({ length: Math.floor(random() * 3) }, () => pick(HEADERS));
  const cut = random() < 0.15 ? Math.floor(random() * body.length) : body.length;
  return Buffer.concat([
    Buffer.from(
      `${method} ${path} HTTP/1.1\r\nhost: localhost\r\n${headers.map((line) => `${line}\r\n`).join('')}content-length: ${body.length}\r\n\r\n`,
      'latin1',
    ),
    body.subarray(0, cut),
  ]);
}

let upstreams: LocalUpstreams;

beforeAll(async () => {
  upstreams = await startLocalUpstreams({ host: '127.0.0.1', port: 0 });
}, 60_000);
afterAll(async () => {
  await upstreams?.close();
});

describe('the local AWS services, fuzzed over raw sockets', () => {
  it(`survive ${CASES} malformed HTTP/1.1 and h2c requests (seed ${SEED}) and keep answering`, async () => {
    const port = Number(new URL(upstreams.url).port);
    const random = seededRandom(SEED);
    const cases = Array.from({ length: CASES }, () => localCase(random));
    const failures: string[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < cases.length) {
        const index = next++;
        const bytes = cases[index]!;
        const exchange = await sendRaw(port, bytes, CASE_TIMEOUT_MS);
        const problem = exchange.hung
          ? 'hung'
          : exchange.received.length === 0 || bytes.subarray(0, 3).toString() === 'PRI'
            ? undefined
            : firstStatus(exchange.received);
        if (typeof problem === 'string')
          failures.push(`${index}: ${problem} for ${JSON.stringify(bytes.subarray(0, 200).toString('latin1'))}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    expect(failures.slice(0, 5), `seed ${SEED} (FUZZ_SEED=${SEED} reproduces), ${failures.length} failures`).toEqual([]);
    const alive = await fetch(`${upstreams.url}/ping`);
    expect(alive.status).toBeLessThan(500);
  }, 120_000);
});
