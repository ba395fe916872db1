/** 5a. Local analyser speed: ms per KB from 1 KB to 1 MiB (firstPass, as Bedrock; domain, as SageMaker). */
import type { AnalyserTiming } from '../support/analyser-child.js';
import { startChild } from '../support/processes.js';
import type { BenchSettings, Scenario, ScenarioResult } from '../support/scenario.js';
import { stopAll } from '../support/servers.js';
import { type Spread, showSpread, spread } from '../support/stats.js';

const SIZES_KB = [1, 4, 16, 64, 256, 1024];
/** Linear means ms/KB does not grow with size; allow 2× for cache effects and noise. */
const LINEARITY_LIMIT = 2;

async function measure(settings: BenchSettings): Promise<ScenarioResult> {
  const child = await startChild<Record<string, never>>('analyser-child.ts', { name: 'analysers' });
  try {
    const timings = await child.call<AnalyserTiming[]>('measure', { sizesKb: SIZES_KB, runs: settings.runs });
    return report(timings);
  } finally {
    await stopAll(child);
  }
}

function perKb(timings: AnalyserTiming[], kb: number, pick: (timing: AnalyserTiming) => number): Spread {
  // Four documents (one per type) per run.
  return spread(timings.filter((timing) => timing.kb === kb).map((timing) => pick(timing) / 4 / kb));
}

function report(timings: AnalyserTiming[]): ScenarioResult {
  const rows = SIZES_KB.map((kb) => {
    const first = perKb(timings, kb, (timing) => timing.firstPassMs);
    const domain = perKb(timings, kb, (timing) => timing.domainMs);
    return [
      kb >= 1024 ? `${kb / 1024} MiB` : `${kb} KB`,
      showSpread(first, 3),
      showSpread(domain, 3),
      showSpread(spread([first.median * kb + domain.median * kb]), 1),
    ];
  });
  const total = (kb: number) => perKb(timings, kb, (timing) => timing.firstPassMs + timing.domainMs).median;
  const growth = total(1024) / total(16);
  const met = growth <= LINEARITY_LIMIT;
  return {
    goal: `linear in size: ms/KB at 1 MiB ≤ ${LINEARITY_LIMIT}× ms/KB at 16 KB`,
    met,
    verdict: met
      ? `met: 1 MiB costs ${growth.toFixed(2)}× the per-KB time of 16 KB`
      : `missed: 1 MiB costs ${growth.toFixed(2)}× the per-KB time of 16 KB (limit ${LINEARITY_LIMIT}×)`,
    table: { headers: ['document', 'firstPass ms/KB', 'domain ms/KB', 'both, ms per document'], rows },
    notes: [
      'In a child process of its own; documents are the e2e fixtures (contract, clinical note, earnings, encyclopedia) repeated to size, one per type; domain() runs the analyser of that type. Warm-up per size discarded.',
      'Below a few KB the per-call fixed cost dominates ms/KB.',
    ],
    figures: {
      sizesKb: SIZES_KB,
      msPerKb: Object.fromEntries(
        SIZES_KB.map((kb) => [kb, { firstPass: perKb(timings, kb, (t) => t.firstPassMs), domain: perKb(timings, kb, (t) => t.domainMs) }]),
      ),
      growth1MiBvs16KB: growth,
    },
    runs: timings,
  };
}

export const analyserSpeed: Scenario = { name: 'analyser-speed', title: '5a. Local analyser speed', run: measure };
