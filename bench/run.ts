/**
 * `npm run bench [-- --quick] [-- --only=<name,...>] [-- --profile] [-- --out=<dir>] [-- --render]`: measures the
 * gateway against its references, writes BENCHMARKS.md and bench/results.json (or both into <dir>).
 * Stops by itself.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { analyserSpeed } from './scenarios/analyser-speed.js';
import { batching } from './scenarios/batching.js';
import { cacheHitThroughput } from './scenarios/cache-hit-throughput.js';
import { coldStart } from './scenarios/cold-start.js';
import { jobThroughput } from './scenarios/job-throughput.js';
import { memory } from './scenarios/memory.js';
import { missOverhead } from './scenarios/miss-overhead.js';
import { operationWork } from './scenarios/operation-work.js';
import { typeDetection } from './scenarios/type-detection.js';
import { upstreamEconomy } from './scenarios/upstream-economy.js';
import { machineInfo } from './support/machine.js';
import { killStartedChildren, REPO_ROOT } from './support/processes.js';
import { type BenchResults, previousScenarios, reportPaths, type StoredScenario, writeResults } from './support/report.js';
import type { BenchSettings, Scenario } from './support/scenario.js';

const SCENARIOS: readonly Scenario[] = [
  cacheHitThroughput,
  missOverhead,
  upstreamEconomy,
  batching,
  analyserSpeed,
  operationWork,
  jobThroughput,
  typeDetection,
  memory,
  coldStart,
];

const FULL: Omit<BenchSettings, 'quick'> = { runs: 3, durationSec: 4, warmupSec: 2, soakSec: 300 };
const QUICK: Omit<BenchSettings, 'quick'> = { runs: 1, durationSec: 1, warmupSec: 1, soakSec: 10 };

/** Hard stop: whatever hangs, the run ends (full budget 10 min, quick 2 min). */
const DEADLINE_MS = { full: 11 * 60_000, quick: 3 * 60_000 };

interface Arguments {
  quick: boolean;
  only: string[] | undefined;
  profile: boolean;
  outDir: string | undefined;
  /** Rewrite the report from the last results without measuring (after a change to its wording). */
  render: boolean;
}

function parseArguments(argv: readonly string[]): Arguments {
  const quick = argv.includes('--quick');
  const outDir = argv.find((arg) => arg.startsWith('--out='))?.slice('--out='.length) || undefined;
  const render = argv.includes('--render');
  const profile = argv.includes('--profile');
  const onlyFlag = argv.find((arg) => arg.startsWith('--only='));
  const only = onlyFlag
    ? onlyFlag
        .slice('--only='.length)
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean)
    : undefined;
  const unknown = argv.filter(
    (arg) => arg !== '--quick' && arg !== '--profile' && arg !== '--render' && !arg.startsWith('--only=') && !arg.startsWith('--out='),
  );
  if (unknown.length > 0)
    throw new Error(`unknown arguments: ${unknown.join(' ')} (use --quick, --only=<name,...>, --profile, --out=<dir>, --render)`);
  for (const name of only ?? []) {
    if (!SCENARIOS.some((scenario) => scenario.name === name))
      throw new Error(`unknown scenario "${name}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  }
  return { quick, only, profile, outDir, render };
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  if (args.render) {
    const paths = reportPaths(args.outDir);
    const results = JSON.parse(readFileSync(paths.results, 'utf8')) as BenchResults;
    writeResults(
      results,
      SCENARIOS.map((scenario) => scenario.name),
      paths,
    );
    log(`rewrote ${paths.report} from ${paths.results}`);
    return;
  }
  const startedAt = new Date().toISOString();
  const profileDir = args.profile ? join(REPO_ROOT, 'bench/profiles', startedAt.replaceAll(':', '-')) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const settings: BenchSettings = { quick: args.quick, ...(args.quick ? QUICK : FULL), ...(profileDir ? { profileDir } : {}) };
  const deadline = setTimeout(
    () => {
      log('deadline reached: stopping every server and exiting');
      killStartedChildren();
      process.exit(3);
    },
    args.quick ? DEADLINE_MS.quick : DEADLINE_MS.full,
  );
  deadline.unref();

  const machine = machineInfo();
  log(
    `${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, load ${machine.loadAverageAtStart.join('/')}; ${args.quick ? 'QUICK' : 'full'} run`,
  );
  const selected = SCENARIOS.filter((scenario) => !args.only || args.only.includes(scenario.name));
  const paths = reportPaths(args.outDir);
  if (args.outDir) mkdirSync(args.outDir, { recursive: true });
  const scenarios: Record<string, StoredScenario> = args.only ? previousScenarios(paths) : {};
  for (const scenario of selected) {
    log(`${scenario.title} ...`);
    const started = performance.now();
    const measuredAt = new Date().toISOString();
    try {
      const { figures, ...result } = await scenario.run(settings);
      const seconds = (performance.now() - started) / 1000;
      scenarios[scenario.name] = { title: scenario.title, measuredAt, quick: args.quick, seconds, ...result, ...figures };
      log(`  ${result.met === null ? '' : result.met ? 'MET ' : 'MISSED '}${result.verdict} (${seconds.toFixed(0)} s)`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const seconds = (performance.now() - started) / 1000;
      scenarios[scenario.name] = {
        title: scenario.title,
        measuredAt,
        quick: args.quick,
        seconds,
        goal: 'see the scenario',
        met: false,
        verdict: `error: ${message}`,
        error: message,
        table: { headers: [], rows: [] },
        notes: [],
        runs: [],
      };
      log(`  ERROR ${message}`);
    }
  }
  const results: BenchResults = {
    machine,
    startedAt,
    finishedAt: new Date().toISOString(),
    quick: args.quick,
    settings,
    loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100),
    scenarios,
  };
  const order = SCENARIOS.map((scenario) => scenario.name);
  const report = writeResults(results, order, paths);
  process.stdout.write(`${report.split('## Method')[0]}\n`);
  log(`wrote ${paths.report} and ${paths.results}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    killStartedChildren();
    process.exit(1);
  },
);
