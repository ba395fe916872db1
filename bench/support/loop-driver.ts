/**
 * One load loop for both sides of a latency comparison (gateway over HTTP, AWS SDK direct), so they are
 * paced and timed the same way: `concurrency` workers, closed loop or a shared fixed-rate schedule,
 * warm-up discarded, bounded by time and by a request cap. Latency is timed from send to last byte.
 */
import { Agent, request } from 'node:http';

export interface LoopOptions {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Total requests per second across workers; absent means closed loop (as fast as answers come). */
  ratePerSecond?: number;
  /** Safety cap on requests started. */
  maxRequests?: number;
}

export interface LoopResult {
  latenciesMs: number[];
  completed: number;
  /** Every request sent, warm-up included (per-request CPU divides by it). */
  started: number;
  failed: number;
  elapsedMs: number;
  firstError?: string;
}

export async function runLoop(options: LoopOptions, send: (n: number) => Promise<void>): Promise<LoopResult> {
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const stopAt = measureFrom + options.durationMs;
  const maxRequests = options.maxRequests ?? 1_000_000;
  const interval = options.ratePerSecond ? 1000 / options.ratePerSecond : 0;
  const latenciesMs: number[] = [];
  let started = 0;
  let failed = 0;
  let firstError: string | undefined;
  let nextSlot = start;

  const worker = async (): Promise<void> => {
    for (;;) {
      if (interval > 0) {
        // Never let a stall turn into a catch-up burst longer than a second.
        nextSlot = Math.max(nextSlot, performance.now() - 1000);
        const slot = nextSlot;
        nextSlot += interval;
        const wait = slot - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const sentAt = performance.now();
      if (sentAt >= stopAt || started >= maxRequests) return;
      const n = started++;
      try {
        await send(n);
        if (sentAt >= measureFrom) latenciesMs.push(performance.now() - sentAt);
      } catch (error) {
        if (sentAt >= measureFrom) failed += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return {
    latenciesMs,
    completed: latenciesMs.length,
    started,
    failed,
    elapsedMs: Math.min(performance.now(), stopAt) - measureFrom,
    ...(firstError ? { firstError } : {}),
  };
}

export interface GraphQLPoster {
  /** Rejects on a non-200 status or a GraphQL `errors` entry. */
  post(body: string): Promise<void>;
  close(): void;
}

/** A keep-alive node:http client with one socket per worker, as a real client pool would hold. */
export function graphQLPoster(url: string, sockets: number): GraphQLPoster {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const target = new URL(url);
  return {
    post(body) {
      return new Promise<void>((resolve, reject) => {
        const req = request(
          {
            agent,
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
              else if (text.includes('"errors":')) reject(new Error(`GraphQL errors: ${text.slice(0, 300)}`));
              else resolve();
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
