/**
 * 3. Upstream economy: 1,000 requests over 100 distinct documents (each at least once, the rest drawn
 * by Zipf, s = 1), 50 concurrent, cold cache. Upstream calls counted at the local services.
 */
import { distinctDocument, seededRandom, zipfSequence } from '../support/documents.js';
import { analyzeBody, postGraphQL } from '../support/graphql-bodies.js';
import { cannon } from '../support/load.js';
import type { BenchSettings, Scenario, ScenarioResult } from '../support/scenario.js';
import {
  CACHE_DEFAULT_ENV,
  fixedLatency,
  startGateway,
  startUpstreams,
  stopAll,
  UPSTREAM_LATENCY_MS,
  upstreamCalls,
} from '../support/servers.js';
import { showSpread, spread } from '../support/stats.js';
import type { UpstreamCallCounts } from '../support/upstreams-child.js';

const DOCUMENTS = 100;
const REQUESTS = 1000;
const CONNECTIONS = 50;
const ZIPF_S = 1;

/** Every document once, then Zipf draws, shuffled with a fixed seed: the minimum is exactly DOCUMENTS. */
function requestSequence(): number[] {
  const sequence = [...Array.from({ length: DOCUMENTS }, (_, k) => k), ...zipfSequence(DOCUMENTS, REQUESTS - DOCUMENTS, ZIPF_S, 7)];
  const random = seededRandom(11);
  for (let i = sequence.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [sequence[i], sequence[j]] = [sequence[j]!, sequence[i]!];
  }
  return sequence;
}

interface EconomyRun {
  calls: UpstreamCallCounts;
  elapsedSec: number;
  non2xx: number;
  errors: number;
  cacheDetected: boolean;
}

async function oneRun(settings: BenchSettings, run: number): Promise<EconomyRun> {
  const upstreams = await startUpstreams('real', fixedLatency(UPSTREAM_LATENCY_MS));
  try {
    const gateway = await startGateway(upstreams, CACHE_DEFAULT_ENV, settings, `economy-${run}`);
    try {
      const documents = Array.from({ length: DOCUMENTS }, (_, k) => distinctDocument(`economy-${Date.now().toString(36)}-${run}`, k));
      const bodies = requestSequence().map((index) => analyzeBody(documents[index]!, 'PARALLEL'));
      const result = await cannon({
        url: gateway.info.url,
        connections: CONNECTIONS,
        amount: REQUESTS,
        bodyFor: (n) => bodies[n % bodies.length]!,
      });
      const calls = await upstreamCalls(upstreams);
      // After the run: is the first document now a cache hit? (tells "no cache" from "cache missed")
      const again = await postGraphQL(gateway.info.url, bodies[0]!);
      return {
        calls,
        elapsedSec: result.elapsedSec,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        cacheDetected: again.bedrockCached > 0,
      };
    } finally {
      await stopAll(gateway);
    }
  } finally {
    await stopAll(upstreams);
  }
}

async function measure(settings: BenchSettings): Promise<ScenarioResult> {
  const runs: EconomyRun[] = [];
  for (let run = 0; run < settings.runs; run++) runs.push(await oneRun(settings, run));
  const bedrock = spread(runs.map((run) => run.calls.bedrock));
  const sagemaker = spread(runs.map((run) => run.calls.sagemaker));
  const instances = spread(runs.map((run) => run.calls.sagemakerInstances));
  const cache = runs.every((run) => run.cacheDetected);
  const met = bedrock.max === DOCUMENTS && sagemaker.max === DOCUMENTS && instances.max === DOCUMENTS;
  const excess = (value: number) => (value === DOCUMENTS ? 'minimum' : `${value - DOCUMENTS} over (${(value / DOCUMENTS).toFixed(2)}×)`);
  return {
    goal: `exactly the minimum: ${DOCUMENTS} Converse calls, ${DOCUMENTS} SageMaker documents in ${DOCUMENTS} InvokeEndpoint calls (one document per request, so no batching across requests)`,
    met,
    verdict: met
      ? 'met: the minimum exactly'
      : `missed: Bedrock ${excess(bedrock.median)}, SageMaker ${excess(sagemaker.median)}${cache ? '' : ' — no result cache answered, so every request went upstream'}`,
    table: {
      headers: ['upstream', 'calls median (min–max)', 'minimum', 'over the minimum'],
      rows: [
        ['Bedrock Converse', showSpread(bedrock), String(DOCUMENTS), excess(bedrock.median)],
        ['SageMaker InvokeEndpoint', showSpread(sagemaker), String(DOCUMENTS), excess(sagemaker.median)],
        ['SageMaker documents (instances)', showSpread(instances), String(DOCUMENTS), excess(instances.median)],
      ],
    },
    notes: [
      `${REQUESTS} requests (PARALLEL, so both sides are always needed), ${CONNECTIONS} connections, a fresh gateway (cold in-memory cache) and fresh upstreams per run; upstream latency ${UPSTREAM_LATENCY_MS} ms so that concurrent requests for one document overlap (the in-flight de-duplication case).`,
      `Result cache ${cache ? 'answered after the run' : 'did NOT answer after the run (no cache in this build, or it is off)'}. Wall time per run: ${showSpread(spread(runs.map((run) => run.elapsedSec)), 1, ' s')}.`,
      ...(runs.some((run) => run.non2xx + run.errors > 0) ? ['Some requests failed: see results.json.'] : []),
    ],
    figures: {
      documents: DOCUMENTS,
      requests: REQUESTS,
      connections: CONNECTIONS,
      zipfS: ZIPF_S,
      bedrock,
      sagemaker,
      sagemakerInstances: instances,
      cacheDetected: cache,
    },
    runs,
  };
}

export const upstreamEconomy: Scenario = { name: 'upstream-economy', title: '3. Upstream economy (Zipf mix, cold cache)', run: measure };
