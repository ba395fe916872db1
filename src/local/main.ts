/**
 * `npm run local-services`: serves the local Bedrock Runtime, SageMaker Runtime and CloudWatch on one port
 * and prints the environment that points unmodified AWS SDKs at it.
 */
import { pino } from 'pino';
import { ConfigError } from '../config/config.errors.js';
import { loadProcessLocalServicesConfig } from '../config/local.config.js';
import { startLocalUpstreams } from './services/local-upstreams.js';

async function main(): Promise<void> {
  const logger = pino({ name: 'local-services' });
  const { host, port, faults } = loadProcessLocalServicesConfig();

  const upstreams = await startLocalUpstreams({ host, port, faults });
  logger.info({ url: upstreams.url, faults: faults.length }, 'local AWS services listening (HTTP/1.1 and h2c)');
  process.stdout.write(
    [
      `Local AWS services: ${upstreams.url}`,
      '',
      '# Point the AWS SDKs at them:',
      `export AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${upstreams.url}`,
      `export AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME=${upstreams.url}`,
      `export AWS_ENDPOINT_URL_CLOUDWATCH=${upstreams.url}`,
      'export AWS_REGION=us-east-1',
      'export AWS_ACCESS_KEY_ID=AKIDEXAMPLE',
      'export AWS_SECRET_ACCESS_KEY=secret',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, calls: upstreams.calls.length }, 'stopping');
    upstreams.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // Same contract as the gateway's main: a bad setting exits 2 with a message naming it.
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
