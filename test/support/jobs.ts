/** Helpers for the job tests: documents, the job operations, polling a job, and `npm run worker` children. */
import { type ChildProcess, spawn } from 'node:child_process';
import { sha256Hex } from '../../src/digest.js';
import { stdoutMatch } from './ready-url.js';
import type { GraphQLResponse, TestGateway } from './test-gateway.js';

const root = new URL('../../', import.meta.url).pathname;

export const ACME_KEY = 'acme-job-key-0001';
export const GLOBEX_KEY = 'globex-job-key-0001';
export const ACME = { 'x-api-key': ACME_KEY };
export const GLOBEX = { 'x-api-key': GLOBEX_KEY };
export const TWO_TENANTS = { API_KEYS: `acme:${sha256Hex(ACME_KEY)},globex:${sha256Hex(GLOBEX_KEY)}` };

const TEXT =
  'The Danube is the second-longest river in Europe, after the Volga in Russia. It flows through much of Central and Southeastern Europe, from the Black Forest into the Black Sea.';

/** `count` distinct GENERAL documents (one Bedrock call each when not cached), marked by `run`. */
export function jobDocuments(run: string, count: number): Array<{ id: string; content: string }> {
  return Array.from({ length: count }, (_, index) => ({ id: `${run}-${index}`, content: `${TEXT}\n[job ${run} document ${index}]` }));
}

export const SUBMIT = `mutation Submit($input: SubmitAnalysisJobInput!) {
  submitAnalysisJob(input: $input) { id status total completed failed estimatedUsd actualUsd }
}`;

export const JOB = `query Job($id: ID!, $first: Int, $after: String) {
  analysisJob(id: $id) {
    id status total completed failed createdAt startedAt finishedAt estimatedUsd actualUsd
    results(first: $first, after: $after) {
      edges { cursor node { index documentId error { code message } analysis { id method cost { actualUsd } } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const CANCEL = `mutation Cancel($id: ID!) { cancelAnalysisJob(id: $id) { id status completed failed } }`;

export interface JobView {
  id: string;
  status: string;
  total: number;
  completed: number;
  failed: number;
  finishedAt?: string | null;
  actualUsd: number;
  estimatedUsd: number;
  results?: {
    edges: Array<{
      cursor: string;
      node: { index: number; documentId: string; error: { code: string; message: string } | null; analysis: { id: string } | null };
    }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

export async function submitJob(gateway: TestGateway, input: Record<string, unknown>, headers: Record<string, string>): Promise<JobView> {
  const response = await gateway.query<{ submitAnalysisJob: JobView }, unknown>(SUBMIT, { input }, headers);
  if (!response.data?.submitAnalysisJob) throw new Error(`submit failed: ${JSON.stringify(response.errors)}`);
  return response.data.submitAnalysisJob;
}

export async function readJob(gateway: TestGateway, id: string, headers: Record<string, string>, first = 1): Promise<JobView | null> {
  const response = await gateway.query<{ analysisJob: JobView | null }, unknown>(JOB, { id, first }, headers);
  if (response.errors) throw new Error(`read failed: ${JSON.stringify(response.errors)}`);
  return response.data?.analysisJob ?? null;
}

const FINAL = new Set(['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED']);

/** Polls until `until(job)` holds (by default: a final status); fails after `timeoutMs`. */
export async function waitForJob(
  gateway: TestGateway,
  id: string,
  headers: Record<string, string>,
  until: (job: JobView) => boolean = (job) => FINAL.has(job.status),
  timeoutMs = 60_000,
): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  let job: JobView | null = null;
  while (Date.now() < deadline) {
    job = await readJob(gateway, id, headers);
    if (job && until(job)) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${id} did not get there: ${JSON.stringify(job)}`);
}

/** Every result of a job, page by page. */
export async function allResults(
  gateway: TestGateway,
  id: string,
  headers: Record<string, string>,
): Promise<NonNullable<JobView['results']>['edges']> {
  const edges: NonNullable<JobView['results']>['edges'] = [];
  let after: string | null = null;
  for (;;) {
    const response: GraphQLResponse<{ analysisJob: JobView }> = await gateway.query<{ analysisJob: JobView }, unknown>(
      JOB,
      { id, first: 100, after },
      headers,
    );
    const page: JobView['results'] = response.data?.analysisJob.results;
    if (!page) throw new Error(`results failed: ${JSON.stringify(response.errors)}`);
    edges.push(...page.edges);
    if (!page.pageInfo.hasNextPage) return edges;
    after = page.pageInfo.endCursor;
  }
}

export interface WorkerChild {
  child: ChildProcess;
  pid: number;
  stop(): Promise<void>;
}

/**
 * `npm run worker` (src/worker.ts) as a real process, pointed at the test's local AWS services as if
 * they were AWS (endpoint URL, dummy credentials), so the test counts its upstream calls.
 */
export async function startWorker(env: Record<string, string>, upstreamUrl: string): Promise<WorkerChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'silent',
      LOCAL_UPSTREAMS: 'off',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDLOCALGATEWAY',
      AWS_SECRET_ACCESS_KEY: 'local-secret',
      AWS_ENDPOINT_URL: upstreamUrl,
      METRICS_SINKS: 'none',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await stdoutMatch(child, /worker (ready)/, 60_000);
  return {
    child,
    pid: child.pid as number,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Documents the local SageMaker service analysed (instances over all batched calls). */
export function sagemakerDocuments(calls: ReadonlyArray<{ service: string; operation: string; instances: number }>): number {
  return calls.filter((call) => call.service === 'sagemaker' && call.operation !== 'ping').reduce((sum, call) => sum + call.instances, 0);
}
