/**
 * 6. Cold start: spawn to first analyzeDocument answer, for `npm start` (node --import tsx src/main.ts,
 * PORT=0, embedded local services) and for the Lambda handler's first invocation (src/server/lambda.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { markedDocument } from '../support/documents.js';
import { analyzeBody, postGraphQL } from '../support/graphql-bodies.js';
import type { LambdaAnswer, LambdaArgs } from '../support/lambda-child.js';
import { REPO_ROOT, startChild } from '../support/processes.js';
import type { BenchSettings, Scenario, ScenarioResult } from '../support/scenario.js';
import { startUpstreams, stopAll } from '../support/servers.js';
import { showSpread, spread } from '../support/stats.js';

const LAMBDA_MODULE = join(REPO_ROOT, 'src/server/lambda.ts');
const START_TIMEOUT_MS = 60_000;

/** A clean environment: no AWS credentials or endpoints from the caller's shell. */
function baseEnv(): NodeJS.ProcessEnv {
  const { PATH, HOME, TMPDIR } = process.env;
  return { ...(PATH ? { PATH } : {}), ...(HOME ? { HOME } : {}), ...(TMPDIR ? { TMPDIR } : {}) };
}

interface NpmStartRun {
  readyMs: number;
  answerMs: number;
}

async function npmStartOnce(body: string): Promise<NpmStartRun> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...baseEnv(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', LOCAL_UPSTREAMS: 'on' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('npm start: no "ready at" line in time')), START_TIMEOUT_MS);
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /ready at (http:\/\/\S+\/graphql)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      void exited.then(() => reject(new Error(`npm start exited early: ${output.slice(-300)}`)));
    });
    const readyMs = performance.now() - started;
    const answer = await postGraphQL(url, body);
    if (answer.status !== 200 || answer.errors > 0)
      throw new Error(`npm start: first answer HTTP ${answer.status} ${answer.firstError ?? ''}`);
    return { readyMs, answerMs: performance.now() - started };
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }
}

interface LambdaRun extends LambdaAnswer {
  answerMs: number;
}

async function lambdaOnce(body: string, upstreamUrl: string): Promise<LambdaRun> {
  const started = performance.now();
  const args: LambdaArgs = { modulePath: LAMBDA_MODULE, body };
  const env = {
    ...baseEnv(),
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCALBENCH',
    AWS_SECRET_ACCESS_KEY: 'local-secret',
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: upstreamUrl,
    AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: upstreamUrl,
    AWS_ENDPOINT_URL_CLOUDWATCH: upstreamUrl,
    LOCAL_UPSTREAMS: 'off',
    LOG_LEVEL: 'silent',
  };
  const child = await startChild<LambdaAnswer>('lambda-child.ts', {
    args,
    env,
    quiet: true,
    name: 'lambda',
    readyTimeoutMs: START_TIMEOUT_MS,
  });
  const answerMs = performance.now() - started;
  await stopAll(child);
  return { ...child.info, answerMs };
}

async function measure(settings: BenchSettings): Promise<ScenarioResult> {
  const body = analyzeBody(markedDocument('FINANCIAL', 'cold-start'), 'PARALLEL');
  const npmRuns: NpmStartRun[] = [];
  for (let run = 0; run < settings.runs; run++) npmRuns.push(await npmStartOnce(body));

  const lambdaExists = existsSync(LAMBDA_MODULE);
  const lambdaRuns: LambdaRun[] = [];
  if (lambdaExists) {
    const upstreams = await startUpstreams('real');
    try {
      for (let run = 0; run < settings.runs; run++) lambdaRuns.push(await lambdaOnce(body, upstreams.info.url));
    } finally {
      await stopAll(upstreams);
    }
  }
  const lambdaOk = lambdaRuns.length > 0 && lambdaRuns.every((run) => run.ok);
  const npmAnswer = spread(npmRuns.map((run) => run.answerMs));
  const lambdaAnswer = spread(lambdaRuns.map((run) => run.answerMs));
  const lambdaRow = !lambdaExists
    ? ['Lambda handler, first invocation', 'not measured: src/server/lambda.ts does not exist yet', '', '']
    : lambdaOk
      ? [
          'Lambda handler, first invocation',
          showSpread(lambdaAnswer, 0, ' ms'),
          `import ${showSpread(spread(lambdaRuns.map((run) => run.importMs)), 0, ' ms')}`,
          `invoke ${showSpread(spread(lambdaRuns.map((run) => run.invokeMs)), 0, ' ms')}`,
        ]
      : ['Lambda handler, first invocation', `failed: ${lambdaRuns.find((run) => !run.ok)?.problem ?? 'unknown'}`, '', ''];
  return {
    goal: 'report only (no target given): spawn to first analyzeDocument answer',
    met: null,
    verdict: `npm start ${npmAnswer.median.toFixed(0)} ms; Lambda ${!lambdaExists ? 'not measured (no src/server/lambda.ts)' : lambdaOk ? `${lambdaAnswer.median.toFixed(0)} ms` : 'failed'}`,
    table: {
      headers: ['entry', 'spawn → first answer', 'phase 1', 'phase 2'],
      rows: [
        [
          'npm start (tsx src/main.ts, embedded local services)',
          showSpread(npmAnswer, 0, ' ms'),
          `ready line ${showSpread(spread(npmRuns.map((run) => run.readyMs)), 0, ' ms')}`,
          'then one analyzeDocument',
        ],
        lambdaRow,
      ],
    },
    notes: [
      'Both include tsx transpiling TypeScript on the fly (as `npm start` does); a bundled build would start faster. npm start includes loading the local analysers and starting the embedded services; the Lambda run talks to local services already running in another process (as Lambda would talk to AWS).',
      "Spawned with `process.execPath` (the Node that runs the bench), not through npm, so npm's own start-up (~0.3 s) is not counted.",
    ],
    figures: { npmStartAnswerMs: npmAnswer, lambdaAnswerMs: lambdaExists ? lambdaAnswer : null, lambdaMeasured: lambdaExists && lambdaOk },
    runs: [...npmRuns.map((run) => ({ entry: 'npm start', ...run })), ...lambdaRuns.map((run) => ({ entry: 'lambda', ...run }))],
  };
}

export const coldStart: Scenario = { name: 'cold-start', title: '6. Cold start', run: measure };
