/**
 * `npm run measure:cold-start [runs]`: Lambda cold-start figures for the compiled handler (run
 * `npm run build` first). Starts the local AWS services once, then runs scripts/lambda-cold-start.probe.mjs
 * in fresh Node processes configured as serverless.yml configures the function (LOCAL_UPSTREAMS=off,
 * production mode), with the SDK pointed at the local services, and prints the medians.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startLocalUpstreams } from '../src/local/services/local-upstreams.js';

interface Run {
  moduleLoadMs: number;
  schemaBuildMs: number;
  firstInvocationMs: number;
  warmInvocationMs: number;
  heapUsedMb: number;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const probe = fileURLToPath(new URL('./lambda-cold-start.probe.mjs', import.meta.url));
const runs = Number(process.argv[2] ?? 5);
if (!existsSync(new URL('../dist/server/lambda.js', import.meta.url))) {
  process.stderr.write('dist/server/lambda.js is missing: run `npm run build` first\n');
  process.exit(1);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const upstreams = await startLocalUpstreams({ host: '127.0.0.1', port: 0 });
const env = {
  PATH: process.env.PATH ?? '',
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  LOCAL_UPSTREAMS: 'off',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDCOLDSTART',
  AWS_SECRET_ACCESS_KEY: 'cold-start-secret',
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: upstreams.url,
  AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: upstreams.url,
  AWS_ENDPOINT_URL_CLOUDWATCH: upstreams.url,
};
const results: Run[] = [];
try {
  for (let i = 0; i < runs; i += 1) {
    const { stdout } = await promisify(execFile)(process.execPath, [probe], { cwd: root, env });
    results.push(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Run);
  }
} finally {
  await upstreams.close();
}

const keys = ['moduleLoadMs', 'schemaBuildMs', 'firstInvocationMs', 'warmInvocationMs', 'heapUsedMb'] as const;
process.stdout.write(`Lambda cold start, ${runs} fresh processes, Node ${process.version} (median / min / max):\n`);
for (const key of keys) {
  const values = results.map((run) => run[key]);
  process.stdout.write(
    `  ${key.padEnd(18)} ${median(values).toFixed(1).padStart(8)} ${Math.min(...values)
      .toFixed(1)
      .padStart(8)} ${Math.max(...values)
      .toFixed(1)
      .padStart(8)}\n`,
  );
}
