/** What the data sources hand to the pipeline: one result per side, already validated. */

import type { DocumentAttachment } from '../documents/document-reader.js';
import { Confidence, type DocumentType } from '../domain.js';
import type { ParsedAnalysis } from './bedrock/bedrock.response.js';

export interface DocumentRef {
  /** The text: the caller's content, or what was extracted from the caller's file. */
  content: string;
  documentType: DocumentType;
  /** SHA-256 of the content, hex; computed once per document and reused by every key. */
  contentHash: string;
  /** The file itself, when Bedrock should see it (layout, tables) rather than the extracted text. */
  attachment?: DocumentAttachment;
}

/** What identifies the Bedrock side's input: the file when Bedrock sees the file, else the text. */
export function bedrockInputHash(document: DocumentRef): string {
  return document.attachment?.hash ?? document.contentHash;
}

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
