/**
 * Fuzzes the HTTP front over raw sockets: thousands of malformed and hostile requests (request line,
 * target, headers, framing, bodies), generated from a seed, against a real gateway process in
 * development and in production mode. After every batch the process must be alive and /health must
 * answer 200; every answer must be a well-formed HTTP response or a closed socket, never a hang, and
 * never a 5xx (a 5xx means a path outside the error boundaries). FUZZ_SEED and FUZZ_CASES override
 * the seed and the number of cases per mode.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, startGatewayProcess } from '../support/gateway-process.js';
import { type FuzzCase, firstStatus, fuzzCase, seededRandom, sendRaw } from '../support/http-fuzz.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_203);
const CASES_PER_MODE = Number(process.env.FUZZ_CASES ?? 1500);
const BATCH = 250;
const CONCURRENCY = 16;
// Far above any answer's time here; the timeouts below make the server close a stalled request sooner.
const CASE_TIMEOUT_MS = 15_000;

const API_KEY = 'fuzz-key';
// No fuzz case calls a model, so no local AWS services (their analysers take most of a start): the
// SDK endpoints point at a closed loopback port instead.
const SERVER_ENV = {
  // Error lines only: a survived unhandled error is logged at this level (src/server/unhandled-errors.ts).
  LOG_LEVEL: 'error',
  HTTP_HEADERS_TIMEOUT_MS: '3000',
  HTTP_RECEIVE_TIMEOUT_MS: '5000',
  LOCAL_UPSTREAMS: 'off',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDFUZZ',
  AWS_SECRET_ACCESS_KEY: 'fuzz-secret',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  METRICS_SINKS: 'prometheus',
};

const gateways: Partial<Record<'development' | 'production', GatewayProcess>> = {};

beforeAll(async () => {
  const [development, production] = await Promise.all([
    startGatewayProcess(SERVER_ENV),
    startGatewayProcess({
      ...SERVER_ENV,
      GATEWAY_MODE: 'production',
      ALLOW_ANONYMOUS: 'off',
      API_KEYS: `fuzz:${createHash('sha256').update(API_KEY).digest('hex')}`,
    }),
  ]);
  gateways.development = development;
  gateways.production = production;
}, 120_000);

afterAll(async () => {
  await Promise.all([gateways.development?.stop(), gateways.production?.stop()]);
});

interface Failure {
  index: number;
  kind: string;
  problem: string;
  bytes: string;
}

/** What a case got: a failure, or the status answered (0: closed without an answer). */
async function runCase(port: number, index: number, fuzz: FuzzCase): Promise<Failure | number> {
  const exchange = await sendRaw(port, fuzz.bytes, CASE_TIMEOUT_MS);
  const failure = (problem: string): Failure => ({
    index,
    kind: fuzz.kind,
    problem,
    bytes: JSON.stringify(fuzz.bytes.subarray(0, 300).toString('latin1')),
  });
  if (exchange.hung) return failure(`no answer and no close within ${CASE_TIMEOUT_MS} ms`);
  // A closed socket with nothing sent is a fair answer to garbage.
  if (exchange.received.length === 0) return 0;
  const status = firstStatus(exchange.received);
  if (typeof status === 'string') return failure(status);
  if (status >= 500) return failure(`answered ${status}: ${JSON.stringify(exchange.received.toString('latin1').slice(0, 300))}`);
  return status;
}

async function health(gateway: GatewayProcess): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${gateway.port}/health`);
  await response.arrayBuffer();
  return response.status;
}

/** `gateway_unhandled_errors_total` summed over kinds, from the Prometheus listener (not the public port). */
async function unhandledErrorsTotal(gateway: GatewayProcess): Promise<number> {
  expect(gateway.metricsUrl, 'the start banner names the Prometheus listener').toBeDefined();
  const response = await fetch(gateway.metricsUrl!);
  const text = await response.text();
  expect(response.status).toBe(200);
  // The counter is registered at start, so an absent series means the wrong registry, not zero.
  expect(text).toMatch(/^# TYPE gateway_unhandled_errors_total counter$/m);
  const values = [...text.matchAll(/^gateway_unhandled_errors_total\{[^}]*\} (\S+)$/gm)].map((match) => Number(match[1]));
  return values.reduce((sum, value) => sum + value, 0);
}

describe.each(['development', 'production'] as const)('the HTTP front in %s mode, fuzzed over raw sockets', (mode) => {
  it(`survives ${CASES_PER_MODE} malformed requests (seed ${SEED}), answering each well-formed or closing`, async () => {
    const gateway = gateways[mode]!;
    const random = seededRandom(SEED + (mode === 'production' ? 1 : 0));
    const cases = Array.from({ length: CASES_PER_MODE }, () => fuzzCase(random));
    const failures: Failure[] = [];
    const statuses = new Map<number, number>();

    for (let start = 0; start < cases.length; start += BATCH) {
      const batch = cases.slice(start, start + BATCH);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < batch.length) {
          const index = start + next;
          const fuzz = batch[next++]!;
          const outcome = await runCase(gateway.port, index, fuzz);
          if (typeof outcome === 'number') statuses.set(outcome, (statuses.get(outcome) ?? 0) + 1);
          else failures.push(outcome);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));

      const context = `seed ${SEED}, ${mode}, after case ${start + batch.length - 1}; stderr: ${gateway.stderr().slice(-2000)}`;
      expect(gateway.child.exitCode, context).toBeNull();
      expect(await health(gateway), context).toBe(200);
    }

    const reproduce = `seed ${SEED} (FUZZ_SEED=${SEED} reproduces)`;
    const answered = CASES_PER_MODE - failures.length - (statuses.get(0) ?? 0);
    // Most cases are parsed far enough to be answered: a front that closed every socket would pass otherwise.
    expect(answered, `${reproduce}, statuses ${JSON.stringify([...statuses])}`).toBeGreaterThan(CASES_PER_MODE / 2);
    expect(failures.slice(0, 10), `${reproduce}, ${failures.length} failures in ${mode}`).toEqual([]);
    // The process-wide handlers keep the process alive through a hole in a request's error boundary;
    // none may be needed.
    const survived = gateway
      .stdout()
      .split('\n')
      .filter((line) => line.includes('unhandled error survived'));
    expect(survived.slice(0, 3), reproduce).toEqual([]);
    expect(await unhandledErrorsTotal(gateway), reproduce).toBe(0);
  }, 300_000);
});
