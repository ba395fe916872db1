/**
 * The POST of a job's final state to its callbackUrl, signed as Stripe signs webhooks:
 * `x-gateway-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, so a receiver can
 * check the sender and refuse replays older than its tolerance. Only hosts on the operator's
 * allow-list (exact names) are ever called: a caller cannot point the gateway at an internal address.
 * Retried with exponential backoff (base, 2x base, 4x base, ...) until a 2xx or the attempts run out.
 */
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { JobCallbackConfig } from '../config/config.jobs.js';
import { ErrorCode, gatewayError } from '../errors.js';
import type { JobSnapshot } from './job.types.js';

export const SIGNATURE_HEADER = 'x-gateway-signature';

/** Refuses a callbackUrl at submit (BAD_USER_INPUT) unless callbacks are configured and its host is allowed. */
export function checkCallbackUrl(url: string, config: JobCallbackConfig): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, 'callbackUrl is not a URL', { extensions: { field: 'callbackUrl' } });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, 'callbackUrl must be http or https', { extensions: { field: 'callbackUrl' } });
  }
  if (!config.secret) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, 'callbacks are not configured on this gateway', { extensions: { field: 'callbackUrl' } });
  }
  if (parsed.username || parsed.password || !config.allowedHosts.includes(parsed.hostname.toLowerCase())) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, `callbackUrl host ${parsed.hostname} is not on the allow-list`, {
      extensions: { field: 'callbackUrl' },
    });
  }
  return parsed.toString();
}

export function signCallback(secret: string, timestamp: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${digest}`;
}

/** The job as the callback and the CLI see it: dates as ISO strings. */
export function jobView(job: JobSnapshot) {
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  return {
    id: job.id,
    status: job.status,
    total: job.total,
    completed: job.completed,
    failed: job.failed,
    createdAt: iso(job.createdAt),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    estimatedUsd: job.estimatedUsd,
    actualUsd: job.actualUsd,
  };
}

export class CallbackSender {
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly config: JobCallbackConfig,
    private readonly log: Logger,
  ) {}

  /** Starts the delivery in the background; failures are logged, never thrown. */
  send(job: JobSnapshot): void {
    const url = job.callbackUrl;
    const secret = this.config.secret;
    if (!url || !secret) return;
    const delivery = this.deliver(url, secret, JSON.stringify({ type: 'analysisJob.finished', job: jobView(job) }), job.id)
      .catch((error: unknown) => this.log.warn({ err: String(error), jobId: job.id }, 'job callback failed'))
      .finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  private async deliver(url: string, secret: string, body: string, jobId: string): Promise<void> {
    for (let attempt = 1; attempt <= this.config.maxAttempts; attempt++) {
      if (this.stopping.signal.aborted) return;
      // Signed per attempt: a receiver's replay window counts from the send, not from the job's end.
      const timestamp = Math.floor(Date.now() / 1000);
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signCallback(secret, timestamp, body) },
          body,
          redirect: 'manual',
          signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.config.timeoutMs)]),
        });
        await response.body?.cancel();
        if (response.ok) return;
        this.log.warn({ jobId, attempt, status: response.status }, 'job callback refused');
      } catch (error) {
        this.log.warn({ jobId, attempt, err: String(error) }, 'job callback not delivered');
      }
      if (attempt < this.config.maxAttempts) await this.pause(this.config.baseDelayMs * 2 ** (attempt - 1));
    }
    throw new Error(`no 2xx after ${this.config.maxAttempts} attempts`);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.stopping.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Abandons retries still waiting (a stopping worker); deliveries are at-most-this-process. */
  async close(): Promise<void> {
    this.stopping.abort();
    await Promise.all([...this.inFlight]);
  }
}
