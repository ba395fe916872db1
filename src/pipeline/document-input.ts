/** Checks a document before anything is estimated or called, and gives it a stable id and hash. */
import type { DocumentRef } from '../datasources/analysis-results.js';
import { type AccuracyRequirement, ANALYSIS_DEFAULTS, type Architecture, type DocumentType } from '../domain.js';
import { ErrorCode, gatewayError } from '../errors.js';
import { ContentMemo } from './content-memo.js';
import { checkWellFormed, isBlankText } from './input-text.js';

export interface CheckedDocument extends DocumentRef {
  id: string;
  bytes: number;
}

/**
 * Refuses what must not be priced, hashed or sent: ill-formed Unicode, content with nothing visible,
 * content over the size limit, a bad id. Each content's checks, hash and tokens are computed once
 * per request through `memo`.
 */
export function checkDocument(
  input: { id?: string | null; content: string; documentType?: DocumentType | null },
  maxContentBytes: number,
  memo: ContentMemo = new ContentMemo(),
): CheckedDocument {
  const { bytes, wellFormed, blank } = memo.checks(input.content);
  if (bytes > maxContentBytes) {
    throw gatewayError(ErrorCode.CONTENT_TOO_LARGE, `content is ${bytes} bytes; the limit is ${maxContentBytes}`, {
      extensions: { field: 'content', bytes, limit: maxContentBytes },
    });
  }
  if (!wellFormed) checkWellFormed(input.content, 'content');
  if (blank) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, 'content must not be empty (it holds no visible character)', {
      extensions: { field: 'content' },
    });
  }
  if (input.id !== undefined && input.id !== null) checkId(input.id);
  const contentHash = memo.hash(input.content);
  return {
    id: input.id ?? `doc-${contentHash.slice(0, 16)}`,
    content: input.content,
    documentType: input.documentType ?? null,
    contentHash,
    bytes,
  };
}

// The id is echoed in answers and used in logs, so it gets the same Unicode checks as the content.
function checkId(id: string): void {
  if (id.length === 0 || id.length > 256) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, 'id must be 1-256 characters', { extensions: { field: 'id' } });
  }
  checkWellFormed(id, 'id');
  if (isBlankText(id)) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, 'id must hold a visible character', { extensions: { field: 'id' } });
  }
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
