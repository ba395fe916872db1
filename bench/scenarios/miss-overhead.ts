/**
 * 2. What the gateway adds on a miss: analyzeDocument (PARALLEL, a distinct document per request) through
 * the gateway, minus the same Converse + InvokeEndpoint calls made directly with the AWS SDK, both against
 * the same upstreams (50 ms injected latency, memoised analysers) and both driven by the same loop.
 */
import { distinctDocument } from '../support/documents.js';
import { analyzeBody } from '../support/graphql-bodies.js';
import { type GraphQLPoster, graphQLPoster, type LoopOptions, type LoopResult, runLoop } from '../support/loop-driver.js';
import { type BenchChild, startChild } from '../support/processes.js';
import type { BenchSettings, Scenario, ScenarioResult } from '../support/scenario.js';
import type { SdkRunParams } from '../support/sdk-driver-child.js';
import { CACHE_OFF_ENV, fixedLatency, startGateway, startUpstreams, stopAll, UPSTREAM_LATENCY_MS } from '../support/servers.js';
import { type LatencyPercentiles, latencyPercentiles, percentileSpreads, round, showSpread, spread } from '../support/stats.js';

const CONCURRENCY = 100;
/**
 * The paced series: under the capacity of both series on 2 cores (the gateway's closed loop answers
 * about 200/s here, with the upstreams and the load driver on the same cores), so its latency is
 * service time, not queueing for CPU.
 */
const PACED_RATE = 100;
const GOAL_P50_MS = 1;
const GOAL_P99_MS = 5;

/** Raised so the bulkhead (default 32 in flight + 64 queued per target) does not bind at 100 concurrent. */
const RAISED_BULKHEAD = { UPSTREAM_MAX_CONCURRENCY: String(CONCURRENCY * 2) };

type Mode = 'closed' | 'paced' | 'defaults';
const MODES: Record<Mode, string> = {
  closed: `closed loop, ${CONCURRENCY} concurrent`,
  paced: `${PACED_RATE} req/s, up to ${CONCURRENCY} concurrent`,
  defaults: `closed loop, ${CONCURRENCY} concurrent, default bulkhead (1 run, not judged)`,
};

interface SideRun {
  percentiles: LatencyPercentiles;
  throughput: number;
  /** CPU time of the serving process (gateway, or the SDK caller) per request sent. */
  cpuMsPerRequest: number;
  failed: number;
  firstError?: string;
}

interface ModeRun {
  mode: Mode;
  gateway: SideRun;
  sdk: SideRun;
}

const signed = (value: number): string => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}`;

function side(result: LoopResult, cpuMs: number): SideRun {
  return {
    percentiles: latencyPercentiles(result.latenciesMs),
    throughput: round(result.completed / (result.elapsedMs / 1000), 1),
    cpuMsPerRequest: round(cpuMs / Math.max(1, result.started), 3),
    failed: result.failed,
    ...(result.firstError ? { firstError: result.firstError } : {}),
  };
}

async function measure(settings: BenchSettings): Promise<ScenarioResult> {
  const started: Array<BenchChild<unknown>> = [];
  const track = <T extends BenchChild<unknown>>(starting: Promise<T>): Promise<T> =>
    starting.then((child) => {
      started.push(child);
      return child;
    });
  const posters: GraphQLPoster[] = [];
  try {
    const upstreams = await track(startUpstreams('memoised', fixedLatency(UPSTREAM_LATENCY_MS)));
    const [gateway, defaultsGateway, sdk] = await Promise.all([
      track(startGateway(upstreams, { ...CACHE_OFF_ENV, ...RAISED_BULKHEAD }, settings, 'miss-overhead')),
      track(startGateway(upstreams, CACHE_OFF_ENV, settings, 'miss-overhead-defaults')),
      track(startChild<Record<string, never>>('sdk-driver-child.ts', { args: { upstreamUrl: upstreams.info.url }, name: 'sdk-driver' })),
    ]);
    const raised = graphQLPoster(gateway.info.url, CONCURRENCY);
    const defaults = graphQLPoster(defaultsGateway.info.url, CONCURRENCY);
    posters.push(raised, defaults);
    const stamp = Date.now().toString(36);
    const direct = (run: string, loop: LoopOptions) => sdk.call<LoopResult>('run', { run, ...loop } satisfies SdkRunParams);
    const runs: ModeRun[] = [];
    // The defaults series is context, not the goal: left out of the quick smoke run.
    for (const mode of (Object.keys(MODES) as Mode[]).filter((name) => !(settings.quick && name === 'defaults'))) {
      const poster = mode === 'defaults' ? defaults : raised;
      const viaGateway = (run: string, loop: LoopOptions) =>
        runLoop(loop, (n) => poster.post(analyzeBody(distinctDocument(run, n), 'PARALLEL')));
      const base = { concurrency: CONCURRENCY, ...(mode === 'paced' ? { ratePerSecond: PACED_RATE } : {}) };
      // Warm both sides (JIT, sockets), then discard.
      const warm = { ...base, warmupMs: 0, durationMs: settings.warmupSec * 1000 };
      await viaGateway(`${stamp}-${mode}-gw-warm`, warm);
      await direct(`${stamp}-${mode}-sdk-warm`, warm);
      for (let run = 0; run < (mode === 'defaults' ? 1 : settings.runs); run++) {
        const loop = { ...base, warmupMs: 500, durationMs: settings.durationSec * 1000 };
        const server = mode === 'defaults' ? defaultsGateway : gateway;
        const gatewayCpu = await server.call<number>('cpu');
        const gatewayLoop = await viaGateway(`${stamp}-${mode}-gw-${run}`, loop);
        const gatewayRun = side(gatewayLoop, (await server.call<number>('cpu')) - gatewayCpu);
        const sdkCpu = await sdk.call<number>('cpu');
        const sdkLoop = await direct(`${stamp}-${mode}-sdk-${run}`, loop);
        const sdkRun = side(sdkLoop, (await sdk.call<number>('cpu')) - sdkCpu);
        runs.push({ mode, gateway: gatewayRun, sdk: sdkRun });
      }
    }
    return report(runs);
  } finally {
    for (const poster of posters) poster.close();
    await stopAll(...started.reverse());
  }
}

function overheads(runs: ModeRun[]) {
  const added = runs.map((run) => ({
    p50: run.gateway.percentiles.p50 - run.sdk.percentiles.p50,
    p90: run.gateway.percentiles.p90 - run.sdk.percentiles.p90,
    p99: run.gateway.percentiles.p99 - run.sdk.percentiles.p99,
    samples: run.gateway.percentiles.samples,
  }));
  return {
    gateway: percentileSpreads(runs.map((run) => run.gateway.percentiles)),
    sdk: percentileSpreads(runs.map((run) => run.sdk.percentiles)),
    added: percentileSpreads(added),
    gatewayThroughput: spread(runs.map((run) => run.gateway.throughput)),
    gatewayCpuMs: spread(runs.map((run) => run.gateway.cpuMsPerRequest)),
    sdkCpuMs: spread(runs.map((run) => run.sdk.cpuMsPerRequest)),
    addedCpuMs: spread(runs.map((run) => run.gateway.cpuMsPerRequest - run.sdk.cpuMsPerRequest)),
    sdkThroughput: spread(runs.map((run) => run.sdk.throughput)),
    failed: runs.reduce((sum, run) => sum + run.gateway.failed + run.sdk.failed, 0),
    firstError: runs.map((run) => run.gateway.firstError ?? run.sdk.firstError).find((error) => error !== undefined),
  };
}

function report(runs: ModeRun[]): ScenarioResult {
  const byMode = Object.fromEntries(
    (Object.keys(MODES) as Mode[])
      .filter((mode) => runs.some((run) => run.mode === mode))
      .map((mode) => [mode, overheads(runs.filter((run) => run.mode === mode))]),
  );
  const headline = byMode.closed!;
  const p50 = headline.added.p50.median;
  const p99 = headline.added.p99.median;
  const met = headline.failed === 0 && p50 < GOAL_P50_MS && p99 < GOAL_P99_MS;
  const misses = [
    p50 >= GOAL_P50_MS ? `p50 +${p50.toFixed(2)} ms (goal < ${GOAL_P50_MS} ms, over by ${(p50 - GOAL_P50_MS).toFixed(2)} ms)` : '',
    p99 >= GOAL_P99_MS ? `p99 +${p99.toFixed(2)} ms (goal < ${GOAL_P99_MS} ms, over by ${(p99 - GOAL_P99_MS).toFixed(2)} ms)` : '',
  ].filter(Boolean);
  const rows = (Object.keys(MODES) as Mode[]).flatMap((mode) => {
    const figures = byMode[mode];
    if (!figures) return [];
    const failures = figures.failed > 0 ? ` (${figures.failed} failed)` : '';
    return [
      [
        MODES[mode],
        'through the gateway',
        showSpread(figures.gateway.p50, 2),
        showSpread(figures.gateway.p90, 2),
        showSpread(figures.gateway.p99, 2),
        `${showSpread(figures.gatewayThroughput)}${failures}`,
        showSpread(figures.gatewayCpuMs, 2),
      ],
      [
        MODES[mode],
        'AWS SDK direct',
        showSpread(figures.sdk.p50, 2),
        showSpread(figures.sdk.p90, 2),
        showSpread(figures.sdk.p99, 2),
        showSpread(figures.sdkThroughput),
        showSpread(figures.sdkCpuMs, 2),
      ],
      [
        MODES[mode],
        '**added by the gateway**',
        showSpread(figures.added.p50, 2),
        showSpread(figures.added.p90, 2),
        showSpread(figures.added.p99, 2),
        '',
        showSpread(figures.addedCpuMs, 2),
      ],
    ];
  });
  return {
    goal: `added latency < ${GOAL_P50_MS} ms at p50 and < ${GOAL_P99_MS} ms at p99 (${MODES.closed})`,
    met,
    verdict: `${
      met
        ? `met: +${p50.toFixed(2)} ms p50, +${p99.toFixed(2)} ms p99`
        : `missed: ${misses.join('; ') || `${headline.failed} failed requests`}`
    } at ${MODES.closed}${
      byMode.paced
        ? `; paced at ${PACED_RATE} req/s: ${signed(byMode.paced.added.p50.median)} ms p50, ${signed(byMode.paced.added.p99.median)} ms p99`
        : ''
    }; the gateway adds ${headline.addedCpuMs.median.toFixed(2)} ms of CPU per request`,
    table: { headers: ['load', 'path', 'p50 ms', 'p90 ms', 'p99 ms', 'answers/s', 'CPU ms per request'], rows },
    notes: [
      `Upstreams: our local Bedrock and SageMaker services in their own process, ${UPSTREAM_LATENCY_MS} ms injected latency on both, analysers memoised (real work once per fixture) so the upstream costs the same for every request of both series.`,
      `Gateway: its own process (cache off, a distinct document per request, PARALLEL; UPSTREAM_MAX_CONCURRENCY=${RAISED_BULKHEAD.UPSTREAM_MAX_CONCURRENCY} except in the defaults row, where 32 calls in flight per target and the rest queued).`,
      'CPU ms per request: CPU time (user + system) of the serving process over the run divided by the requests it served, warm-up included: the gateway process for the gateway rows, the SDK-calling process for the direct rows. Unlike the latencies it does not depend on what else the 2 cores were doing, so it is the steadier measure of what the gateway adds.',
      'Load driver for the gateway: the orchestrator process (node:http keep-alive, one socket per worker). Baseline: the same loop in its own process calling Converse and InvokeEndpoint in parallel with clients built by our createBedrockClient/createSageMakerClient and bodies from buildConverseInput/buildInvokeEndpointInput.',
      'Why separate processes: on 2 cores, the upstreams (which both series share) must not share an event loop with either side, or the side under test would slow its own upstream. The gateway series still has one more busy process (client + gateway vs SDK caller): that CPU is the overhead being measured.',
      `The closed loop is the goal's condition; on 2 cores it runs the gateway at saturation, so its added latency is mostly queueing for CPU. The paced series (${PACED_RATE} req/s) shows the per-request cost without queueing.`,
      ...(byMode.paced && byMode.paced.gatewayThroughput.median < PACED_RATE * 0.9
        ? [
            `The gateway did not keep up with ${PACED_RATE} req/s here (${byMode.paced.gatewayThroughput.median.toFixed(0)} answers/s): on this machine the paced series is saturated too, and its figures are queueing.`,
          ]
        : []),
      `Overhead = gateway percentile − SDK percentile of the same run pair (percentiles do not subtract exactly; read it as an estimate). ${headline.failed > 0 ? `Failed requests: ${headline.failed} (${headline.firstError ?? ''}).` : 'No failed requests.'}`,
    ],
    figures: byMode,
    runs,
  };
}

export const missOverhead: Scenario = { name: 'miss-overhead', title: '2. Gateway overhead on a miss', run: measure };
