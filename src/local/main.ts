/**
 * `npm run local-services`: serves the local Bedrock Runtime, SageMaker Runtime and CloudWatch on one port
 * and prints the environment that points unmodified AWS SDKs at it.
 */
import { pino } from 'pino';
import { parseFaultRules } from './services/faults.js';
import { startLocalUpstreams } from './services/local-upstreams.js';

/** LocalStack's customary edge port, so existing AWS_ENDPOINT_URL habits carry over. */
const DEFAULT_PORT = 4566;

async function main(): Promise<void> {
  const logger = pino({ name: 'local-services' });
  const port = process.env.PORT === undefined || process.env.PORT === '' ? DEFAULT_PORT : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be an integer 0-65535 (got "${process.env.PORT}")`);
  const host = process.env.HOST ?? '127.0.0.1';
  const faults = process.env.LOCAL_FAULTS ? parseFaultRules(process.env.LOCAL_FAULTS) : [];

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
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
