/**
 * The type-detection cascade as pure decisions, cheapest first: the caller's type; else the
 * in-process classifier when it is sure enough; else Bedrock's first pass (which the pipeline runs
 * anyway in STAGED); else, when the first pass failed, the classifier's best guess.
 */
import { Confidence, DocumentType, TypeDetectionSource } from '../domain.js';
import type { DocTypePrediction } from './doc-type.classifier.js';

export interface TypeDetection {
  source: TypeDetectionSource;
  type: DocumentType;
  /** The deciding step's probability of `type`; null for the caller's type. */
  probability: number | null;
}

/** The classifier's answer for one document, judged against the configured threshold. */
export interface ClassifierVerdict {
  type: DocumentType;
  probability: number;
  /** At or above the threshold: the answer stands without asking Bedrock. */
  confident: boolean;
  minProbability: number;
}

/** What is known before any upstream call. */
export interface PreliminaryDetection {
  /** The caller's type, the confident classifier's, or (unsure) the classifier's best guess. */
  detection: TypeDetection;
  /** The classifier was unsure: Bedrock's first pass decides the type, when the route runs it before SageMaker needs one. */
  firstPassDecides: boolean;
  /** Absent when the caller gave the type (the classifier is then not asked up front). */
  classifier?: ClassifierVerdict;
}

/** The parts of Bedrock's first pass that bear on the type; undefined when it did not run or failed. */
export interface FirstPassType {
  detectedType: DocumentType | null;
  /** Bedrock's confidence in detectedType, 0..1, when it gave one. */
  typeConfidence: number | null;
  confidence: Confidence;
}

const TYPE_OF_KIND: Record<DocTypePrediction['kind'], DocumentType> = {
  legal: DocumentType.LEGAL,
  medical: DocumentType.MEDICAL,
  financial: DocumentType.FINANCIAL,
  general: DocumentType.GENERAL,
};

export function verdictOf(prediction: DocTypePrediction, minProbability: number): ClassifierVerdict {
  return {
    type: TYPE_OF_KIND[prediction.kind],
    probability: prediction.probability,
    confident: prediction.probability >= minProbability,
    minProbability,
  };
}

export function detectBeforeCalls(callerType: DocumentType | null | undefined, classify: () => ClassifierVerdict): PreliminaryDetection {
  if (callerType !== null && callerType !== undefined) {
    return { detection: { source: TypeDetectionSource.CALLER, type: callerType, probability: null }, firstPassDecides: false };
  }
  const classifier = classify();
  return {
    detection: { source: TypeDetectionSource.CLASSIFIER, type: classifier.type, probability: classifier.probability },
    firstPassDecides: !classifier.confident,
    classifier,
  };
}

/** The type after Bedrock's first pass: Bedrock's answer where it was to decide and gave one. */
export function detectAfterFirstPass(before: PreliminaryDetection, firstPass: FirstPassType | undefined): TypeDetection {
  if (!before.firstPassDecides || !firstPass?.detectedType) return before.detection;
  return { source: TypeDetectionSource.BEDROCK, type: firstPass.detectedType, probability: firstPass.typeConfidence };
}

/**
 * The type both detectors put in place of the caller's, when each is confident (the classifier at or
 * above its threshold, Bedrock HIGH) and they name the same one; else undefined. The caller's type is
 * still used: the caller may know what the text does not show.
 */
export function typeCallerOverlooked(
  callerType: DocumentType,
  classifier: ClassifierVerdict,
  firstPass: FirstPassType,
): DocumentType | undefined {
  if (!classifier.confident || classifier.type === callerType) return undefined;
  if (firstPass.confidence !== Confidence.HIGH || firstPass.detectedType !== classifier.type) return undefined;
  return classifier.type;
}

/**
 * One sentence for the reasons: how the type was found (`after` absent: before any call, as
 * estimateCost and chooseMethod see it). Empty for the caller's type: nothing to explain.
 */
export function detectionReason(before: PreliminaryDetection, after?: TypeDetection): string[] {
  const verdict = before.classifier;
  if (!verdict) return [];
  const p = formatProbability(verdict.probability);
  const threshold = formatProbability(verdict.minProbability);
  if (verdict.confident) return [`no documentType given: the classifier reads it as ${verdict.type} (p=${p}, at least ${threshold})`];
  const unsure = `no documentType given and the classifier is unsure (${verdict.type}, p=${p}, below ${threshold})`;
  if (after === undefined) {
    return before.firstPassDecides
      ? [`${unsure}: an analysis lets Bedrock's first pass decide it, before SageMaker is called`]
      : [`${unsure}; this route runs no Bedrock first pass, so the classifier's guess stands`];
  }
  if (after.source === TypeDetectionSource.BEDROCK) {
    const confidence = after.probability === null ? '' : ` (confidence ${formatProbability(after.probability)})`;
    return [`${unsure}: Bedrock's first pass read it as ${after.type}${confidence}`];
  }
  if (before.firstPassDecides) return [`${unsure}; Bedrock's first pass gave no type, so the classifier's guess stands`];
  return [`${unsure}; no Bedrock first pass runs on this route, so the classifier's guess stands`];
}

export function formatProbability(probability: number): string {
  return probability.toFixed(3);
}
