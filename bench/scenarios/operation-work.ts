/**
 * 8. The work one operation may ask for: gateway CPU per request for 150 estimateCost aliases over one
 * variable, at the largest size the per-operation content bound allows (MAX_OPERATION_CONTENT_BYTES /
 * 150 per alias) and at 1 MiB (the attack, which the bound refuses), beside one estimateCost of the
 * same size. Requests go one at a time, each with its own content (no cache or replay answers them).
 */
import type { BenchSettings, Scenario, ScenarioResult } from '../support/scenario.js';
import { CACHE_OFF_ENV, type ServerChild, startGateway, startUpstreams, stopAll } from '../support/servers.js';
import { round, showSpread, spread } from '../support/stats.js';

const MIB = 1024 * 1024;
const ALIASES = 150;
/** The gateway's default MAX_OPERATION_CONTENT_BYTES (4 x MAX_CONTENT_BYTES). */
const OPERATION_CONTENT_BYTES = 4 * MIB;
const ALLOWED_BYTES = Math.floor(OPERATION_CONTENT_BYTES / ALIASES);
/** Before the bound and the per-request memo, the 1 MiB case cost about 1.7 s of CPU per request. */
const GOAL_CPU_MS = 50;

interface Case {
  name: string;
  aliases: number;
  bytes: number;
  /** Requests per run: the attack is slow without the bound, so fewer of it. */
  requests: { quick: number; full: number };
}

const CASES: readonly Case[] = [
  { name: `1 alias, ${ALLOWED_BYTES} B`, aliases: 1, bytes: ALLOWED_BYTES, requests: { quick: 3, full: 40 } },
  {
    name: `${ALIASES} aliases, ${ALLOWED_BYTES} B (largest allowed)`,
    aliases: ALIASES,
    bytes: ALLOWED_BYTES,
    requests: { quick: 5, full: 40 },
  },
  { name: `${ALIASES} aliases, 1 MiB (refused)`, aliases: ALIASES, bytes: MIB, requests: { quick: 1, full: 10 } },
];

interface CaseRun {
  case: string;
  cpuMsPerRequest: number;
  statuses: Record<string, number>;
}

function body(aliases: number, content: string): string {
  const fields = Array.from({ length: aliases }, (_, i) => `a${i}: estimateCost(input: {content: $c}) { inputTokens }`);
  return JSON.stringify({ query: `query Work($c: String!) { ${fields.join(' ')} }`, variables: { c: content } });
}

/** ASCII text of exactly `bytes` bytes, distinct per `mark`. */
function content(bytes: number, mark: string): string {
  const text = `${mark} `;
  return (text + 'The lessee shall pay the rent monthly. '.repeat(Math.ceil(bytes / 39))).slice(0, bytes);
}

async function measureCase(gateway: ServerChild, item: Case, requests: number, stamp: string): Promise<CaseRun> {
  const bodies = Array.from({ length: requests }, (_, n) => body(item.aliases, content(item.bytes, `${stamp}-${n}`)));
  const statuses: Record<string, number> = {};
  const before = await gateway.call<number>('cpu');
  for (const next of bodies) {
    const response = await fetch(gateway.info.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: next });
    const answer = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    const outcome = `${response.status}${answer.errors?.[0]?.extensions?.code ? ` ${answer.errors[0].extensions.code}` : ''}`;
    statuses[outcome] = (statuses[outcome] ?? 0) + 1;
  }
  const cpu = (await gateway.call<number>('cpu')) - before;
  return { case: item.name, cpuMsPerRequest: round(cpu / requests, 2), statuses };
}

async function measure(settings: BenchSettings): Promise<ScenarioResult> {
  const upstreams = await startUpstreams('memoised');
  const gateway = await startGateway(upstreams, CACHE_OFF_ENV, settings, 'operation-work').catch(async (error: unknown) => {
    await stopAll(upstreams);
    throw error;
  });
  try {
    const stamp = Date.now().toString(36);
    // Warm-up (JIT), discarded; the quick smoke run only checks that the scenario runs.
    if (!settings.quick) for (const item of CASES) await measureCase(gateway, item, 1, `${stamp}-warm`);
    const runs: CaseRun[] = [];
    for (let run = 0; run < settings.runs; run++) {
      for (const item of CASES) {
        runs.push(await measureCase(gateway, item, settings.quick ? item.requests.quick : item.requests.full, `${stamp}-${run}`));
      }
    }
    return report(runs);
  } finally {
    await stopAll(gateway, upstreams);
  }
}

function report(runs: CaseRun[]): ScenarioResult {
  const byCase = CASES.map((item) => {
    const own = runs.filter((run) => run.case === item.name);
    const statuses: Record<string, number> = {};
    for (const run of own) for (const [status, count] of Object.entries(run.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
    return { item, cpu: spread(own.map((run) => run.cpuMsPerRequest)), statuses };
  });
  const [single, allowed, attack] = byCase;
  const expected = allowed?.statuses['200'] !== undefined && attack?.statuses['400 CONTENT_TOO_LARGE'] !== undefined;
  const worst = Math.max(allowed?.cpu.median ?? Number.POSITIVE_INFINITY, attack?.cpu.median ?? Number.POSITIVE_INFINITY);
  const met = expected && worst < GOAL_CPU_MS;
  return {
    goal: `${ALIASES} estimateCost aliases over one variable cost < ${GOAL_CPU_MS} ms of gateway CPU per request, allowed or refused`,
    met,
    verdict: `${ALIASES} aliases: ${allowed?.cpu.median ?? '?'} ms CPU at ${ALLOWED_BYTES} B (1 alias: ${single?.cpu.median ?? '?'} ms), ${attack?.cpu.median ?? '?'} ms at 1 MiB${expected ? '' : ' (unexpected answers)'}`,
    table: {
      headers: ['operation', 'gateway CPU ms / request', 'answers'],
      rows: byCase.map(({ item, cpu, statuses }) => [
        item.name,
        showSpread(cpu, 1),
        Object.entries(statuses)
          .map(([status, count]) => `${count} × ${status}`)
          .join(', '),
      ]),
    },
    notes: [
      'One request at a time, each with its own content, cache off; CPU is the gateway process’s user + system time over the series, divided by the requests.',
      `The ${ALIASES}-alias operation at ${ALLOWED_BYTES} B carries ${ALIASES * ALLOWED_BYTES} B, just under the default MAX_OPERATION_CONTENT_BYTES (${OPERATION_CONTENT_BYTES}); at 1 MiB it carries 150 MiB and is refused with CONTENT_TOO_LARGE before any field runs.`,
      'The content is checked, hashed and tokenised once per request (pipeline/content-memo.ts), so 150 aliases cost little more than one.',
    ],
    figures: { allowedBytes: ALLOWED_BYTES, cases: byCase.map(({ item, cpu, statuses }) => ({ name: item.name, cpuMs: cpu, statuses })) },
    runs,
  };
}

export const operationWork: Scenario = {
  name: 'operation-work',
  title: 'Work per operation: 150 estimateCost aliases over one variable',
  run: measure,
};
