/**
 * 1. Requests/second for analyzeDocument served from the cache, against `{ hello }` on Apollo Server 5
 * behind the same HTTP front, on startStandaloneServer, and on GraphQL Yoga (context). Same load tool,
 * connections and duration; runs interleaved (A B C D, A B C D, ...) so drift hits every server alike.
 */
import { markedDocument } from '../support/documents.js';
import { analyzeBody, HELLO_BODY, postGraphQL } from '../support/graphql-bodies.js';
import { type CannonResult, cannon } from '../support/load.js';
import type { BenchSettings, Scenario, ScenarioResult } from '../support/scenario.js';
import {
  CACHE_DEFAULT_ENV,
  type ServerChild,
  startGateway,
  startHello,
  startUpstreams,
  stopAll,
  type UpstreamsChild,
} from '../support/servers.js';
import { round, type Spread, showSpread, spread } from '../support/stats.js';

const CONNECTIONS = 50;

interface Target {
  key: string;
  label: string;
  body: string;
  server?: ServerChild;
}

async function checkGatewayCaches(url: string, body: string): Promise<{ cached: boolean; problem?: string }> {
  const first = await postGraphQL(url, body);
  if (first.status !== 200 || first.errors > 0)
    return { cached: false, problem: `warm-up answer: HTTP ${first.status}, ${first.firstError ?? 'no data'}` };
  const second = await postGraphQL(url, body);
  return { cached: second.bedrockCached > 0 };
}

async function measure(settings: BenchSettings): Promise<ScenarioResult> {
  let upstreams: UpstreamsChild | undefined;
  const analysis = analyzeBody(markedDocument('LEGAL', 'cache-hit'), 'PARALLEL');
  const targets: Target[] = [
    { key: 'gateway', label: 'gateway analyzeDocument (cache hit)', body: analysis },
    { key: 'gatewayResultCache', label: 'gateway analyzeDocument, REPLAY_CACHE=off: the result cache alone (context)', body: analysis },
    { key: 'helloFront', label: 'hello, Apollo Server 5 + our HTTP front', body: HELLO_BODY },
    { key: 'helloStandalone', label: 'hello, Apollo startStandaloneServer', body: HELLO_BODY },
    { key: 'helloYoga', label: 'hello, GraphQL Yoga 5 (context)', body: HELLO_BODY },
  ];
  try {
    upstreams = await startUpstreams('real');
    const up = upstreams;
    const settled = await Promise.allSettled([
      startGateway(up, CACHE_DEFAULT_ENV, settings, 'cache-hit'),
      startGateway(up, { ...CACHE_DEFAULT_ENV, REPLAY_CACHE: 'off' }, settings, 'cache-hit-result-cache'),
      startHello('front', up),
      startHello('standalone'),
      startHello('yoga'),
    ]);
    settled.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') targets[index]!.server = outcome.value;
    });
    const failure = settled.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    const gateway = targets[0]!.server!;

    const check = await checkGatewayCaches(gateway.info.url, analysis);
    if (check.problem) throw new Error(check.problem);
    // A third request makes the all-hit second answer a replay entry.
    await postGraphQL(gateway.info.url, analysis);
    const replayEntries = await gateway.call<number>('replayEntries');
    for (const target of targets) {
      const answer = await postGraphQL(target.server!.info.url, target.body);
      if (answer.status !== 200 || answer.errors > 0) throw new Error(`${target.label}: HTTP ${answer.status} ${answer.firstError ?? ''}`);
      await cannon({ url: target.server!.info.url, connections: CONNECTIONS, durationSec: settings.warmupSec, body: target.body });
    }
    const runs: Array<Record<string, CannonResult>> = [];
    for (let run = 0; run < settings.runs; run++) {
      const results: Record<string, CannonResult> = {};
      for (const target of targets) {
        results[target.key] = await cannon({
          url: target.server!.info.url,
          connections: CONNECTIONS,
          durationSec: settings.durationSec,
          body: target.body,
        });
      }
      runs.push(results);
    }
    return report(targets, runs, check.cached, replayEntries);
  } finally {
    await stopAll(upstreams, ...targets.map((target) => target.server));
  }
}

function report(targets: Target[], runs: Array<Record<string, CannonResult>>, cached: boolean, replayEntries: number): ScenarioResult {
  const rps = (key: string): Spread => spread(runs.map((run) => run[key]?.requestsPerSecond ?? Number.NaN));
  const ratio = (key: string): Spread =>
    spread(runs.map((run) => (run.gateway?.requestsPerSecond ?? Number.NaN) / (run[key]?.requestsPerSecond ?? Number.NaN)));
  const versusFront = ratio('helloFront');
  const versusStandalone = ratio('helloStandalone');
  const failures = runs.flatMap((run) =>
    Object.entries(run)
      .filter(([, result]) => result.non2xx + result.errors + result.timeouts > 0)
      .map(([key]) => key),
  );
  const label = cached ? 'cache hit' : 'UNCACHED (no result cache answered; every request went upstream)';
  const met = cached ? versusFront.median >= 1 : false;
  const rows = targets.map((target) => {
    const latencies = spread(runs.map((run) => run[target.key]?.latency.p99 ?? Number.NaN));
    return [
      target.key === 'gateway' ? `gateway analyzeDocument (${label})` : target.label,
      showSpread(rps(target.key)),
      target.key === 'gateway' ? '1.00' : showSpread(ratio(target.key), 2),
      showSpread(spread(runs.map((run) => run[target.key]?.latency.p50 ?? Number.NaN)), 2),
      showSpread(latencies, 2),
    ];
  });
  const shortBy = round((1 - versusFront.median) * 100, 1);
  return {
    goal: 'gateway cache-hit req/s ≥ hello-world Apollo Server 5 behind the same HTTP front (ratio ≥ 1.00)',
    met,
    verdict: met
      ? `met: ${versusFront.median.toFixed(2)}× the same-front hello world`
      : `${cached ? '' : 'UNCACHED; '}missed: ${versusFront.median.toFixed(2)}× the same-front hello world (${shortBy}% slower)`,
    table: { headers: ['server', 'req/s median (min–max)', 'gateway ÷ this', 'p50 ms', 'p99 ms'], rows },
    notes: [
      `${CONNECTIONS} connections, autocannon, POST JSON; each server in its own process; the load driver in the orchestrator.`,
      `Replay cache entries after warm-up: ${replayEntries} (${replayEntries > 0 ? 'repeats answered before GraphQL' : 'NOT replayed: every request ran the operation'}).`,
      `Gateway answer was ${cached ? 'served from the result cache (bedrock.cached = true on the second request)' : 'NOT cached: the figure is the uncached path, upstream analysers included'}.`,
      `Gateway vs startStandaloneServer hello: ${showSpread(versusStandalone, 2)}×.`,
      'Default settings: the second request is answered by the per-side result cache (both sides cached), which makes it replayable; from the third on, the replay cache of the HTTP front answers exact repeats before GraphQL (authenticated, measured and logged, with its own request id). The REPLAY_CACHE=off row is the result-cache path alone: every hit still parses and validates the operation, hashes the document, estimates tokens and cost, routes, reads two decoded sides from the hot results and merges them.',
      'The hello-world front runs the HTTP handler of the gateway with its replay cache removed, so it does the work of the plain front only.',
      ...(failures.length > 0 ? [`Non-2xx, errors or timeouts seen for: ${[...new Set(failures)].join(', ')}.`] : []),
    ],
    figures: {
      cached,
      replayEntries,
      connections: CONNECTIONS,
      requestsPerSecond: Object.fromEntries(targets.map((target) => [target.key, rps(target.key)])),
      ratioToHelloFront: versusFront,
      ratioToHelloStandalone: versusStandalone,
    },
    runs,
  };
}

export const cacheHitThroughput: Scenario = { name: 'cache-hit-throughput', title: '1. Cache-hit throughput vs hello world', run: measure };
