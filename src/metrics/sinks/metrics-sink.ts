/** The contract between the metrics plugin and a sink. */
import type { MetricsSinkName } from '../../config/config.types.js';
import type { RequestObservation } from '../request-observation.js';

export interface SinkStats {
  /** Requests observed. */
  recorded: number;
  /** Samples (or events) given up: buffer full, rejected, out of retries, stopped. */
  dropped: number;
  /** Failed deliveries (API calls, writes) and internal errors, each caught here. */
  failures: number;
}

export interface MetricsSink {
  readonly name: MetricsSinkName;
  /** Synchronous and never throws: called on the request path. */
  record(observation: RequestObservation): void;
  /** Delivers what is buffered (Lambda calls it per invocation). Never rejects. */
  flush(): Promise<void>;
  /** Final flush, then release timers and connections. Never rejects. */
  stop(): Promise<void>;
  stats(): SinkStats;
}
