/**
 * 6. Cold start: spawn to first analyzeDocument answer, for `npm start` (node --import tsx src/main.ts),
 * for the container's compiled entry (node dist/main.js), both with PORT=0 and the embedded local
 * services, and for the compiled Lambda handler's first invocation (dist/server/lambda.js).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { markedDocument } from '../support/documents.js';
import { analyzeBody, postGraphQL } from '../support/graphql-bodies.js';
import { REPO_ROOT } from '../support/processes.js';
import type { BenchSettings, Scenario, ScenarioResult } from '../support/scenario.js';
import { startUpstreams, stopAll } from '../support/servers.js';
import { showSpread, spread } from '../support/stats.js';

const LAMBDA_BUILD = join(REPO_ROOT, 'dist/server/lambda.js');
const LAMBDA_PROBE = join(REPO_ROOT, 'scripts/lambda-cold-start.probe.mjs');
const START_TIMEOUT_MS = 60_000;

/** A clean environment: no AWS credentials or endpoints from the caller's shell. */
function baseEnv(): NodeJS.ProcessEnv {
  const { PATH, HOME, TMPDIR } = process.env;
  return { ...(PATH ? { PATH } : {}), ...(HOME ? { HOME } : {}), ...(TMPDIR ? { TMPDIR } : {}) };
}

/** The compiled build that the container and Lambda run (`npm run build`); its own time is not counted. */
async function buildOnce(): Promise<number> {
  const started = performance.now();
  await promisify(execFile)('npm', ['run', 'build'], { cwd: REPO_ROOT, env: process.env, maxBuffer: 16 * 1024 * 1024 });
  return performance.now() - started;
}

interface ServerStartRun {
  readyMs: number;
  answerMs: number;
}

/** `npm start` (tsx on the sources) or the container's `node dist/main.js`, both with the embedded local services. */
async function serverStartOnce(argv: readonly string[], body: string): Promise<ServerStartRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [...argv], {
    cwd: REPO_ROOT,
    env: { ...baseEnv(), PORT: '0', METRICS_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', LOCAL_UPSTREAMS: 'on' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${argv.join(' ')}: no "ready at" line in time`)), START_TIMEOUT_MS);
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /ready at (http:\/\/\S+\/graphql)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      void exited.then(() => reject(new Error(`${argv.join(' ')} exited early: ${output.slice(-300)}`)));
    });
    const readyMs = performance.now() - started;
    const answer = await postGraphQL(url, body);
    if (answer.status !== 200 || answer.errors > 0)
      throw new Error(`${argv.join(' ')}: first answer HTTP ${answer.status} ${answer.firstError ?? ''}`);
    return { readyMs, answerMs: performance.now() - started };
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }
}

export interface LambdaRun {
  /** Spawn to the first invocation's answer. */
  answerMs: number;
  moduleLoadMs: number;
  schemaBuildMs: number;
  firstInvocationMs: number;
  warmInvocationMs: number;
}

/**
 * The compiled handler in a fresh plain-Node process (no tsx), configured as serverless.yml configures
 * the function, against local services in another process (as Lambda talks to AWS).
 */
export async function lambdaOnce(upstreamUrl: string): Promise<LambdaRun> {
  const started = performance.now();
  const env = {
    ...baseEnv(),
    NODE_ENV: 'production',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCALBENCH',
    AWS_SECRET_ACCESS_KEY: 'local-secret',
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: upstreamUrl,
    AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: upstreamUrl,
    AWS_ENDPOINT_URL_CLOUDWATCH: upstreamUrl,
    LOCAL_UPSTREAMS: 'off',
    // Production never opens anonymous access on its own; the probe calls without credentials.
    ALLOW_ANONYMOUS: 'on',
    METRICS_SINKS: 'emf',
    LOG_LEVEL: 'silent',
  };
  const { stdout } = await promisify(execFile)(process.execPath, [LAMBDA_PROBE], { cwd: REPO_ROOT, env, timeout: START_TIMEOUT_MS });
  const wallMs = performance.now() - started;
  const probe = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Omit<LambdaRun, 'answerMs'>;
  // The probe builds the schema once more after the import (to time it alone) before invoking.
  return { ...probe, answerMs: wallMs - probe.schemaBuildMs - probe.warmInvocationMs };
}

async function measure(settings: BenchSettings): Promise<ScenarioResult> {
  const body = analyzeBody(markedDocument('FINANCIAL', 'cold-start'), 'PARALLEL');
  const buildMs = await buildOnce();
  const npmRuns: ServerStartRun[] = [];
  const containerRuns: ServerStartRun[] = [];
  for (let run = 0; run < settings.runs; run++) {
    npmRuns.push(await serverStartOnce(['--import', 'tsx', 'src/main.ts'], body));
    containerRuns.push(await serverStartOnce(['dist/main.js'], body));
  }
  const lambdaRuns: LambdaRun[] = [];
  let lambdaProblem: string | undefined;
  if (existsSync(LAMBDA_BUILD)) {
    const upstreams = await startUpstreams('real');
    try {
      for (let run = 0; run < settings.runs; run++) lambdaRuns.push(await lambdaOnce(upstreams.info.url));
    } catch (error) {
      lambdaProblem = error instanceof Error ? error.message.slice(0, 300) : String(error);
    } finally {
      await stopAll(upstreams);
    }
  } else {
    lambdaProblem = 'dist/server/lambda.js missing after the build';
  }
  const ms = (values: number[]) => showSpread(spread(values), 0, ' ms');
  const npmAnswer = spread(npmRuns.map((run) => run.answerMs));
  const containerAnswer = spread(containerRuns.map((run) => run.answerMs));
  const lambdaAnswer = spread(lambdaRuns.map((run) => run.answerMs));
  const lambdaOk = lambdaRuns.length > 0 && !lambdaProblem;
  const serverRow = (label: string, runs: ServerStartRun[]) => [
    label,
    ms(runs.map((run) => run.answerMs)),
    `ready line ${ms(runs.map((run) => run.readyMs))}`,
    'then one analyzeDocument (both models, real analysers)',
  ];
  return {
    goal: 'report only (no target given): spawn to first analyzeDocument answer',
    met: null,
    verdict: `npm start ${npmAnswer.median.toFixed(0)} ms; container build ${containerAnswer.median.toFixed(0)} ms; Lambda ${lambdaOk ? `${lambdaAnswer.median.toFixed(0)} ms` : 'failed'}`,
    table: {
      headers: ['entry', 'spawn → first answer', 'phase 1', 'phase 2'],
      rows: [
        serverRow('npm start (tsx src/main.ts, embedded local services)', npmRuns),
        serverRow('container entry (node dist/main.js, embedded local services)', containerRuns),
        lambdaOk
          ? [
              'Lambda handler (dist/server/lambda.js), first invocation',
              ms(lambdaRuns.map((run) => run.answerMs)),
              `module load ${ms(lambdaRuns.map((run) => run.moduleLoadMs))}; schema build alone ${ms(lambdaRuns.map((run) => run.schemaBuildMs))}`,
              `first invocation ${ms(lambdaRuns.map((run) => run.firstInvocationMs))}; warm ${ms(lambdaRuns.map((run) => run.warmInvocationMs))}`,
            ]
          : ['Lambda handler, first invocation', `failed: ${lambdaProblem ?? 'unknown'}`, '', ''],
      ],
    },
    notes: [
      `The compiled entries run what \`npm run build\` wrote (built once at the start, ${(buildMs / 1000).toFixed(1)} s, not counted). npm start transpiles TypeScript on the fly with tsx, as \`npm start\` does.`,
      'Both servers load the local analysers and start the embedded services before the ready line. The Lambda probe (scripts/lambda-cold-start.probe.mjs, plain Node) imports the handler, builds the schema once more alone to time it, then invokes twice (API Gateway v2 events); its spawn → first answer excludes that extra schema build and the warm invocation. It talks to local services already running in another process, as Lambda talks to AWS.',
      "Spawned with `process.execPath` (the Node that runs the bench), not through npm, so npm's own start-up (~0.3 s) is not counted.",
    ],
    figures: {
      npmStartAnswerMs: npmAnswer,
      containerAnswerMs: containerAnswer,
      lambdaAnswerMs: lambdaOk ? lambdaAnswer : null,
      lambdaModuleLoadMs: lambdaOk ? spread(lambdaRuns.map((run) => run.moduleLoadMs)) : null,
      lambdaSchemaBuildMs: lambdaOk ? spread(lambdaRuns.map((run) => run.schemaBuildMs)) : null,
      buildMs,
    },
    runs: [
      ...npmRuns.map((run) => ({ entry: 'npm start', ...run })),
      ...containerRuns.map((run) => ({ entry: 'container', ...run })),
      ...lambdaRuns.map((run) => ({ entry: 'lambda', ...run })),
    ],
  };
}

export const coldStart: Scenario = { name: 'cold-start', title: '6. Cold start', run: measure };
