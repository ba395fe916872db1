/** Checks a document before anything is estimated or called, and gives it a stable id and hash. */
import type { DocumentRef } from '../datasources/analysis-results.js';
import { sha256Hex } from '../digest.js';
import { type AccuracyRequirement, ANALYSIS_DEFAULTS, type Architecture, type DocumentType } from '../domain.js';
import { ErrorCode, gatewayError } from '../errors.js';

export interface CheckedDocument extends DocumentRef {
  id: string;
  bytes: number;
}

export function checkDocument(
  input: { id?: string | null; content: string; documentType?: DocumentType | null },
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
    documentType: input.documentType ?? null,
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

/**
 * An explicit `null` for a defaulted input field means the default, as if it were omitted. The type
 * has no default: absent (or null) means "find out" (src/detection/).
 */
export function withDefaults<T extends { accuracy?: AccuracyRequirement | null; architecture?: Architecture | null }>(
  input: T,
): T & { accuracy: AccuracyRequirement; architecture: Architecture } {
  return {
    ...input,
    accuracy: input.accuracy ?? ANALYSIS_DEFAULTS.accuracy,
    architecture: input.architecture ?? ANALYSIS_DEFAULTS.architecture,
  };
}
