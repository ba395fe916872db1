/**
 * `npm run measure:cold-start [runs]`: Lambda cold-start figures for the compiled handler (run
 * `npm run build` first), measured the way the benchmark's cold-start scenario measures them: the
 * probe (scripts/lambda-cold-start.probe.mjs) in fresh Node processes configured as serverless.yml
 * configures the function, against the local AWS services started once here. Prints the medians.
 */
import { existsSync } from 'node:fs';
import { type LambdaRun, lambdaOnce } from '../bench/scenarios/cold-start.js';
import { spread } from '../bench/support/stats.js';
import { startLocalUpstreams } from '../src/local/services/local-upstreams.js';

const runs = Number(process.argv[2] ?? 5);
if (!existsSync(new URL('../dist/server/lambda.js', import.meta.url))) {
  process.stderr.write('dist/server/lambda.js is missing: run `npm run build` first\n');
  process.exit(1);
}

const upstreams = await startLocalUpstreams({ host: '127.0.0.1', port: 0 });
const results: LambdaRun[] = [];
try {
  for (let i = 0; i < runs; i += 1) results.push(await lambdaOnce(upstreams.url));
} finally {
  await upstreams.close();
}

const keys = ['answerMs', 'moduleLoadMs', 'schemaBuildMs', 'firstInvocationMs', 'warmInvocationMs'] as const;
process.stdout.write(`Lambda cold start, ${runs} fresh processes, Node ${process.version} (median / min / max, ms):\n`);
for (const key of keys) {
  const { median, min, max } = spread(results.map((run) => run[key]));
  process.stdout.write(
    `  ${key.padEnd(18)} ${median.toFixed(1).padStart(8)} ${min.toFixed(1).padStart(8)} ${max.toFixed(1).padStart(8)}\n`,
  );
}
