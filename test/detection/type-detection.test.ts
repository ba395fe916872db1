import { describe, expect, it } from 'vitest';
import {
  type ClassifierVerdict,
  detectAfterFirstPass,
  detectBeforeCalls,
  detectionReason,
  type FirstPassType,
  typeCallerOverlooked,
} from '../../src/detection/type-detection.js';
import { Confidence, DocumentType, TypeDetectionSource } from '../../src/domain.js';
import { integrateInsights } from '../../src/pipeline/insights.js';
import { bedrockResult } from '../fixtures/results.js';

const { LEGAL, MEDICAL, FINANCIAL, GENERAL } = DocumentType;
const { CALLER, CLASSIFIER, BEDROCK } = TypeDetectionSource;

const verdict = (type: DocumentType, probability: number, minProbability = 0.7): ClassifierVerdict => ({
  type,
  probability,
  confident: probability >= minProbability,
  minProbability,
});
const firstPass = (detectedType: DocumentType | null, typeConfidence: number | null, confidence = Confidence.HIGH): FirstPassType => ({
  detectedType,
  typeConfidence,
  confidence,
});

describe('the type-detection cascade', () => {
  it.each([
    // name, caller type, classifier verdict, Bedrock's first pass, expected detection, whether Bedrock was to decide
    [
      'the caller gave the type',
      LEGAL,
      verdict(MEDICAL, 0.99),
      firstPass(MEDICAL, 0.95),
      { source: CALLER, type: LEGAL, probability: null },
      false,
    ],
    [
      'a confident classifier',
      null,
      verdict(MEDICAL, 0.98),
      firstPass(GENERAL, 0.9),
      { source: CLASSIFIER, type: MEDICAL, probability: 0.98 },
      false,
    ],
    [
      'a classifier exactly at the threshold',
      undefined,
      verdict(FINANCIAL, 0.7),
      undefined,
      { source: CLASSIFIER, type: FINANCIAL, probability: 0.7 },
      false,
    ],
    [
      'an unsure classifier, then Bedrock',
      null,
      verdict(GENERAL, 0.41),
      firstPass(FINANCIAL, 0.88),
      { source: BEDROCK, type: FINANCIAL, probability: 0.88 },
      true,
    ],
    [
      'an unsure classifier, then Bedrock without a confidence',
      null,
      verdict(GENERAL, 0.41),
      firstPass(LEGAL, null),
      { source: BEDROCK, type: LEGAL, probability: null },
      true,
    ],
    [
      'an unsure classifier and a failed first pass',
      null,
      verdict(MEDICAL, 0.5),
      undefined,
      { source: CLASSIFIER, type: MEDICAL, probability: 0.5 },
      true,
    ],
    [
      'an unsure classifier and a first pass with no type',
      null,
      verdict(MEDICAL, 0.5),
      firstPass(null, null),
      { source: CLASSIFIER, type: MEDICAL, probability: 0.5 },
      true,
    ],
  ] as const)('%s', (_name, callerType, classifier, pass, expected, firstPassDecides) => {
    let classified = 0;
    const before = detectBeforeCalls(callerType, () => {
      classified += 1;
      return classifier;
    });

    const after = detectAfterFirstPass(before, pass);

    expect(before.firstPassDecides).toBe(firstPassDecides);
    expect(after).toEqual(expected);
    // The caller's type costs no classification; otherwise the classifier is asked exactly once.
    expect(classified).toBe(callerType ? 0 : 1);
  });

  it.each([
    ['both confidently name the same other type', verdict(MEDICAL, 0.95), firstPass(MEDICAL, 0.9), MEDICAL],
    ['the classifier agrees with the caller', verdict(LEGAL, 0.95), firstPass(MEDICAL, 0.9), undefined],
    ['the classifier is unsure', verdict(MEDICAL, 0.6), firstPass(MEDICAL, 0.9), undefined],
    ['Bedrock is not HIGH', verdict(MEDICAL, 0.95), firstPass(MEDICAL, 0.6, Confidence.STANDARD), undefined],
    ['they name different other types', verdict(MEDICAL, 0.95), firstPass(FINANCIAL, 0.9), undefined],
  ] as const)('a caller disagreed with: %s', (_name, classifier, pass, expected) => {
    expect(typeCallerOverlooked(LEGAL, classifier, pass)).toBe(expected);
  });

  it('keeps the caller type and says both detectors disagree with it', () => {
    const insights = integrateInsights({
      requestedType: LEGAL,
      typeOverlooked: { type: MEDICAL, classifierProbability: 0.97 },
      bedrock: { result: bedrockResult({ detectedType: MEDICAL }) },
    });

    expect(insights.typeAgreement).toBe(false);
    expect(insights.recommendations[0]).toBe(
      'Both the classifier (p=0.970) and Bedrock (HIGH confidence) read this as MEDICAL, not LEGAL; LEGAL was used as given: ' +
        're-run with documentType MEDICAL, or without documentType to let the gateway decide.',
    );
  });

  it("says which type was used when Bedrock disagrees with the classifier's", () => {
    const insights = integrateInsights({
      requestedType: FINANCIAL,
      typeDetection: { source: CLASSIFIER, type: FINANCIAL, probability: 0.91 },
      bedrock: { result: bedrockResult({ detectedType: GENERAL }) },
    });

    expect(insights.recommendations[0]).toBe(
      "Bedrock reads this as GENERAL, not the classifier's FINANCIAL (p=0.910), which was used: if you know the type, pass documentType.",
    );
  });

  it.each([
    ['before any call, Bedrock to decide', verdict(GENERAL, 0.41), true, undefined, /an analysis lets Bedrock's first pass decide it/],
    ['before any call, no first pass on the route', verdict(GENERAL, 0.41), false, undefined, /this route runs no Bedrock first pass/],
    [
      'after Bedrock decided',
      verdict(GENERAL, 0.41),
      true,
      { source: BEDROCK, type: FINANCIAL, probability: 0.88 },
      /Bedrock's first pass read it as FINANCIAL \(confidence 0\.880\)/,
    ],
    [
      'a confident classifier',
      verdict(MEDICAL, 0.99),
      false,
      undefined,
      /the classifier reads it as MEDICAL \(p=0\.990, at least 0\.700\)/,
    ],
  ] as const)('explains the detection in the reasons: %s', (_name, classifier, firstPassDecides, after, expected) => {
    const before = { ...detectBeforeCalls(null, () => classifier), firstPassDecides };
    expect(detectionReason(before, after).join(' ')).toMatch(expected);
  });

  it('gives no detection reason for the caller type', () => {
    const before = detectBeforeCalls(LEGAL, () => verdict(MEDICAL, 0.99));
    expect(detectionReason(before, before.detection)).toEqual([]);
  });
});
