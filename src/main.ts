/** `npm start`: read the environment, start the gateway (and the local AWS services when no AWS is configured). */
import { ConfigError } from './config/config.errors.js';
import { loadProcessConfig } from './config/config.load.js';
import type { Config } from './config/config.types.js';
import { createGateway } from './server/gateway.js';
import { startHttpServer } from './server/http.js';
import { type PrometheusServer, startPrometheusServer } from './server/prometheus.server.js';
import { guardProcess } from './server/unhandled-errors.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadProcessConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const gateway = await createGateway(config);
  // Before the public port: a metrics port already taken stops the start with a message naming it.
  let prometheus: PrometheusServer | undefined;
  try {
    prometheus = gateway.metrics.prometheus
      ? await startPrometheusServer(gateway.metrics.prometheus, config.metrics.listener, gateway.log)
      : undefined;
  } catch (error) {
    const { host, port } = config.metrics.listener;
    process.stderr.write(
      `METRICS_HOST/METRICS_PORT: cannot listen on ${host}:${port} (${error instanceof Error ? error.message : String(error)})\n`,
    );
    await gateway.stop();
    process.exit(2);
  }
  // From here on a hole in some error boundary costs a log line and a counter, not the process.
  guardProcess({ log: gateway.log, registry: gateway.metrics.prometheus?.registry });
  const http = await startHttpServer(gateway);
  gateway.log.info(
    {
      url: http.url,
      metricsUrl: prometheus?.url,
      mode: config.mode,
      schema: config.server.schemaKind,
      local: config.aws.local,
      model: config.bedrock.modelId,
    },
    'gateway ready',
  );
  process.stdout.write(
    `\nhybrid-ai-gateway ready at ${http.url}\n${prometheus ? `Prometheus metrics at ${prometheus.url}\n` : ''}${config.server.schemaKind === 'subgraph' ? 'Serving the Apollo Federation 2 subgraph schema (SUBGRAPH=1).\n' : ''}${config.aws.local.enabled ? 'Using the embedded local AWS services (no AWS account needed).\n' : ''}\n`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    gateway.log.info({ signal }, 'shutting down');
    try {
      await http.close();
      await prometheus?.close();
      await gateway.stop();
    } catch (error) {
      // Exit anyway: an orchestrator waiting for the process would otherwise SIGKILL it later.
      gateway.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
