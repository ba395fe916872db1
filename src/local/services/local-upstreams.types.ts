/** The public surface of the local, wire-compatible AWS services (Bedrock Runtime, SageMaker Runtime, CloudWatch). */
import type { Analysers, DocumentKind } from '../analysers/analysis.types.js';

export type LocalServiceName = 'bedrock' | 'sagemaker' | 'cloudwatch';

/** One request as the local services saw it; tests count upstream calls with these. */
export interface RecordedCall {
  service: LocalServiceName;
  /** converse | invoke | count-tokens | invocations | ping | PutMetricData */
  operation: string;
  /** Model id (decoded) or endpoint name; '' for CloudWatch and the container routes. */
  target: string;
  /** SageMaker: number of instances in the body; otherwise 1. */
  instances: number;
  /** From amz-sdk-request (attempt=N), 1 when absent. */
  attempt: number;
  status: number;
  httpVersion: string;
  /** The client connection that carried it (a number per TCP connection, in order of arrival). */
  connection: number;
  at: number;
  /** Bedrock: the document blocks; SageMaker: the instances' text. Absent when the body carries none. */
  documents?: ReceivedDocument[];
}

/** A summary of one document in a request body: enough for a test to see what the upstream was given. */
export interface ReceivedDocument {
  /** Converse document block format (pdf, docx, ...); absent for text. */
  format?: string;
  name?: string;
  /** Decoded bytes of a document block. */
  bytes?: number;
  /** The first 200 characters of a text instance. */
  excerpt?: string;
}

/** A fault to inject. Matching is by service and optionally target; the first matching rule wins. */
export interface FaultRule {
  service?: LocalServiceName;
  target?: string;
  /** Added latency before answering, in ms. */
  latencyMs?: number;
  /** Probability in [0,1] that the request fails with `errorType` (default 1 when errorType is set). */
  errorRate?: number;
  /** An AWS error name of the service, e.g. ThrottlingException, ModelError, ServiceUnavailable. */
  errorType?: string;
  /** Answer 200 with a body that is not valid for the protocol. */
  malformed?: boolean;
  /** Never answer (until the client gives up or the server closes). */
  hang?: boolean;
  /** Destroy the socket without an answer. */
  drop?: boolean;
  /**
   * Bedrock Converse only: answer as usual, but with this as the tool input, as a model steered off
   * its schema (by instructions hidden in the document, say) would; the gateway must not pass it on.
   */
  toolInput?: Record<string, unknown>;
  /** Apply to at most this many matching requests, then the rule is spent. */
  times?: number;
}

export interface ReceivedMetricDatum {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  unit?: string;
  value?: number;
  values?: number[];
  counts?: number[];
  statisticValues?: { SampleCount: number; Sum: number; Minimum: number; Maximum: number };
  timestamp?: number;
}

export interface LocalUpstreamsOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** SageMaker endpoint name -> domain analyser. Defaults: the four endpoint names of the design. */
  endpoints?: Record<string, DocumentKind>;
  /** Shared analysers; created (once) when absent. */
  analysers?: Analysers;
  /** Bytes; default 6 MiB as SageMaker (Bedrock: 25 MB, CloudWatch: 1 MB are fixed). */
  sagemakerMaxPayloadBytes?: number;
  faults?: FaultRule[];
}

export interface LocalUpstreams {
  /** One base URL (http://127.0.0.1:PORT) serving all three services, HTTP/1.1 and h2c. */
  readonly url: string;
  readonly calls: readonly RecordedCall[];
  readonly metrics: readonly ReceivedMetricDatum[];
  resetCalls(): void;
  setFaults(rules: FaultRule[]): void;
  close(): Promise<void>;
}
