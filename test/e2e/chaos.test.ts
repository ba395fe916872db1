/**
 * Chaos: 200 analyses, 20 at a time, while both upstreams hang, drop connections, answer garbage,
 * throttle and fail (error rates < 1). Every request gets an answer or a coded error within its
 * deadline; no unhandled rejection, no crash, bounded memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultRule, LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { CLINICAL_NOTE, CONTRACT, EARNINGS, ENCYCLOPEDIA } from '../fixtures/documents.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

const REQUEST_TIMEOUT_MS = 3_000;
const REQUESTS = 200;
const CONCURRENCY = 20;

// First matching rule wins, and `times` spends a rule: each service first hangs, then drops, then
// answers garbage, and from then on fails at random with added latency.
const FAULTS: FaultRule[] = [
  { service: 'bedrock', hang: true, times: 6 },
  { service: 'sagemaker', hang: true, times: 4 },
  { service: 'bedrock', drop: true, times: 6 },
  { service: 'sagemaker', drop: true, times: 4 },
  { service: 'bedrock', malformed: true, times: 6 },
  { service: 'sagemaker', malformed: true, times: 4 },
  { service: 'bedrock', errorType: 'ThrottlingException', errorRate: 0.25, latencyMs: 15 },
  { service: 'sagemaker', errorType: 'ServiceUnavailable', errorRate: 0.25, latencyMs: 25 },
];

const WORK = [
  { content: CONTRACT, documentType: 'LEGAL', architecture: 'PARALLEL' },
  { content: ENCYCLOPEDIA, documentType: 'GENERAL', architecture: 'DECISION_TREE' },
  { content: EARNINGS, documentType: 'FINANCIAL', architecture: 'STAGED' },
  { content: CLINICAL_NOTE, documentType: 'MEDICAL', architecture: 'AUTO' },
] as const;

const QUERY =
  'query ($input: AnalyzeDocumentInput!) { analyzeDocument(input: $input) { method bedrock { error } sagemaker { error } insights { confidenceLevel } } }';

const CODES = new Set([
  'UPSTREAM_THROTTLED',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_BAD_RESPONSE',
  'UPSTREAM_ERROR',
  'UPSTREAM_MODEL_ERROR',
  'UPSTREAM_CIRCUIT_OPEN',
  'UPSTREAM_OVERLOADED',
]);

let upstreams: LocalUpstreams;
let gateway: TestGateway;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  gateway = await startTestGateway(
    {
      CACHE_ENABLED: 'off',
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      BEDROCK_TIMEOUT_MS: '1400',
      SAGEMAKER_TIMEOUT_MS: '1400',
      UPSTREAM_MAX_ATTEMPTS: '3',
      RETRY_BASE_DELAY_MS: '20',
      UPSTREAM_MAX_CONCURRENCY: '8',
      UPSTREAM_MAX_QUEUE: '32',
      BREAKER_RESET_MS: '500',
    },
    upstreams,
  );
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.close();
});

describe('chaos', () => {
  it(`answers all ${REQUESTS} requests (${CONCURRENCY} concurrent) within the deadline, with data or coded errors`, {
    timeout: 120_000,
  }, async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    upstreams.setFaults(FAULTS);
    const heapBefore = process.memoryUsage().heapUsed;
    const outcomes: Array<{ status: number; ms: number; codes: string[]; hasData: boolean; sidesAnswered: number }> = [];
    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        const i = next++;
        const work = WORK[i % WORK.length]!;
        const started = performance.now();
        type Side = { error: string | null } | null;
        const { status, data, errors } = await gateway.query<
          { analyzeDocument: { bedrock: Side; sagemaker: Side } | null },
          { input: Record<string, unknown> }
        >(QUERY, {
          input: { ...work, content: `${work.content}\n(chaos ${i})` },
        });
        outcomes.push({
          status,
          ms: performance.now() - started,
          codes: (errors ?? []).map((e) => String(e.extensions?.code)),
          hasData: Boolean(data?.analyzeDocument),
          sidesAnswered: [data?.analyzeDocument?.bedrock, data?.analyzeDocument?.sagemaker].filter((side) => side && side.error === null)
            .length,
        });
      }
    };
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    } finally {
      process.off('unhandledRejection', onUnhandled);
      upstreams.setFaults([]);
    }

    expect(outcomes).toHaveLength(REQUESTS);
    expect(unhandled).toEqual([]);
    expect(outcomes.every((outcome) => outcome.status === 200)).toBe(true);
    // Partial results: an analysis object always comes back, failed sides carry coded errors.
    expect(outcomes.every((outcome) => outcome.hasData)).toBe(true);
    const unknownCodes = outcomes.flatMap((outcome) => outcome.codes).filter((code) => !CODES.has(code));
    expect(unknownCodes).toEqual([]);
    const slowest = Math.max(...outcomes.map((outcome) => outcome.ms));
    expect(slowest).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000);
    // The faults did bite, and the gateway still got most analyses through: at least one side answered.
    // (How many come back fully clean depends on when the breakers' half-open probes land, which is
    // timing on a shared 2-core machine: reported below, not asserted.)
    const failedSides = outcomes.reduce((sum, outcome) => sum + outcome.codes.length, 0);
    expect(failedSides).toBeGreaterThan(0);
    expect(outcomes.filter((outcome) => outcome.sidesAnswered > 0).length).toBeGreaterThan(REQUESTS / 2);

    // Memory: no per-request state is retained (generous bound; GC timing varies).
    const heapAfter = process.memoryUsage().heapUsed;
    expect(heapAfter - heapBefore).toBeLessThan(150 * 1024 * 1024);
    const snapshot = gateway.gateway.resilience.snapshot();
    expect(snapshot.targets.every((target) => target.inFlight === 0 && target.queued === 0)).toBe(true);

    // Healthy again afterwards. Polled: a breaker the last faults opened refuses calls (correctly) until
    // BREAKER_RESET_MS has passed, and if both of a document's circuits are open, that answer has errors.
    let after = 0;
    await expect
      .poll(
        async () =>
          (await gateway.query(QUERY, { input: { content: `${ENCYCLOPEDIA} (after ${++after})`, architecture: 'DECISION_TREE' } })).errors,
        { timeout: 10_000, interval: 100 },
      )
      .toBeUndefined();
    console.info(
      `chaos: slowest ${Math.round(slowest)} ms, ${failedSides} failed sides, ${outcomes.filter((o) => o.codes.length === 0).length}/${REQUESTS} clean,`,
      `heap +${Math.round((heapAfter - heapBefore) / 1024 / 1024)} MB, targets: ${JSON.stringify(snapshot.targets.map(({ target, circuit, retries, circuitOpens, shortCircuits, peakInFlight }) => ({ target, circuit, retries, circuitOpens, shortCircuits, peakInFlight })))}`,
    );
  });
});
