/**
 * A process-wide last resort: an unhandled promise rejection or an uncaught exception is logged and
 * counted (`gateway_unhandled_errors_total{kind}` when Prometheus is on) instead of ending the
 * process. Every request path has its own error boundary; reaching this means one of them has a hole,
 * and one request must not take every other request (and, behind a load balancer, the instance) down.
 */

import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';

export type UnhandledErrorKind = 'unhandledRejection' | 'uncaughtException';

/** The part of `process` this needs, so a test can pass an EventEmitter of its own. */
export interface ProcessEvents {
  on(event: UnhandledErrorKind, listener: (error: unknown) => void): unknown;
  off(event: UnhandledErrorKind, listener: (error: unknown) => void): unknown;
}

export interface UnhandledErrorsOptions {
  log: Logger;
  /** The gateway's Prometheus registry, when that sink is on. */
  registry?: Registry | undefined;
  target?: ProcessEvents;
  prefix?: string;
}

/** Installs the handlers; returns a function that removes them. */
export function guardProcess(options: UnhandledErrorsOptions): () => void {
  const target = options.target ?? process;
  const counter = options.registry
    ? new Counter({
        name: `${options.prefix ?? 'gateway_'}unhandled_errors_total`,
        help: 'Unhandled promise rejections and uncaught exceptions, logged and survived.',
        labelNames: ['kind'],
        registers: [options.registry],
      })
    : undefined;
  // Zero series from the start, so an alert on any increase has something to compare with.
  counter?.inc({ kind: 'unhandledRejection' }, 0);
  counter?.inc({ kind: 'uncaughtException' }, 0);
  const listenerFor = (kind: UnhandledErrorKind) => (error: unknown) => {
    counter?.inc({ kind });
    try {
      options.log.error({ err: error, kind }, 'unhandled error survived');
    } catch {
      // A broken log destination must not turn a survived error into a fatal one.
    }
  };
  const onRejection = listenerFor('unhandledRejection');
  const onException = listenerFor('uncaughtException');
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
