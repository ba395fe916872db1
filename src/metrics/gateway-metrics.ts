/** Builds the metrics plugin and the configured sinks of one gateway, and owns their lifecycle. */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { ANONYMOUS_TENANT } from '../auth/authenticator.js';
import type { Config } from '../config/config.types.js';
import type { GatewayContext } from '../server/context.js';
import { BoundedLabels } from './bounded-labels.js';
import { knownLabels } from './known-labels.js';
import type { MetricDatum } from './metric-datums.js';
import { MetricsPlugin, recordObservation } from './metrics.plugin.js';
import type { RequestObservation } from './request-observation.js';
import { createCloudWatchClient } from './sinks/cloudwatch.client.js';
import { CloudWatchSink, type CloudWatchSinkOptions } from './sinks/cloudwatch.sink.js';
import { EmfSink, type EmfWriter } from './sinks/emf.sink.js';
import type { MetricsSink, SinkStats } from './sinks/metrics-sink.js';
import { PrometheusSink } from './sinks/prometheus.sink.js';

export interface GatewayMetricsOptions {
  log: Logger;
  /** The local services' URL, when this gateway uses them. */
  localUrl: string | undefined;
  /** Levels the CloudWatch sink samples on each timed flush (circuit states). */
  levels?: () => readonly MetricDatum[];
  /** Where EMF lines go (default stdout). */
  emfWriter?: EmfWriter;
  /** Tuning of the CloudWatch sink beyond the config (tests shorten timeouts and backoff). */
  cloudwatch?: Partial<
    Pick<CloudWatchSinkOptions, 'flushAtDatums' | 'requestTimeoutMs' | 'maxAttempts' | 'retryBaseMs' | 'retryCapMs' | 'stopTimeoutMs'>
  >;
}

export interface GatewayMetrics {
  readonly plugin: ApolloServerPlugin<GatewayContext>;
  readonly sinks: readonly MetricsSink[];
  readonly cloudwatch: CloudWatchSink | undefined;
  readonly emf: EmfSink | undefined;
  readonly prometheus: PrometheusSink | undefined;
  /** Records a request the plugin did not see (a replayed answer): sinks and the log line. */
  record(observation: RequestObservation, log: Logger): void;
  /** Stats per sink name. */
  stats(): Record<string, SinkStats>;
  /** Delivers buffered metrics now (Lambda: after each invocation). Never rejects. */
  flush(): Promise<void>;
  /** Final flush and release (gateway.stop()). Never rejects. */
  stop(): Promise<void>;
}

/** Accounting that runs after the response: queued, drained on the next turn of the event loop or by flush(). */
class AfterResponse {
  private tasks: Array<() => void> = [];
  private scheduled = false;

  readonly defer = (task: () => void): void => {
    this.tasks.push(task);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  };

  drain(): void {
    this.scheduled = false;
    const tasks = this.tasks;
    this.tasks = [];
    for (const task of tasks) task();
  }
}

export function createGatewayMetrics(config: Config, options: GatewayMetricsOptions): GatewayMetrics {
  const { sinks: names, namespace, tenantDimension } = config.metrics;
  const log = options.log.child({ component: 'metrics' });
  const sinks: MetricsSink[] = [];
  const stats = (): Record<string, SinkStats> => Object.fromEntries(sinks.map((sink) => [sink.name, sink.stats()]));

  const client = names.includes('cloudwatch') ? createCloudWatchClient(config, options.localUrl) : undefined;
  const cloudwatch = client
    ? new CloudWatchSink({
        client,
        namespace,
        tenantDimension,
        flushIntervalMs: config.metrics.flushIntervalMs,
        maxBufferedDatums: config.metrics.maxBufferedDatums,
        log,
        ...(options.levels ? { levels: options.levels } : {}),
        ...options.cloudwatch,
      })
    : undefined;
  const emf = names.includes('emf')
    ? new EmfSink({ namespace, tenantDimension, log, ...(options.emfWriter ? { writer: options.emfWriter } : {}) })
    : undefined;
  const prometheus = names.includes('prometheus') ? new PrometheusSink({ tenantDimension, sinkStats: stats, log }) : undefined;
  for (const sink of [prometheus, cloudwatch, emf]) if (sink) sinks.push(sink);

  const afterResponse = new AfterResponse();
  const plugin = MetricsPlugin({
    defer: afterResponse.defer,
    sinks,
    labels: new BoundedLabels({ known: knownLabels(config) }),
    authenticated: (tenant) => tenant !== ANONYMOUS_TENANT,
    responseUsage: config.metrics.responseUsage,
    shownTarget: (target) => (target === config.bedrock.modelId ? config.bedrock.displayModelId : target),
    onError: (error) => log.warn({ err: error }, 'metrics plugin step failed'),
  });

  return {
    plugin,
    record: (observation, requestLog) =>
      afterResponse.defer(() =>
        recordObservation(observation, requestLog, { sinks, onError: (error) => log.warn({ err: error }, 'metrics record failed') }),
      ),
    sinks,
    cloudwatch,
    emf,
    prometheus,
    stats,
    async flush() {
      afterResponse.drain();
      await Promise.all(sinks.map((sink) => sink.flush().catch(() => undefined)));
    },
    async stop() {
      afterResponse.drain();
      await Promise.all(sinks.map((sink) => sink.stop().catch(() => undefined)));
      client?.destroy();
    },
  };
}
