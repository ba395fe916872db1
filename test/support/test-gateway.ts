/** Starts a real gateway over HTTP on a free port, against real local AWS services, for e2e tests. */

import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { type Env, loadConfig } from '../../src/config/config.load.js';
import type { Config } from '../../src/config/config.types.js';
import { startLocalUpstreams } from '../../src/local/services/local-upstreams.js';
import type { LocalUpstreams, RecordedCall } from '../../src/local/services/local-upstreams.types.js';
import { createGateway, type Gateway } from '../../src/server/gateway.js';
import { startHttpServer } from '../../src/server/http.js';
import { startPrometheusServer } from '../../src/server/prometheus.server.js';

export interface GraphQLResponse<T> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export interface TestGateway {
  config: Config;
  gateway: Gateway;
  url: string;
  base: string;
  /** Prometheus on its own listener (127.0.0.1, a free port), when that sink is on. */
  metricsUrl: string | undefined;
  query<T, V>(document: TypedDocumentNode<T, V> | string, variables?: V, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export async function startTestGateway(env: Env = {}, localUpstreams?: LocalUpstreams): Promise<TestGateway> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const gateway = await createGateway(config, localUpstreams ? { localUpstreams } : {});
  const http = await startHttpServer(gateway, '127.0.0.1', 0);
  const prometheus = gateway.metrics.prometheus
    ? await startPrometheusServer(gateway.metrics.prometheus, { host: '127.0.0.1', port: 0 }, gateway.log)
    : undefined;
  return {
    config,
    gateway,
    url: http.url,
    base: http.url.replace(/\/graphql$/, ''),
    metricsUrl: prometheus?.url,
    async query(document, variables, headers = {}) {
      const response = await fetch(http.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse<never>, 'status' | 'headers'>;
      return { status: response.status, headers: response.headers, ...body } as GraphQLResponse<never>;
    },
    async close() {
      await http.close();
      await prometheus?.close();
      await gateway.stop();
    },
  };
}

/** The model calls one service received (SageMaker container pings left out). */
export function upstreamCallsTo(upstreams: LocalUpstreams, service: 'bedrock' | 'sagemaker'): RecordedCall[] {
  return upstreams.calls.filter((call) => call.service === service && call.operation !== 'ping');
}

/** The endpoint map our default config expects from the local SageMaker service. */
export function startTestUpstreams(): Promise<LocalUpstreams> {
  return startLocalUpstreams({ host: '127.0.0.1', port: 0 });
}
