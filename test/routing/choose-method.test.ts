import { describe, expect, it } from 'vitest';
import { AccuracyRequirement, Architecture, Confidence, DocumentType, ProcessingMethod } from '../../src/domain.js';
import { BudgetExceededError, chooseMethod, deepAnalysisNeeded, type RoutingRequest } from '../../src/routing/choose-method.js';
import type { MethodCost } from '../../src/routing/cost-model.js';

const { LEGAL, MEDICAL, FINANCIAL, GENERAL } = DocumentType;
const { LOW, STANDARD, HIGH } = AccuracyRequirement;
const { AUTO, STAGED, PARALLEL, DECISION_TREE } = Architecture;
const { BEDROCK_ONLY, SAGEMAKER_ONLY, HYBRID } = ProcessingMethod;

function cost(method: ProcessingMethod, bedrockUsd: number, sagemakerUsd: number, priceKnown = true): MethodCost {
  return {
    method,
    estimatedUsd: bedrockUsd + sagemakerUsd,
    bedrockUsd,
    sagemakerUsd,
    inputTokens: 0,
    outputTokens: 0,
    priceKnown,
    notes: [],
  };
}

/** The three methods' costs; HYBRID is the sum, as estimateMethodCosts makes it. */
function costs(bedrockUsd: number, sagemakerUsd: number, bedrockPriced = true): MethodCost[] {
  return [
    cost(BEDROCK_ONLY, bedrockUsd, 0, bedrockPriced),
    cost(SAGEMAKER_ONLY, 0, sagemakerUsd),
    cost(HYBRID, bedrockUsd, sagemakerUsd, bedrockPriced),
  ];
}

function request(
  documentType: DocumentType,
  accuracy: AccuracyRequirement,
  architecture = AUTO,
  maxCostUsd?: number | null,
): RoutingRequest {
  return { documentType, accuracy, architecture, maxCostUsd };
}

// Bedrock cheaper in one set, SageMaker cheaper in the other.
const BEDROCK_CHEAPER = costs(0.000412, 0.00118);
const SAGEMAKER_CHEAPER = costs(0.002, 0.0012);

describe('chooseMethod, AUTO', () => {
  it.each([
    [LEGAL, HIGH, BEDROCK_CHEAPER, HYBRID, PARALLEL, 'HIGH accuracy on a LEGAL document needs both models: HYBRID'],
    [MEDICAL, HIGH, BEDROCK_CHEAPER, HYBRID, PARALLEL, 'HIGH accuracy on a MEDICAL document needs both models: HYBRID'],
    [
      FINANCIAL,
      HIGH,
      BEDROCK_CHEAPER,
      SAGEMAKER_ONLY,
      DECISION_TREE,
      'HIGH accuracy on a FINANCIAL document calls for the custom model: SAGEMAKER_ONLY',
    ],
    [
      GENERAL,
      HIGH,
      BEDROCK_CHEAPER,
      SAGEMAKER_ONLY,
      DECISION_TREE,
      'HIGH accuracy on a GENERAL document calls for the custom model: SAGEMAKER_ONLY',
    ],
    [
      GENERAL,
      STANDARD,
      BEDROCK_CHEAPER,
      BEDROCK_ONLY,
      DECISION_TREE,
      'Bedrock ($0.000412) is cheaper than SageMaker ($0.001180) and accuracy is STANDARD: BEDROCK_ONLY',
    ],
    [
      LEGAL,
      LOW,
      BEDROCK_CHEAPER,
      BEDROCK_ONLY,
      DECISION_TREE,
      'Bedrock ($0.000412) is cheaper than SageMaker ($0.001180) and accuracy is LOW: BEDROCK_ONLY',
    ],
    [
      GENERAL,
      STANDARD,
      SAGEMAKER_CHEAPER,
      SAGEMAKER_ONLY,
      DECISION_TREE,
      'SageMaker ($0.001200) costs no more than Bedrock ($0.002000): SAGEMAKER_ONLY',
    ],
    [
      MEDICAL,
      STANDARD,
      costs(0.001, 0.001),
      SAGEMAKER_ONLY,
      DECISION_TREE,
      'SageMaker ($0.001000) costs no more than Bedrock ($0.001000): SAGEMAKER_ONLY',
    ],
    [
      GENERAL,
      STANDARD,
      costs(0, 0.001, false),
      BEDROCK_ONLY,
      DECISION_TREE,
      "Bedrock's cost is unknown (no price for the model), so the type decides: a GENERAL document is simple: BEDROCK_ONLY",
    ],
    [
      FINANCIAL,
      LOW,
      costs(0, 0.001, false),
      SAGEMAKER_ONLY,
      DECISION_TREE,
      "Bedrock's cost is unknown (no price for the model), so the type decides: a FINANCIAL document is complex: SAGEMAKER_ONLY",
    ],
  ])('%s at %s accuracy -> %s', (documentType, accuracy, methodCosts, method, architecture, reason) => {
    const choice = chooseMethod(request(documentType, accuracy), methodCosts);

    expect(choice).toMatchObject({ method, architecture });
    expect(choice.reasons[0]).toBe(reason);
  });

  it('runs HYBRID at HIGH accuracy in PARALLEL, saying why', () => {
    const choice = chooseMethod(request(LEGAL, HIGH), BEDROCK_CHEAPER);

    expect(choice.reasons).toContain('both models are needed anyway, so PARALLEL: the latency is the slower call, not the sum');
  });

  it('reports the chosen estimate and the other methods as alternatives', () => {
    const choice = chooseMethod(request(GENERAL, STANDARD), BEDROCK_CHEAPER);

    expect(choice.estimatedUsd).toBe(0.000412);
    expect(choice.alternatives.map((c) => c.method)).toEqual([SAGEMAKER_ONLY, HYBRID]);
  });
});

describe('chooseMethod, explicit architecture', () => {
  it.each([
    [STAGED, GENERAL, HYBRID, STAGED, 'decided at run time'],
    [STAGED, LEGAL, HYBRID, STAGED, 'which a LEGAL document always gets: HYBRID'],
    [PARALLEL, GENERAL, HYBRID, PARALLEL, 'PARALLEL requested: Bedrock and SageMaker at once'],
    [DECISION_TREE, LEGAL, SAGEMAKER_ONLY, DECISION_TREE, 'a LEGAL document is complex, so SageMaker only'],
    [DECISION_TREE, MEDICAL, SAGEMAKER_ONLY, DECISION_TREE, 'a MEDICAL document is complex'],
    [DECISION_TREE, FINANCIAL, SAGEMAKER_ONLY, DECISION_TREE, 'a FINANCIAL document is complex'],
    [DECISION_TREE, GENERAL, BEDROCK_ONLY, DECISION_TREE, 'a GENERAL document is simple, so Bedrock only'],
  ])('%s for a %s document -> %s', (requested, documentType, method, architecture, reason) => {
    // HIGH accuracy and costs that favour the other answer show that the requested architecture wins.
    const choice = chooseMethod(request(documentType, HIGH, requested), SAGEMAKER_CHEAPER);

    expect(choice).toMatchObject({ method, architecture });
    expect(choice.reasons[0]).toContain(reason);
  });
});

describe('chooseMethod, maxCostUsd', () => {
  // Bedrock $0.0004, SageMaker $0.0012, HYBRID $0.0016.
  const priced = costs(0.0004, 0.0012);

  it('keeps the choice within the limit and says so', () => {
    const choice = chooseMethod(request(LEGAL, HIGH, AUTO, 0.002), priced);

    expect(choice.method).toBe(HYBRID);
    expect(choice.reasons).toContain('the estimate $0.001600 is within the limit $0.002000');
  });

  it('ignores a null limit', () => {
    const choice = chooseMethod(request(LEGAL, HIGH, AUTO, null), priced);

    expect(choice.method).toBe(HYBRID);
    expect(choice.reasons.join(' ')).not.toContain('limit');
  });

  it.each([
    // HYBRID $0.0016 > $0.0015; both singles fit; a complex type keeps SageMaker's domain analysis though Bedrock is cheaper.
    [
      'HYBRID over the limit on a complex type keeps SageMaker',
      request(LEGAL, HIGH, AUTO, 0.0015),
      priced,
      SAGEMAKER_ONLY,
      'HYBRID ($0.001600) is over the limit $0.001500; SAGEMAKER_ONLY ($0.001200) is within it: SAGEMAKER_ONLY',
    ],
    // HYBRID $0.0016 and SageMaker $0.0012 > $0.001; Bedrock $0.0004 fits.
    [
      'HYBRID over the limit with only Bedrock under it',
      request(MEDICAL, HIGH, AUTO, 0.001),
      priced,
      BEDROCK_ONLY,
      'HYBRID ($0.001600) is over the limit $0.001000; BEDROCK_ONLY ($0.000400) is within it: BEDROCK_ONLY',
    ],
    // HIGH on GENERAL wants SageMaker $0.0012 > $0.001; Bedrock $0.0004 fits.
    [
      'SageMaker over the limit falls back to Bedrock',
      request(GENERAL, HIGH, AUTO, 0.001),
      priced,
      BEDROCK_ONLY,
      'SAGEMAKER_ONLY ($0.001200) is over the limit $0.001000; BEDROCK_ONLY ($0.000400) is within it: BEDROCK_ONLY',
    ],
    // Bedrock has no price, so it cannot be shown to fit; SageMaker $0.0012 does.
    [
      'an unpriced Bedrock cannot be kept under a limit',
      request(GENERAL, STANDARD, AUTO, 0.01),
      costs(0, 0.0012, false),
      SAGEMAKER_ONLY,
      "BEDROCK_ONLY's cost is unknown (no price for the model), so it cannot be kept under the limit $0.010000; SAGEMAKER_ONLY ($0.001200) is within it: SAGEMAKER_ONLY",
    ],
  ])('%s', (_what, req, methodCosts, method, reason) => {
    const choice = chooseMethod(req, methodCosts);

    expect(choice).toMatchObject({ method, architecture: DECISION_TREE });
    expect(choice.reasons).toContain(reason);
  });

  it('throws BudgetExceededError with the cheapest estimate when no method fits', () => {
    const act = () => chooseMethod(request(LEGAL, HIGH, AUTO, 0.0001), priced);

    expect(act).toThrow(BudgetExceededError);
    expect(act).toThrow(expect.objectContaining({ method: BEDROCK_ONLY, cheapestUsd: 0.0004, limitUsd: 0.0001 }));
    expect(act).toThrow('cost limit $0.000100 exceeded: no method fits: the cheapest, BEDROCK_ONLY, is estimated at $0.000400');
  });

  it.each([
    // PARALLEL needs HYBRID $0.0016 > $0.001, although Bedrock alone would fit.
    [PARALLEL, GENERAL, HYBRID, 0.0016],
    [STAGED, GENERAL, HYBRID, 0.0016],
    // DECISION_TREE sends LEGAL to SageMaker $0.0012 > $0.001.
    [DECISION_TREE, LEGAL, SAGEMAKER_ONLY, 0.0012],
  ])('throws for an explicit %s whose method is over the limit', (architecture, documentType, method, estimate) => {
    const act = () => chooseMethod(request(documentType, STANDARD, architecture, 0.001), priced);

    expect(act).toThrow(
      expect.objectContaining({ name: 'BudgetExceededError', method, cheapestUsd: expect.closeTo(estimate, 12), limitUsd: 0.001 }),
    );
  });

  it('accepts an explicit architecture within the limit', () => {
    expect(chooseMethod(request(GENERAL, STANDARD, DECISION_TREE, 0.001), priced).method).toBe(BEDROCK_ONLY);
  });

  it('rejects a negative limit', () => {
    expect(() => chooseMethod(request(GENERAL, STANDARD, AUTO, -1), priced)).toThrow(RangeError);
  });
});

describe('chooseMethod, unavailable upstream', () => {
  it.each([
    [
      'Bedrock down: the cheaper Bedrock is avoided',
      request(GENERAL, STANDARD),
      { bedrock: 'circuit open' },
      SAGEMAKER_ONLY,
      'Bedrock is unavailable (circuit open): SAGEMAKER_ONLY instead of BEDROCK_ONLY',
    ],
    [
      'SageMaker down: HYBRID becomes Bedrock only',
      request(LEGAL, HIGH),
      { sagemaker: 'circuit open' },
      BEDROCK_ONLY,
      'SageMaker is unavailable (circuit open): BEDROCK_ONLY instead of HYBRID',
    ],
    [
      'SageMaker down: STAGED becomes Bedrock only',
      request(GENERAL, STANDARD, STAGED),
      { sagemaker: 'throttled' },
      BEDROCK_ONLY,
      'SageMaker is unavailable (throttled): BEDROCK_ONLY instead of HYBRID',
    ],
    [
      'SageMaker down: DECISION_TREE sends a complex type to Bedrock',
      request(FINANCIAL, STANDARD, DECISION_TREE),
      { sagemaker: 'circuit open' },
      BEDROCK_ONLY,
      'SageMaker is unavailable (circuit open): BEDROCK_ONLY instead of SAGEMAKER_ONLY',
    ],
  ])('%s', (_what, req, unavailable, method, reason) => {
    const choice = chooseMethod(req, BEDROCK_CHEAPER, { unavailable });

    expect(choice).toMatchObject({ method, architecture: DECISION_TREE });
    expect(choice.reasons).toContain(reason);
  });

  it('keeps the requested choice when both are down, so the pipeline reports the errors', () => {
    const choice = chooseMethod(request(LEGAL, HIGH), BEDROCK_CHEAPER, {
      unavailable: { bedrock: 'circuit open', sagemaker: 'circuit open' },
    });

    expect(choice).toMatchObject({ method: HYBRID, architecture: PARALLEL });
    expect(choice.reasons).toContain(
      'Bedrock is unavailable (circuit open) and SageMaker is unavailable (circuit open): keeping HYBRID; the pipeline will report the errors',
    );
  });

  it('does not fall back on an unavailable service to meet a limit', () => {
    // SageMaker is down, so only Bedrock ($0.0004) may be used, and it is over $0.0001.
    const act = () =>
      chooseMethod(request(LEGAL, HIGH, AUTO, 0.0001), costs(0.0004, 0.00005), { unavailable: { sagemaker: 'circuit open' } });

    expect(act).toThrow(expect.objectContaining({ method: BEDROCK_ONLY, cheapestUsd: 0.0004 }));
  });
});

describe('deepAnalysisNeeded', () => {
  it.each([
    [GENERAL, Confidence.HIGH, false, false, 'a GENERAL document with a HIGH-confidence first pass needs no deep analysis'],
    [GENERAL, Confidence.STANDARD, false, false, 'a GENERAL document with a STANDARD-confidence first pass needs no deep analysis'],
    [GENERAL, Confidence.LOW, false, true, 'the first pass has LOW confidence'],
    [GENERAL, Confidence.HIGH, true, true, 'the first pass failed, so the deep analysis is the only result'],
    [LEGAL, Confidence.HIGH, false, true, 'a LEGAL document is a complex type'],
    [MEDICAL, Confidence.HIGH, false, true, 'a MEDICAL document is a complex type'],
    [FINANCIAL, Confidence.STANDARD, false, true, 'a FINANCIAL document is a complex type'],
    [FINANCIAL, Confidence.LOW, true, true, 'the first pass failed, so the deep analysis is the only result'],
  ])('%s, %s confidence, failed=%s -> needed=%s', (documentType, confidence, failed, needed, reason) => {
    expect(deepAnalysisNeeded(documentType, { confidence, failed })).toEqual({ needed, reason });
  });
});
