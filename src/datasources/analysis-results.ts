/** What the data sources hand to the pipeline: one result per side, already validated. */
import { Confidence, type DocumentType } from '../domain.js';
import type { ParsedAnalysis } from './bedrock/bedrock.response.js';

export interface DocumentRef {
  content: string;
  /** The caller's type; null when the caller gave none (Bedrock is then not told one). */
  documentType: DocumentType | null;
  /** SHA-256 of the content, hex; computed once per document and reused by every key. */
  contentHash: string;
}

/** A document whose type is known: what a SageMaker endpoint receives. */
export type TypedDocumentRef = DocumentRef & { documentType: DocumentType };

export interface BedrockResult extends ParsedAnalysis {
  modelId: string;
  cached: boolean;
  latencyMs: number;
}

export interface SageMakerResult {
  endpoint: string;
  label: string | null;
  score: number | null;
  confidence: Confidence;
  details: unknown;
  /** Tokens of the document as the gateway estimated them; SageMaker returns no usage. */
  inputTokens: number;
  cached: boolean;
  latencyMs: number;
}

/** Score -> level, the same thresholds the local analysers use. */
export function confidenceFromScore(score: number | null | undefined): Confidence {
  if (typeof score !== 'number' || Number.isNaN(score)) return Confidence.LOW;
  if (score >= 0.8) return Confidence.HIGH;
  if (score >= 0.5) return Confidence.STANDARD;
  return Confidence.LOW;
}
