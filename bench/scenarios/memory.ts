/**
 * 5b. Gateway memory: peak RSS with 100 concurrent 100 KB documents in flight, and RSS/heap over a soak
 * (distinct small documents cycling through a pool of 200, so the cache fills, then hits churn).
 */
import { type BenchDocumentType, DOCUMENT_TYPES, distinctDocument, markedDocument, sizedDocument } from '../support/documents.js';
import { analyzeBody } from '../support/graphql-bodies.js';
import { cannon } from '../support/load.js';
import { graphQLPoster } from '../support/loop-driver.js';
import type { MemoryReading } from '../support/rpc.js';
import type { BenchSettings, Scenario, ScenarioResult } from '../support/scenario.js';
import {
  CACHE_DEFAULT_ENV,
  fixedLatency,
  readMemory,
  type ServerChild,
  startGateway,
  startUpstreams,
  stopAll,
  UPSTREAM_LATENCY_MS,
} from '../support/servers.js';
import { mib, spread } from '../support/stats.js';

const BURST = 100;
const BURST_KB = 100;
const SOAK_POOL = 200;
const SOAK_CONNECTIONS = 20;
const SOAK_LATENCY_MS = 5;
/** The default bulkhead (32 in flight + 64 queued per target) would reject 4 of 100; this scenario is about memory. */
const GATEWAY_ENV = { ...CACHE_DEFAULT_ENV, UPSTREAM_MAX_CONCURRENCY: '128' };
/** Noise: the allocator and V8's heap sizing settle during the first half; a leak keeps growing in the second. */
const RSS_NOISE = (at: number) => Math.max(16 * 1024 * 1024, at * 0.05);
const HEAP_NOISE = 8 * 1024 * 1024;

interface BurstRun {
  before: MemoryReading;
  peak: number;
  after: MemoryReading;
  ms: number;
  failed: number;
}

interface SoakSample {
  atSec: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

interface Soak {
  start: MemoryReading;
  middle: MemoryReading;
  end: MemoryReading;
  samples: SoakSample[];
  requests: number;
  failed: number;
  seconds: number;
}

async function bursts(gateway: ServerChild, settings: BenchSettings, stamp: string): Promise<BurstRun[]> {
  const poster = graphQLPoster(gateway.info.url, BURST);
  try {
    const big = Object.fromEntries(DOCUMENT_TYPES.map((type) => [type, sizedDocument(type, BURST_KB * 1024)])) as Record<
      BenchDocumentType,
      string
    >;
    const bodies = (run: string) =>
      Array.from({ length: BURST }, (_, n) => {
        const type = DOCUMENT_TYPES[n % DOCUMENT_TYPES.length] ?? 'GENERAL';
        return analyzeBody(markedDocument(type, `${run}-${n}`, big[type]));
      });
    await Promise.allSettled(bodies(`${stamp}-warm`).map((body) => poster.post(body)));
    const runs: BurstRun[] = [];
    for (let run = 0; run < settings.runs; run++) {
      const runBodies = bodies(`${stamp}-${run}`);
      const before = await readMemory(gateway, { gc: true, resetPeak: true });
      const started = performance.now();
      const results = await Promise.allSettled(runBodies.map((body) => poster.post(body)));
      const ms = performance.now() - started;
      const peak = (await readMemory(gateway)).peakRss;
      const after = await readMemory(gateway, { gc: true, resetPeak: true });
      runs.push({ before, peak, after, ms, failed: results.filter((result) => result.status === 'rejected').length });
    }
    return runs;
  } finally {
    poster.close();
  }
}

async function soak(gateway: ServerChild, settings: BenchSettings, stamp: string): Promise<Soak> {
  const pool = Array.from({ length: SOAK_POOL }, (_, n) => analyzeBody(distinctDocument(`${stamp}-soak`, n)));
  const load = (durationSec: number) =>
    cannon({ url: gateway.info.url, connections: SOAK_CONNECTIONS, durationSec, bodyFor: (n) => pool[n % SOAK_POOL]! });
  await load(Math.max(2, settings.warmupSec));
  const start = await readMemory(gateway, { gc: true });
  const samples: SoakSample[] = [];
  const started = performance.now();
  const sampler = setInterval(
    () => {
      void readMemory(gateway).then(({ rss, heapUsed, heapTotal, external }) =>
        samples.push({ atSec: (performance.now() - started) / 1000, rss, heapUsed, heapTotal, external }),
      );
    },
    Math.max(1000, (settings.soakSec * 1000) / 30),
  );
  try {
    const firstHalf = await load(settings.soakSec / 2);
    const middle = await readMemory(gateway, { gc: true });
    const secondHalf = await load(settings.soakSec / 2);
    const end = await readMemory(gateway, { gc: true });
    const failed = firstHalf.non2xx + firstHalf.errors + firstHalf.timeouts + secondHalf.non2xx + secondHalf.errors + secondHalf.timeouts;
    return { start, middle, end, samples, requests: firstHalf.responses + secondHalf.responses, failed, seconds: settings.soakSec };
  } finally {
    clearInterval(sampler);
  }
}

async function measure(settings: BenchSettings): Promise<ScenarioResult> {
  const upstreams = await startUpstreams('memoised', fixedLatency(UPSTREAM_LATENCY_MS));
  const gateway = await startGateway(upstreams, GATEWAY_ENV, settings, 'memory').catch(async (error: unknown) => {
    await stopAll(upstreams);
    throw error;
  });
  const stamp = Date.now().toString(36);
  try {
    const burstRuns = await bursts(gateway, settings, stamp);
    await upstreams.call('setFaults', fixedLatency(SOAK_LATENCY_MS));
    const soakRun = await soak(gateway, settings, stamp);
    return report(burstRuns, soakRun);
  } finally {
    await stopAll(gateway, upstreams);
  }
}

const signed = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${mib(Math.abs(bytes))}`;

function report(burstRuns: BurstRun[], soakRun: Soak): ScenarioResult {
  const peak = spread(burstRuns.map((burst) => burst.peak));
  const idle = spread(burstRuns.map((burst) => burst.before.rss));
  const { start, middle, end } = soakRun;
  const rssSecondHalf = end.rss - middle.rss;
  const heapGrowth = end.heapUsed - start.heapUsed;
  const externalGrowth = end.external - start.external;
  const met = rssSecondHalf <= RSS_NOISE(middle.rss) && heapGrowth <= HEAP_NOISE && externalGrowth <= HEAP_NOISE;
  const row = (label: string, reading: MemoryReading, from?: MemoryReading) => [
    label,
    `${mib(reading.rss)}${from ? ` (${signed(reading.rss - from.rss)})` : ''}`,
    `${mib(reading.heapUsed)}${from ? ` (${signed(reading.heapUsed - from.heapUsed)})` : ''}`,
    mib(reading.heapTotal),
    `${mib(reading.external)}${from ? ` (${signed(reading.external - from.external)})` : ''}`,
  ];
  const verdictFigures = `RSS ${signed(rssSecondHalf)} over the second half (${signed(end.rss - start.rss)} whole soak), heap ${signed(heapGrowth)}, external ${signed(externalGrowth)} over ${soakRun.seconds} s`;
  return {
    goal: `no growth beyond noise over the soak, after a forced GC: heap and external ≤ +${mib(HEAP_NOISE)} start→end, RSS ≤ +max(16 MiB, 5%) over the second half`,
    met,
    verdict: `${met ? 'met' : 'missed'}: ${verdictFigures}`,
    table: {
      headers: ['measurement', 'RSS', 'heap used', 'heap total', 'external'],
      rows: [
        row('idle, after warm-up (GC)', burstRuns[0]!.before),
        [`peak, ${BURST} concurrent ${BURST_KB} KB documents`, `${mib(peak.median)} (${mib(peak.min)}–${mib(peak.max)})`, '', '', ''],
        row('after the burst (GC)', burstRuns[burstRuns.length - 1]!.after),
        row('soak start (GC)', start),
        row(`soak middle, ${soakRun.seconds / 2} s (GC)`, middle, start),
        row(`soak end, ${soakRun.seconds} s, ${soakRun.requests} requests (GC)`, end, start),
      ],
    },
    notes: [
      `Gateway in its own process (--expose-gc; UPSTREAM_MAX_CONCURRENCY=128, as the default 32 + 64 queued would reject 4 of the 100); memory read over IPC, peak RSS sampled every 25 ms inside the gateway. Upstreams in another process, memoised analysers, ${UPSTREAM_LATENCY_MS} ms latency during the burst (all ${BURST} in flight together), ${SOAK_LATENCY_MS} ms during the soak.`,
      `Soak: ${SOAK_CONNECTIONS} connections, distinct ~1 KB documents cycling through a pool of ${SOAK_POOL}, in-memory result cache on. Burst wall time ${spread(burstRuns.map((burst) => burst.ms)).median.toFixed(0)} ms median; failed requests: burst ${burstRuns.reduce((sum, burst) => sum + burst.failed, 0)}, soak ${soakRun.failed}. RSS samples (no GC) in results.json → soak.samples.`,
      'RSS that grows while heap and external stay flat is V8 and the allocator keeping pages they used at peak (heap total shows it); it only counts against the goal if it keeps growing in the second half.',
    ],
    figures: {
      burst: { concurrent: BURST, kb: BURST_KB, peakRss: peak, idleRss: idle },
      soak: { ...soakRun, rssSecondHalf, heapGrowth, externalGrowth },
    },
    runs: burstRuns,
  };
}

export const memory: Scenario = { name: 'memory', title: '5b. Gateway memory under load and over a soak', run: measure };
