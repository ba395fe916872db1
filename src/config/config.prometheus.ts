/**
 * Where Prometheus is served (its own listener, never the public port) and which operation names
 * always keep their own label; parsed with the rest of the environment by `loadConfig`.
 */
import { z } from 'zod';
import { ConfigError } from './config.errors.js';

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

export const prometheusEnvShape = {
  // Loopback, as Apollo Router serves its metrics: the series name models, endpoints, tenants and spend.
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  // The OpenTelemetry Prometheus exporter's port; 0 picks a free one (tests).
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  // Operation names (comma-separated) that keep their own label however many names anonymous callers invent.
  METRICS_KNOWN_OPERATIONS: z.string().optional(),
};

const prometheusEnvSchema = z.object(prometheusEnvShape);
type PrometheusEnv = z.infer<typeof prometheusEnvSchema>;

export interface PrometheusSettings {
  listener: { host: string; port: number };
  knownOperations: string[];
}

function knownOperations(list: string | undefined): string[] {
  const names = (list ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of names) {
    if (!GRAPHQL_NAME.test(name))
      throw new ConfigError('METRICS_KNOWN_OPERATIONS', `"${name.slice(0, 100)}" is not a GraphQL operation name`);
  }
  return [...new Set(names)];
}

export function prometheusSettings(parsed: PrometheusEnv): PrometheusSettings {
  return {
    listener: { host: parsed.METRICS_HOST, port: parsed.METRICS_PORT },
    knownOperations: knownOperations(parsed.METRICS_KNOWN_OPERATIONS),
  };
}
