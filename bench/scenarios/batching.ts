/**
 * 4. Batching: one operation with 100 aliased analyses (25 of each type) against 100 separate requests
 * for 100 other distinct documents, all in flight at once. Upstream calls counted at the local services.
 */
import { DOCUMENT_TYPES, markedDocument } from '../support/documents.js';
import { aliasedAnalysesBody, analyzeBody, postGraphQL } from '../support/graphql-bodies.js';
import { graphQLPoster } from '../support/loop-driver.js';
import type { BenchSettings, Scenario, ScenarioResult } from '../support/scenario.js';
import {
  CACHE_OFF_ENV,
  fixedLatency,
  startGateway,
  startUpstreams,
  stopAll,
  UPSTREAM_LATENCY_MS,
  type UpstreamsChild,
  upstreamCalls,
} from '../support/servers.js';
import { showSpread, spread } from '../support/stats.js';
import type { UpstreamCallCounts } from '../support/upstreams-child.js';

const ANALYSES = 100;
/** The gateway's default SAGEMAKER_MAX_BATCH_SIZE. */
const MAX_BATCH = 25;
const MIN_SAGEMAKER_CALLS = DOCUMENT_TYPES.length * Math.ceil(ANALYSES / DOCUMENT_TYPES.length / MAX_BATCH);

function documents(run: string) {
  return Array.from({ length: ANALYSES }, (_, n) =>
    markedDocument(DOCUMENT_TYPES[Math.floor(n / (ANALYSES / 4))] ?? 'GENERAL', `${run}-${n}`),
  );
}

interface BatchingRun {
  batchedMs: number;
  batchedCalls: UpstreamCallCounts;
  batchedAnalyses: number;
  batchedErrors: number;
  batchedFirstError?: string;
  separateMs: number;
  separateCalls: UpstreamCallCounts;
  separateFailed: number;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

async function callsDuring(upstreams: UpstreamsChild, work: () => Promise<unknown>): Promise<UpstreamCallCounts> {
  await upstreams.call('resetCalls');
  await work();
  return upstreamCalls(upstreams);
}

async function measure(settings: BenchSettings): Promise<ScenarioResult> {
  const upstreams = await startUpstreams('memoised', fixedLatency(UPSTREAM_LATENCY_MS));
  const gateway = await startGateway(
    upstreams,
    { ...CACHE_OFF_ENV, SAGEMAKER_MAX_BATCH_SIZE: String(MAX_BATCH) },
    settings,
    'batching',
  ).catch(async (error: unknown) => {
    await stopAll(upstreams);
    throw error;
  });
  const poster = graphQLPoster(gateway.info.url, ANALYSES);
  const stamp = Date.now().toString(36);
  try {
    const url = gateway.info.url;
    // Warm-up: one batch and one round of separate requests, discarded.
    await postGraphQL(url, aliasedAnalysesBody(documents(`${stamp}-warm-b`)));
    await Promise.all(documents(`${stamp}-warm-s`).map((document) => poster.post(analyzeBody(document)).catch(() => undefined)));
    const runs: BatchingRun[] = [];
    for (let run = 0; run < settings.runs; run++) {
      const batchBody = aliasedAnalysesBody(documents(`${stamp}-b${run}`));
      let batched: { ms: number; analyses: number; errors: number; firstError?: string } = { ms: 0, analyses: 0, errors: 0 };
      const batchedCalls = await callsDuring(upstreams, async () => {
        const answer = await timed(() => postGraphQL(url, batchBody));
        batched = {
          ms: answer.ms,
          analyses: answer.value.analyses,
          errors: answer.value.errors,
          ...(answer.value.firstError ? { firstError: answer.value.firstError } : {}),
        };
      });
      const separateBodies = documents(`${stamp}-s${run}`).map((document) => analyzeBody(document));
      let separate = { ms: 0, failed: 0 };
      const separateCalls = await callsDuring(upstreams, async () => {
        const answer = await timed(() => Promise.allSettled(separateBodies.map((body) => poster.post(body))));
        separate = { ms: answer.ms, failed: answer.value.filter((result) => result.status === 'rejected').length };
      });
      runs.push({
        batchedMs: batched.ms,
        batchedCalls,
        batchedAnalyses: batched.analyses,
        batchedErrors: batched.errors,
        ...(batched.firstError ? { batchedFirstError: batched.firstError } : {}),
        separateMs: separate.ms,
        separateCalls,
        separateFailed: separate.failed,
      });
    }
    return report(runs);
  } finally {
    poster.close();
    await stopAll(gateway, upstreams);
  }
}

function report(runs: BatchingRun[]): ScenarioResult {
  const batchedMs = spread(runs.map((run) => run.batchedMs));
  const separateMs = spread(runs.map((run) => run.separateMs));
  const batchedSageMaker = spread(runs.map((run) => run.batchedCalls.sagemaker));
  const separateSageMaker = spread(runs.map((run) => run.separateCalls.sagemaker));
  const batchedBedrock = spread(runs.map((run) => run.batchedCalls.bedrock));
  const separateBedrock = spread(runs.map((run) => run.separateCalls.bedrock));
  const complete = runs.every((run) => run.batchedAnalyses === ANALYSES && run.batchedErrors === 0 && run.separateFailed === 0);
  const met = complete && batchedSageMaker.max === MIN_SAGEMAKER_CALLS;
  return {
    goal: `one operation of ${ANALYSES} aliased analyses makes ${MIN_SAGEMAKER_CALLS} SageMaker calls (one per endpoint at batch size ${MAX_BATCH}) and ${ANALYSES} Converse calls`,
    met,
    verdict: met
      ? `met: ${batchedSageMaker.median} SageMaker calls; ${batchedMs.median.toFixed(0)} ms vs ${separateMs.median.toFixed(0)} ms for ${ANALYSES} separate requests`
      : `missed: ${complete ? '' : `${runs[0]?.batchedErrors ?? 0} of ${ANALYSES} batched analyses failed; `}${batchedSageMaker.median} SageMaker calls (minimum ${MIN_SAGEMAKER_CALLS})`,
    table: {
      headers: ['shape', 'wall ms median (min–max)', 'SageMaker calls', 'Converse calls', 'failed (GraphQL errors / requests)'],
      rows: [
        [
          `1 operation, ${ANALYSES} aliases`,
          showSpread(batchedMs, 1),
          showSpread(batchedSageMaker),
          showSpread(batchedBedrock),
          showSpread(spread(runs.map((run) => run.batchedErrors))),
        ],
        [
          `${ANALYSES} separate requests, all in flight`,
          showSpread(separateMs, 1),
          showSpread(separateSageMaker),
          showSpread(separateBedrock),
          showSpread(spread(runs.map((run) => run.separateFailed))),
        ],
      ],
    },
    notes: [
      `PARALLEL analyses of distinct documents (cache off); upstreams in their own process, ${UPSTREAM_LATENCY_MS} ms per call whatever the batch size, analysers memoised. Real SageMaker batch latency grows with the batch; this measures the gateway's side only.`,
      ...(runs.some((run) => run.batchedFirstError)
        ? [`First error in the batched answer: "${runs.find((run) => run.batchedFirstError)?.batchedFirstError}".`]
        : []),
      `Gateway with its default settings except the cache (off). Separate requests: ${ANALYSES} keep-alive sockets, sent at once; per-request DataLoaders cannot batch across requests, so they make one InvokeEndpoint each.`,
    ],
    figures: {
      analyses: ANALYSES,
      maxBatchSize: MAX_BATCH,
      minimumSageMakerCalls: MIN_SAGEMAKER_CALLS,
      batchedMs,
      separateMs,
      batchedSageMaker,
      separateSageMaker,
      batchedBedrock,
      separateBedrock,
    },
    runs,
  };
}

export const batching: Scenario = { name: 'batching', title: '4. Batching 100 aliased analyses', run: measure };
