/**
 * `npm run analyze -- <files or folders...> [--type LEGAL] [--accuracy HIGH] [--out results.jsonl]`
 * Submits the files as one analysis job to a running gateway, shows its progress, and writes each
 * document's result as a JSON line. Ctrl-C asks whether to cancel the job or leave it running
 * (`--job <id>` collects a job left running). Gateway: --url or GATEWAY_URL (default
 * http://127.0.0.1:4000/graphql); key: --api-key or GATEWAY_API_KEY.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { documentFor, type FileDocument, filesUnder } from './analyze/documents.js';
import { progressLine, usd } from './analyze/progress.js';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    type: { type: 'string' },
    accuracy: { type: 'string' },
    out: { type: 'string', default: 'results.jsonl' },
    url: { type: 'string', default: process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql' },
    'api-key': { type: 'string', default: process.env.GATEWAY_API_KEY },
    'max-cost-usd': { type: 'string' },
    job: { type: 'string' },
    'poll-ms': { type: 'string', default: '500' },
  },
});

interface Job {
  id: string;
  status: string;
  total: number;
  completed: number;
  failed: number;
  actualUsd: number;
  startedAt: string | null;
}

const FINAL = new Set(['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED']);
const JOB_FIELDS = 'id status total completed failed actualUsd startedAt';
const RESULT_FIELDS = `index documentId error { code message }
  analysis { id documentType method architecture reasons latencyMs
    cost { estimatedUsd actualUsd bedrockUsd sagemakerUsd pricingVersion }
    insights { confidenceLevel agreement typeAgreement sentimentAgreement processingMethods recommendations deepAnalysis }
    bedrock { modelId topic keywords sentiment sentimentScore detectedType confidence cached error }
    sagemaker { endpoint label score confidence details cached error } }`;

async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const apiKey = flags['api-key'];
  const response = await fetch(flags.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length || !body.data) {
    const error = body.errors?.[0];
    throw new Error(`${error?.extensions?.code ?? response.status}: ${error?.message ?? 'no data'}`);
  }
  return body.data;
}

async function submit(documents: FileDocument[]): Promise<Job> {
  // The same files submitted again (a re-run after a network error) are the same job.
  const digest = createHash('sha256');
  for (const document of documents) digest.update(`${document.path}\n${document.content}\n`);
  digest.update(`${flags.type ?? ''}/${flags.accuracy ?? ''}/${flags['max-cost-usd'] ?? ''}`);
  const input = {
    documents: documents.map((document) => ({
      id: document.path,
      content: document.content,
      ...(flags.type ? { documentType: flags.type.toUpperCase() } : {}),
      ...(flags.accuracy ? { accuracy: flags.accuracy.toUpperCase() } : {}),
    })),
    idempotencyKey: `cli-${digest.digest('hex')}`,
    ...(flags['max-cost-usd'] ? { maxCostUsd: Number(flags['max-cost-usd']) } : {}),
  };
  const data = await graphql<{ submitAnalysisJob: Job }>(
    `mutation Submit($input: SubmitAnalysisJobInput!) { submitAnalysisJob(input: $input) { ${JOB_FIELDS} } }`,
    { input },
  );
  return data.submitAnalysisJob;
}

async function read(id: string): Promise<Job> {
  const data = await graphql<{ analysisJob: Job | null }>(`query Job($id: ID!) { analysisJob(id: $id) { ${JOB_FIELDS} } }`, { id });
  if (!data.analysisJob) throw new Error(`no job ${id} for this key`);
  return data.analysisJob;
}

// 25 a page: a result with every analysis field costs about 500 under the gateway's query-cost limit (20,000).
async function writeResults(id: string, out: string): Promise<number> {
  const stream = createWriteStream(out);
  let after: string | null = null;
  let written = 0;
  for (;;) {
    const data: { analysisJob: { results: { edges: Array<{ node: unknown }>; pageInfo: { hasNextPage: boolean; endCursor: string } } } } =
      await graphql(
        `query Results($id: ID!, $after: String) { analysisJob(id: $id) { results(first: 25, after: $after) {
          edges { node { ${RESULT_FIELDS} } } pageInfo { hasNextPage endCursor } } } }`,
        { id, after },
      );
    const page = data.analysisJob.results;
    for (const edge of page.edges) {
      stream.write(`${JSON.stringify(edge.node)}\n`);
      written++;
    }
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return written;
}

/** Ctrl-C: ask (on a terminal) whether to cancel; otherwise leave the job running. */
async function interrupted(id: string): Promise<never> {
  process.stderr.write('\n');
  let cancel = false;
  if (process.stdin.isTTY) {
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await prompt.question(`Cancel job ${id}? [y/N] (N leaves it running) `);
    prompt.close();
    cancel = /^y/i.test(answer.trim());
  }
  if (cancel) {
    const data = await graphql<{ cancelAnalysisJob: Job }>(`mutation Cancel($id: ID!) { cancelAnalysisJob(id: $id) { ${JOB_FIELDS} } }`, {
      id,
    });
    process.stderr.write(`job ${id} ${data.cancelAnalysisJob.status}\n`);
  } else {
    process.stderr.write(`job ${id} left running; collect it with: npm run analyze -- --job ${id} --out ${flags.out}\n`);
  }
  process.exit(130);
}

async function follow(job: Job): Promise<Job> {
  const tty = process.stderr.isTTY;
  const started = Date.now();
  let shown = '';
  let current = job;
  while (!FINAL.has(current.status)) {
    await new Promise((resolve) => setTimeout(resolve, Number(flags['poll-ms'])));
    current = await read(job.id);
    const since = current.startedAt ? Date.parse(current.startedAt) : started;
    const line = progressLine({ ...current, elapsedMs: Date.now() - since });
    if (tty) process.stderr.write(`\r${line}\u001b[K`);
    else if (line !== shown) process.stderr.write(`${line}\n`);
    shown = line;
  }
  if (tty) process.stderr.write('\n');
  return current;
}

async function main(): Promise<void> {
  let job: Job | undefined;
  // Installed before anything is sent, so no Ctrl-C falls between submitting and being able to answer it.
  let interrupting = false;
  process.on('SIGINT', () => {
    if (interrupting || !job) process.exit(130);
    interrupting = true;
    interrupted(job.id).catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(130);
    });
  });
  if (flags.job) {
    job = await read(flags.job);
  } else {
    if (positionals.length === 0)
      throw new Error('usage: npm run analyze -- <files or folders...> [--type LEGAL] [--accuracy HIGH] [--out results.jsonl]');
    const documents: FileDocument[] = [];
    for (const path of await filesUnder(positionals)) {
      const document = await documentFor(path);
      if ('skipped' in document) process.stderr.write(`skipped ${document.path}: ${document.skipped}\n`);
      else documents.push(document);
    }
    if (documents.length === 0) throw new Error('no documents to send');
    job = await submit(documents);
    process.stderr.write(`job ${job.id}: ${job.total} documents\n`);
  }
  const done = await follow(job);
  const written = await writeResults(done.id, flags.out);
  process.stderr.write(
    `job ${done.id} ${done.status}: ${done.completed} analysed, ${done.failed} failed, ${usd(done.actualUsd)}; ${written} results in ${flags.out}\n`,
  );
  process.exit(done.status === 'SUCCEEDED' ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
