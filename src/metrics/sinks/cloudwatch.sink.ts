/**
 * Buffers, aggregates and sends metrics with PutMetricData, off the request path: `record` only
 * adds to a bounded buffer; sends happen on an interval, when the buffer holds a call's worth, on
 * `flush()` and on `stop()`. A failing or hanging CloudWatch costs dropped samples (counted), never
 * a slower or failed GraphQL request.
 */
import { type CloudWatchClient, CloudWatchServiceException, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { Logger } from 'pino';
import { type DatumSettings, datumsFor, type MetricDatum } from '../metric-datums.js';
import type { RequestObservation } from '../request-observation.js';
import {
  type AggregatedDatum,
  DatumAggregator,
  PUT_METRIC_DATA_LIMITS,
  planCalls,
  samplesIn,
  toSdkDatum,
} from './cloudwatch.aggregator.js';
import type { MetricsSink, SinkStats } from './metrics-sink.js';

export interface CloudWatchSinkOptions extends DatumSettings {
  client: CloudWatchClient;
  namespace: string;
  /** Interval of the timed flush, ms. */
  flushIntervalMs: number;
  /**
   * Levels with no request to observe them (a circuit breaker's state: an open circuit sees no calls),
   * sampled into the buffer on every timed flush.
   */
  levels?: () => readonly MetricDatum[];
  /** Aggregated datums held at most; samples beyond are dropped and counted. */
  maxBufferedDatums: number;
  /** Flush early once this many datums wait (default: one full call, 1,000). */
  flushAtDatums?: number;
  /** Deadline of one PutMetricData call, ms (default 10 s). */
  requestTimeoutMs?: number;
  /** Sends of one datum before it is given up (default 3). */
  maxAttempts?: number;
  /** Backoff after a failed send: full jitter on base * 2^(n-1), capped (defaults 1 s, 60 s). */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** How long `stop()` waits for the final flush, ms (default 5 s). */
  stopTimeoutMs?: number;
  log?: Logger;
}

export interface CloudWatchSinkStats extends SinkStats {
  /** Datums waiting to be sent. */
  buffered: number;
  /** PutMetricData calls that succeeded, and the datums and samples they carried. */
  calls: number;
  sentDatums: number;
  sentSamples: number;
}

/** Errors of the request itself (bad parameters): sending it again cannot help. */
function retryable(error: unknown): boolean {
  if (!(error instanceof CloudWatchServiceException)) return true;
  if (error.$fault === 'server') return true;
  return error.name === 'Throttling' || error.name === 'ThrottlingException' || error.$retryable !== undefined;
}

export class CloudWatchSink implements MetricsSink {
  readonly name = 'cloudwatch' as const;
  private readonly buffer: DatumAggregator;
  private readonly timer: NodeJS.Timeout;
  /** Aborts in-flight sends when `stop()` runs out of time. */
  private readonly closing = new AbortController();
  private flushing: Promise<void> | undefined;
  private stopped = false;
  private consecutiveFailures = 0;
  private retryNotBefore = 0;
  private readonly counts = { recorded: 0, dropped: 0, failures: 0, calls: 0, sentDatums: 0, sentSamples: 0 };

  constructor(private readonly options: CloudWatchSinkOptions) {
    this.buffer = new DatumAggregator(options.maxBufferedDatums);
    this.timer = setInterval(() => {
      this.sampleLevels();
      this.flushIfDue();
    }, options.flushIntervalMs);
    // Metrics alone never keep a process alive; stop() flushes what is left.
    this.timer.unref();
  }

  record(observation: RequestObservation): void {
    try {
      if (this.stopped) {
        this.counts.dropped += datumsFor(observation, this.options).length;
        return;
      }
      this.counts.recorded++;
      const at = observation.startedAt;
      for (const datum of datumsFor(observation, this.options)) {
        if (!this.buffer.add(datum, at)) this.counts.dropped++;
      }
      if (this.buffer.size >= (this.options.flushAtDatums ?? PUT_METRIC_DATA_LIMITS.datumsPerCall)) this.flushIfDue();
    } catch (error) {
      this.counts.failures++;
      this.options.log?.warn({ err: error }, 'cloudwatch metrics: record failed');
    }
  }

  private sampleLevels(): void {
    if (!this.options.levels || this.stopped) return;
    try {
      const at = Date.now();
      for (const datum of this.options.levels()) if (!this.buffer.add(datum, at)) this.counts.dropped++;
    } catch (error) {
      this.counts.failures++;
      this.options.log?.warn({ err: error }, 'cloudwatch metrics: sampling levels failed');
    }
  }

  /** Timed and size-triggered flushes wait out the backoff after failures; `flush()` does not. */
  private flushIfDue(): void {
    if (this.flushing || Date.now() < this.retryNotBefore || this.buffer.size === 0) return;
    void this.flush();
  }

  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    const calls = planCalls(this.buffer.drain());
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i] ?? [];
      try {
        await this.send(call);
        this.consecutiveFailures = 0;
        this.retryNotBefore = 0;
      } catch (error) {
        this.counts.failures++;
        this.options.log?.warn({ err: error, datums: call.length }, 'cloudwatch metrics: PutMetricData failed');
        if (!retryable(error)) {
          this.counts.dropped += call.reduce((sum, datum) => sum + samplesIn(datum), 0);
          continue;
        }
        // The service is in trouble: keep this and the remaining calls for later, behind a backoff.
        this.backOff();
        this.giveBack(calls.slice(i).flat(), call);
        return;
      }
    }
  }

  private async send(call: readonly AggregatedDatum[]): Promise<void> {
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000);
    await this.options.client.send(new PutMetricDataCommand({ Namespace: this.options.namespace, MetricData: call.map(toSdkDatum) }), {
      abortSignal: AbortSignal.any([timeout, this.closing.signal]),
    });
    this.counts.calls++;
    this.counts.sentDatums += call.length;
    this.counts.sentSamples += call.reduce((sum, datum) => sum + samplesIn(datum), 0);
  }

  private backOff(): void {
    this.consecutiveFailures++;
    const base = this.options.retryBaseMs ?? 1000;
    const ceiling = Math.min(this.options.retryCapMs ?? 60_000, base * 2 ** (this.consecutiveFailures - 1));
    this.retryNotBefore = Date.now() + Math.random() * ceiling;
  }

  /** Requeues unsent datums; those of the failed call count an attempt, and are dropped when out of attempts. */
  private giveBack(unsent: readonly AggregatedDatum[], failed: readonly AggregatedDatum[]): void {
    const maxAttempts = this.options.maxAttempts ?? 3;
    const failedSet = new Set(failed);
    const keep: AggregatedDatum[] = [];
    for (const datum of unsent) {
      if (failedSet.has(datum)) datum.attempts++;
      if (datum.attempts >= maxAttempts || this.stopped) this.counts.dropped += samplesIn(datum);
      else keep.push(datum);
    }
    this.counts.dropped += this.buffer.requeue(keep);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    clearInterval(this.timer);
    // Wait for a running flush (it may hang: the deadline covers it), then send what is left once.
    const final = (async () => {
      await this.flushing;
      this.stopped = true;
      await this.flush();
    })();
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([final, new Promise<void>((resolve) => (deadline = setTimeout(resolve, this.options.stopTimeoutMs ?? 5000)))]);
    clearTimeout(deadline);
    this.stopped = true;
    this.closing.abort();
    await final.catch(() => undefined);
    this.counts.dropped += this.buffer.drain().reduce((sum, datum) => sum + samplesIn(datum), 0);
  }

  stats(): CloudWatchSinkStats {
    return { ...this.counts, buffered: this.buffer.size };
  }
}
