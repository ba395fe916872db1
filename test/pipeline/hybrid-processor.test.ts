import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { BedrockResult, SageMakerResult } from '../../src/datasources/analysis-results.js';
import { Architecture, Confidence, DocumentType, ProcessingMethod } from '../../src/domain.js';
import { ErrorCode, errorCodeOf, gatewayError } from '../../src/errors.js';
import { type ProcessorPorts, runArchitecture } from '../../src/pipeline/hybrid-processor.js';
import { bedrockResult as bedrockFixture, sagemakerResult as sagemakerFixture } from '../fixtures/results.js';

const bedrockResult = (over: Partial<BedrockResult> = {}): BedrockResult =>
  bedrockFixture({ topic: 'eiffel tower', keywords: ['eiffel tower'], detectedType: DocumentType.GENERAL, ...over });

const sagemakerResult: SageMakerResult = sagemakerFixture({ endpoint: 'general-text-analyzer', label: 'architecture', details: {} });

type Side = BedrockResult | 'throttled' | 'broken';

/** Ports that count their calls and answer after `delayMs`, or fail as told. */
function ports(bedrock: Side, sagemaker: SageMakerResult | 'throttled' = sagemakerResult, delayMs = 0) {
  const calls = { bedrock: 0, sagemaker: 0 };
  const answer = async <T>(side: T | 'throttled' | 'broken'): Promise<T> => {
    await sleep(delayMs);
    if (side === 'throttled') throw gatewayError(ErrorCode.UPSTREAM_THROTTLED, 'throttled');
    if (side === 'broken') throw new TypeError('a bug, not an upstream failure');
    return side;
  };
  const bound: ProcessorPorts = {
    bedrock: () => {
      calls.bedrock += 1;
      return answer(bedrock);
    },
    sagemaker: () => {
      calls.sagemaker += 1;
      return answer(sagemaker);
    },
  };
  return { ports: bound, calls };
}

describe('runArchitecture, STAGED', () => {
  it.each<[string, DocumentType, Side, boolean, RegExp, ProcessingMethod]>([
    [
      'a confident general first pass',
      DocumentType.GENERAL,
      bedrockResult(),
      false,
      /^skipped: a GENERAL document with a HIGH-confidence/,
      ProcessingMethod.BEDROCK_ONLY,
    ],
    ['a complex type', DocumentType.LEGAL, bedrockResult(), true, /^ran: a LEGAL document is a complex type/, ProcessingMethod.HYBRID],
    [
      'a LOW-confidence first pass',
      DocumentType.GENERAL,
      bedrockResult({ confidence: Confidence.LOW }),
      true,
      /^ran: the first pass has LOW confidence/,
      ProcessingMethod.HYBRID,
    ],
    [
      'model output that failed validation',
      DocumentType.GENERAL,
      bedrockResult({ invalidOutput: true, confidence: Confidence.LOW }),
      true,
      /^ran: the first pass failed/,
      ProcessingMethod.HYBRID,
    ],
    ['a failed first pass', DocumentType.GENERAL, 'throttled', true, /^ran: the first pass failed/, ProcessingMethod.HYBRID],
  ])(
    'after %s on a %s document, runs the deep analysis only when the rule says so',
    async (_name, documentType, bedrock, deep, reason, method) => {
      // Prepare
      const { ports: bound, calls } = ports(bedrock);

      // Act
      const run = await runArchitecture(Architecture.STAGED, ProcessingMethod.HYBRID, documentType, bound);

      // Assess
      expect(run.architecture).toBe(Architecture.STAGED);
      expect(run.deepAnalysis).toMatch(reason);
      expect(calls).toEqual({ bedrock: 1, sagemaker: deep ? 1 : 0 });
      expect(run.sagemaker?.result).toEqual(deep ? sagemakerResult : undefined);
      expect(run.method).toBe(method);
    },
  );

  it('calls SageMaker only after Bedrock has answered', async () => {
    // Prepare
    const order: string[] = [];
    const bound: ProcessorPorts = {
      bedrock: async () => {
        order.push('bedrock:start');
        await sleep(20);
        order.push('bedrock:end');
        return bedrockResult({ detectedType: DocumentType.LEGAL });
      },
      sagemaker: async () => {
        order.push('sagemaker:start');
        return sagemakerResult;
      },
    };

    // Act
    await runArchitecture(Architecture.STAGED, ProcessingMethod.HYBRID, DocumentType.LEGAL, bound);

    // Assess
    expect(order).toEqual(['bedrock:start', 'bedrock:end', 'sagemaker:start']);
  });
});

describe('runArchitecture, PARALLEL', () => {
  it('calls both at once, so the latency is the slower call and not the sum', async () => {
    // Prepare
    const { ports: bound, calls } = ports(bedrockResult(), sagemakerResult, 300);

    // Act
    const started = performance.now();
    const running = runArchitecture(Architecture.PARALLEL, ProcessingMethod.HYBRID, DocumentType.GENERAL, bound);
    const callsBeforeEitherAnswered = { ...calls };
    const run = await running;
    const elapsed = performance.now() - started;

    // Assess: both calls were made before either answered, whatever the timers did.
    expect(callsBeforeEitherAnswered).toEqual({ bedrock: 1, sagemaker: 1 });
    expect(calls).toEqual({ bedrock: 1, sagemaker: 1 });
    expect(run).toMatchObject({ architecture: Architecture.PARALLEL, method: ProcessingMethod.HYBRID });
    // One after the other would take at least 600 ms; the margin under it is for a busy machine.
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(600);
  });

  it('keeps one side when the other fails, with the error as a coded GraphQLError', async () => {
    // Prepare
    const { ports: bound } = ports('throttled');

    // Act
    const run = await runArchitecture(Architecture.PARALLEL, ProcessingMethod.HYBRID, DocumentType.LEGAL, bound);

    // Assess
    expect(run.sagemaker?.result).toEqual(sagemakerResult);
    expect(run.bedrock?.result).toBeUndefined();
    expect(errorCodeOf(run.bedrock?.error)).toBe(ErrorCode.UPSTREAM_THROTTLED);
  });

  it('turns an unexpected exception into INTERNAL_SERVER_ERROR on its side instead of rejecting', async () => {
    // Prepare
    const { ports: bound } = ports('broken');

    // Act
    const run = await runArchitecture(Architecture.PARALLEL, ProcessingMethod.HYBRID, DocumentType.LEGAL, bound);

    // Assess
    expect(errorCodeOf(run.bedrock?.error)).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expect(run.bedrock?.error?.originalError).toBeInstanceOf(TypeError);
    expect(run.sagemaker?.result).toEqual(sagemakerResult);
  });
});

describe('runArchitecture, DECISION_TREE', () => {
  it.each<[ProcessingMethod, { bedrock: number; sagemaker: number }]>([
    [ProcessingMethod.SAGEMAKER_ONLY, { bedrock: 0, sagemaker: 1 }],
    [ProcessingMethod.BEDROCK_ONLY, { bedrock: 1, sagemaker: 0 }],
  ])('runs exactly the service of %s', async (method, expected) => {
    // Prepare
    const { ports: bound, calls } = ports(bedrockResult());

    // Act
    const run = await runArchitecture(Architecture.DECISION_TREE, method, DocumentType.FINANCIAL, bound);

    // Assess
    expect(calls).toEqual(expected);
    expect(run).toMatchObject({ architecture: Architecture.DECISION_TREE, method });
  });

  it('reports the failure without calling the other service when fallback is off', async () => {
    // Prepare
    const { ports: bound, calls } = ports(bedrockResult(), 'throttled');

    // Act
    const run = await runArchitecture(Architecture.DECISION_TREE, ProcessingMethod.SAGEMAKER_ONLY, DocumentType.LEGAL, bound);

    // Assess
    expect(calls).toEqual({ bedrock: 0, sagemaker: 1 });
    expect(errorCodeOf(run.sagemaker?.error)).toBe(ErrorCode.UPSTREAM_THROTTLED);
    expect(run.fallback).toBeUndefined();
  });

  it('falls back to the other service on an upstream failure when asked, and says so', async () => {
    // Prepare
    const { ports: bound, calls } = ports(bedrockResult(), 'throttled');

    // Act
    const run = await runArchitecture(Architecture.DECISION_TREE, ProcessingMethod.SAGEMAKER_ONLY, DocumentType.LEGAL, bound, {
      fallback: true,
    });

    // Assess
    expect(calls).toEqual({ bedrock: 1, sagemaker: 1 });
    expect(run.fallback).toBe('SageMaker failed (UPSTREAM_THROTTLED), so DECISION_TREE fell back to Bedrock');
    expect(run.method).toBe(ProcessingMethod.BEDROCK_ONLY);
  });

  it('does not fall back on an internal error, which the other service would not cure', async () => {
    // Prepare
    const { ports: bound, calls } = ports('broken');

    // Act
    const run = await runArchitecture(Architecture.DECISION_TREE, ProcessingMethod.BEDROCK_ONLY, DocumentType.GENERAL, bound, {
      fallback: true,
    });

    // Assess
    expect(calls).toEqual({ bedrock: 1, sagemaker: 0 });
    expect(run.fallback).toBeUndefined();
  });
});

describe('runArchitecture, AUTO', () => {
  it('refuses to run AUTO: the router must resolve it first', async () => {
    // Prepare
    const { ports: bound, calls } = ports(bedrockResult());

    // Act
    const run = runArchitecture(Architecture.AUTO, ProcessingMethod.HYBRID, DocumentType.GENERAL, bound);

    // Assess
    await expect(run).rejects.toThrow('must be resolved by the router');
    expect(calls).toEqual({ bedrock: 0, sagemaker: 0 });
  });
});
