/**
 * Compares what the two back ends said and turns it into integrated insights. Every sentence is
 * derived from the results at hand: nothing here is a fixed message.
 */
import type { GraphQLError } from 'graphql';
import type { BedrockResult, SageMakerResult } from '../datasources/analysis-results.js';
import { formatProbability, type TypeDetection } from '../detection/type-detection.js';
import { Confidence, type DocumentType, TypeDetectionSource } from '../domain.js';
import { errorCodeOf } from '../errors.js';

export interface SideOutcome<T> {
  result?: T;
  error?: GraphQLError;
}

export interface InsightsInput {
  /** The type used: the caller's or the detected one. */
  requestedType: DocumentType;
  /** The model as the graph names it (never an ARN in production); the result's own id otherwise. */
  displayModelId?: string;
  /** How requestedType was found; absent means the caller gave it. */
  typeDetection?: TypeDetection;
  /** Both the classifier and Bedrock confidently read a caller-typed document as this other type. */
  typeOverlooked?: { type: DocumentType; classifierProbability: number };
  bedrock?: SideOutcome<BedrockResult>;
  sagemaker?: SideOutcome<SageMakerResult>;
  deepAnalysis?: string;
}

export interface Insights {
  confidenceLevel: Confidence;
  processingMethods: string[];
  agreement: boolean | null;
  typeAgreement: boolean | null;
  sentimentAgreement: boolean | null;
  deepAnalysis: string | null;
  recommendations: string[];
}

const SENTIMENTS = new Set(['positive', 'negative', 'neutral']);
const RANK: Record<Confidence, number> = { [Confidence.LOW]: 0, [Confidence.STANDARD]: 1, [Confidence.HIGH]: 2 };

/** The sentiment a domain endpoint reports, wherever its analyser puts it. */
export function sagemakerSentiment(result: SageMakerResult): string | null {
  const details = result.details as { sentiment?: { label?: unknown } | string } | null;
  const fromDetails = typeof details?.sentiment === 'string' ? details.sentiment : details?.sentiment?.label;
  if (typeof fromDetails === 'string' && SENTIMENTS.has(fromDetails.toLowerCase())) return fromDetails.toLowerCase();
  if (result.label && SENTIMENTS.has(result.label.toLowerCase())) return result.label.toLowerCase();
  return null;
}

function riskFlagNames(result: SageMakerResult): string[] {
  const flags = (result.details as { riskFlags?: Array<{ flag?: unknown }> } | null)?.riskFlags;
  if (!Array.isArray(flags)) return [];
  return flags.map((flag) => flag?.flag).filter((flag): flag is string => typeof flag === 'string');
}

function phiCount(result: SageMakerResult): number {
  const phi = (result.details as { phi?: unknown[] } | null)?.phi;
  return Array.isArray(phi) ? phi.length : 0;
}

function combinedConfidence(
  bedrock: BedrockResult | undefined,
  sagemaker: SageMakerResult | undefined,
  agreement: boolean | null,
): Confidence {
  const levels = [bedrock?.confidence, sagemaker?.confidence].filter((level): level is Confidence => level !== undefined);
  if (levels.length === 0) return Confidence.LOW;
  const sorted = levels.sort((a, b) => RANK[a] - RANK[b]);
  // Two models that agree corroborate each other; two that disagree are only as good as the weaker.
  if (levels.length === 2 && agreement === true) return sorted[1] as Confidence;
  if (levels.length === 2 && agreement === false) return Confidence.LOW;
  return sorted[0] as Confidence;
}

function typeDisagreement(input: InsightsInput, bedrockType: DocumentType): string {
  const used = input.requestedType;
  if (input.typeDetection?.source === TypeDetectionSource.CLASSIFIER) {
    const p = input.typeDetection.probability === null ? '' : ` (p=${formatProbability(input.typeDetection.probability)})`;
    return `Bedrock reads this as ${bedrockType}, not the classifier's ${used}${p}, which was used: if you know the type, pass documentType.`;
  }
  const overlooked = input.typeOverlooked;
  if (overlooked) {
    return (
      `Both the classifier (p=${formatProbability(overlooked.classifierProbability)}) and Bedrock (HIGH confidence) read this as ${overlooked.type}, ` +
      `not ${used}; ${used} was used as given: re-run with documentType ${overlooked.type}, or without documentType to let the gateway decide.`
    );
  }
  return `Bedrock reads this as ${bedrockType}, not ${used}: consider re-running with documentType ${bedrockType}.`;
}

export function integrateInsights(input: InsightsInput): Insights {
  const bedrock = input.bedrock?.result;
  const sagemaker = input.sagemaker?.result;
  const recommendations: string[] = [];

  const typeAgreement = bedrock?.detectedType ? bedrock.detectedType === input.requestedType : null;
  if (typeAgreement === false && bedrock?.detectedType) recommendations.push(typeDisagreement(input, bedrock.detectedType));

  const bedrockSentiment = bedrock?.sentiment ?? null;
  const deepSentiment = sagemaker ? sagemakerSentiment(sagemaker) : null;
  const sentimentAgreement = bedrockSentiment && deepSentiment ? bedrockSentiment === deepSentiment : null;
  if (sentimentAgreement === false) {
    recommendations.push(
      `Sentiment differs (Bedrock ${bedrockSentiment}, SageMaker ${deepSentiment}): review it by hand before acting on it.`,
    );
  }

  const comparisons = [typeAgreement, sentimentAgreement].filter((value): value is boolean => value !== null);
  const agreement = comparisons.length === 0 ? null : comparisons.every(Boolean);
  const confidenceLevel = combinedConfidence(bedrock, sagemaker, bedrock && sagemaker ? agreement : null);

  for (const [side, outcome] of [
    ['Bedrock', input.bedrock],
    ['SageMaker', input.sagemaker],
  ] as const) {
    if (outcome?.error)
      recommendations.push(`${side} failed (${errorCodeOf(outcome.error)}): this result is partial; retry later for the full analysis.`);
  }
  if (bedrock?.invalidOutput)
    recommendations.push('The foundation model returned output that failed validation: treat its fields as missing.');
  if (sagemaker) {
    const flags = riskFlagNames(sagemaker);
    if (flags.length > 0) recommendations.push(`${flags.length} risk flag(s) to review: ${flags.join(', ')}.`);
    const phi = phiCount(sagemaker);
    if (phi > 0) recommendations.push(`${phi} item(s) of protected health information found: redact before sharing.`);
  }
  if (confidenceLevel === Confidence.LOW && !sagemaker && !input.sagemaker?.error) {
    recommendations.push('Confidence is LOW: request accuracy HIGH to add the SageMaker deep analysis.');
  }

  const processingMethods = [
    ...(bedrock ? [`bedrock:${input.displayModelId ?? bedrock.modelId}`] : []),
    ...(sagemaker ? [`sagemaker:${sagemaker.endpoint}`] : []),
  ];
  return {
    confidenceLevel,
    processingMethods,
    agreement,
    typeAgreement,
    sentimentAgreement,
    deepAnalysis: input.deepAnalysis ?? null,
    recommendations,
  };
}
