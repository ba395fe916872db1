/** Writes each request's metrics as EMF JSON lines (stdout by default): for Lambda, no API calls. */
import type { Logger } from 'pino';
import { type DatumSettings, datumsFor } from '../metric-datums.js';
import type { RequestObservation } from '../request-observation.js';
import { emfEvents } from './emf.format.js';
import type { MetricsSink, SinkStats } from './metrics-sink.js';

export type EmfWriter = (line: string) => void;

export interface EmfSinkOptions extends DatumSettings {
  namespace: string;
  /** Receives one JSON document per call, newline included; default: process.stdout. */
  writer?: EmfWriter;
  log?: Logger;
}

const stdoutWriter: EmfWriter = (line) => {
  process.stdout.write(line);
};

export class EmfSink implements MetricsSink {
  readonly name = 'emf' as const;
  private readonly counts = { recorded: 0, dropped: 0, failures: 0, events: 0 };
  private readonly writer: EmfWriter;

  constructor(private readonly options: EmfSinkOptions) {
    this.writer = options.writer ?? stdoutWriter;
  }

  record(observation: RequestObservation): void {
    try {
      this.counts.recorded++;
      const events = emfEvents(datumsFor(observation, this.options), {
        namespace: this.options.namespace,
        timestamp: Math.round(observation.startedAt),
        properties: { requestId: observation.requestId, operation: observation.operation },
      });
      for (const event of events) {
        this.writer(`${JSON.stringify(event)}\n`);
        this.counts.events++;
      }
    } catch (error) {
      this.counts.failures++;
      this.counts.dropped++;
      this.options.log?.warn({ err: error }, 'emf metrics: write failed');
    }
  }

  async flush(): Promise<void> {}

  async stop(): Promise<void> {}

  stats(): SinkStats & { events: number } {
    return { ...this.counts };
  }
}
