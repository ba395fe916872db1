/** The shapes the local analysers produce; the local AWS services serialise these onto the wire. */

import type { DocumentKind } from '../../detection/document-kind.js';

// The labels belong to the gateway's type detection (src/detection/); the analysers use the same ones.
export { DOCUMENT_KINDS, type DocumentKind, isDocumentKind } from '../../detection/document-kind.js';

export type SentimentLabel = 'positive' | 'negative' | 'neutral';
export type ConfidenceLevel = 'LOW' | 'STANDARD' | 'HIGH';

export interface Sentiment {
  label: SentimentLabel;
  /** Strength of the label in [0,1]. */
  score: number;
}

/** What the "foundation model" (Bedrock role) returns for a document. */
export interface FirstPassAnalysis {
  /** A short phrase, never a lone stop word. */
  topic: string;
  /** 5-10 ranked keyphrases, multi-word where the text has them. */
  keywords: string[];
  sentiment: Sentiment;
  detectedType: DocumentKind;
  /** Calibrated probability of detectedType, in [0,1]. */
  typeConfidence: number;
  /** ISO 639-1 code, or 'und' when unknown. */
  language: string;
}

/** What a domain endpoint (SageMaker role) returns for one instance. */
export interface DomainAnalysis {
  label: string;
  score: number;
  confidence: ConfidenceLevel;
  details: Record<string, unknown>;
}

export interface Analysers {
  firstPass(text: string): FirstPassAnalysis;
  domain(kind: DocumentKind, text: string): DomainAnalysis;
  /** Honest token count of the text under the local model's tokenizer. */
  countTokens(text: string): number;
  /** Bumped whenever any analyser's output may change for the same input (cache keys use it). */
  readonly version: string;
}

/** Thresholds shared by every analyser: score -> confidence level. */
export function confidenceFor(score: number): ConfidenceLevel {
  if (score >= 0.8) return 'HIGH';
  if (score >= 0.5) return 'STANDARD';
  return 'LOW';
}
