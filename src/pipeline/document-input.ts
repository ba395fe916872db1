/** Checks a document before anything is estimated or called, and gives it a stable id and hash. */
import type { DocumentRef } from '../datasources/analysis-results.js';
import { sha256Hex } from '../digest.js';
import type { DocumentFile } from '../documents/document-reader.js';
import { AccuracyRequirement, Architecture, DocumentType } from '../domain.js';
import { ErrorCode, gatewayError } from '../errors.js';

export interface CheckedDocument extends DocumentRef {
  id: string;
  bytes: number;
}

/** How a document arrives: its text as `content`, or a `file` to read the text from. */
export interface DocumentInput {
  content?: string | null;
  file?: DocumentFile | null;
}

export type ExactlyOneInput = { kind: 'content'; content: string } | { kind: 'file'; file: DocumentFile };

/** Exactly one of `content` and `file`: both, or neither, is a caller's mistake. */
export function exactlyOneInput(input: DocumentInput): ExactlyOneInput {
  const hasContent = input.content !== undefined && input.content !== null;
  const hasFile = input.file !== undefined && input.file !== null;
  if (hasContent === hasFile) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, 'give exactly one of content (text) and file', {
      extensions: { field: hasContent ? 'file' : 'content' },
    });
  }
  return hasFile ? { kind: 'file', file: input.file as DocumentFile } : { kind: 'content', content: input.content as string };
}

export function checkDocument(
  input: { id?: string | null; content: string; documentType: DocumentType },
  maxContentBytes: number,
): CheckedDocument {
  if (input.content.trim().length === 0) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, 'content must not be empty', { extensions: { field: 'content' } });
  }
  const bytes = Buffer.byteLength(input.content, 'utf8');
  if (bytes > maxContentBytes) {
    throw gatewayError(ErrorCode.CONTENT_TOO_LARGE, `content is ${bytes} bytes; the limit is ${maxContentBytes}`, {
      extensions: { field: 'content', bytes, limit: maxContentBytes },
    });
  }
  if (input.id !== undefined && input.id !== null && (input.id.length === 0 || input.id.length > 256)) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, 'id must be 1-256 characters', { extensions: { field: 'id' } });
  }
  const contentHash = sha256Hex(input.content);
  return {
    id: input.id ?? `doc-${contentHash.slice(0, 16)}`,
    content: input.content,
    documentType: input.documentType,
    contentHash,
    bytes,
  };
}

export function checkMaxCost(maxCostUsd: number | null | undefined): number | undefined {
  if (maxCostUsd === null || maxCostUsd === undefined) return undefined;
  if (!Number.isFinite(maxCostUsd) || maxCostUsd < 0) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, 'maxCostUsd must be a non-negative number', { extensions: { field: 'maxCostUsd' } });
  }
  return maxCostUsd;
}

/** An explicit `null` for a defaulted input field means the default, as if it were omitted. */
export function withDefaults<
  T extends { documentType?: DocumentType | null; accuracy?: AccuracyRequirement | null; architecture?: Architecture | null },
>(input: T): T & { documentType: DocumentType; accuracy: AccuracyRequirement; architecture: Architecture } {
  return {
    ...input,
    documentType: input.documentType ?? DocumentType.GENERAL,
    accuracy: input.accuracy ?? AccuracyRequirement.STANDARD,
    architecture: input.architecture ?? Architecture.AUTO,
  };
}
