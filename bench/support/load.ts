/** autocannon, driven from code: warm-up discarded, float-precision latencies captured per response. */
import autocannon from 'autocannon';
import { type LatencyPercentiles, latencyPercentiles } from './stats.js';

export interface CannonOptions {
  url: string;
  connections: number;
  /** Seconds of load; ignored when `amount` is set. */
  durationSec?: number;
  /** Stop after this many requests. */
  amount?: number;
  /** The same body for every request ... */
  body?: string;
  /** ... or a body per request (n counts from 0 across the run). */
  bodyFor?: (n: number) => string;
  timeoutSec?: number;
}

export interface CannonResult {
  requestsPerSecond: number;
  responses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  elapsedSec: number;
  latency: LatencyPercentiles;
}

export async function cannon(options: CannonOptions): Promise<CannonResult> {
  let n = 0;
  const bodyFor = options.bodyFor;
  const latencies: number[] = [];
  let ok = 0;
  const started = performance.now();
  let finish: (result: autocannon.Result) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      ...(options.amount ? { amount: options.amount } : { duration: options.durationSec ?? 5 }),
      timeout: options.timeoutSec ?? 30,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      ...(bodyFor ? { requests: [{ setupRequest: (request) => ({ ...request, body: bodyFor(n++) }) }] } : { body: options.body ?? '' }),
    },
    (error: unknown, result) => (error ? fail(error instanceof Error ? error : new Error(String(error))) : finish(result)),
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) {
      ok += 1;
      latencies.push(responseTime);
    }
  });
  const result = await done;
  const elapsedSec = (performance.now() - started) / 1000;
  return {
    requestsPerSecond: ok / elapsedSec,
    responses: ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    elapsedSec,
    latency: latencyPercentiles(latencies),
  };
}
