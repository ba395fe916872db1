import { describe, expect, it } from 'vitest';
import { DocumentType } from '../../src/domain.js';
import { checkDocument, checkMaxCost } from '../../src/pipeline/document-input.js';

describe('checkDocument', () => {
  it.each(['', '   ', '\n\t'])('refuses empty content %j with BAD_USER_INPUT', (content) => {
    expect(() => checkDocument({ content, documentType: DocumentType.GENERAL }, 100)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
  });

  it('refuses content over the byte limit with CONTENT_TOO_LARGE, counting UTF-8 bytes', () => {
    // 'é' is two bytes: 6 characters, 12 bytes.
    expect(() => checkDocument({ content: 'éééééé', documentType: DocumentType.GENERAL }, 10)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONTENT_TOO_LARGE', bytes: 12, limit: 10 }) }),
    );
  });

  it('derives a stable id from the content hash when none is given', () => {
    const a = checkDocument({ content: 'same text', documentType: DocumentType.LEGAL }, 100);
    const b = checkDocument({ content: 'same text', documentType: DocumentType.MEDICAL }, 100);
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^doc-[0-9a-f]{16}$/);
    expect(a.contentHash).toHaveLength(64);
    expect(checkDocument({ id: 'mine', content: 'x', documentType: DocumentType.GENERAL }, 100).id).toBe('mine');
  });

  it('refuses a negative or non-finite maxCostUsd', () => {
    expect(checkMaxCost(undefined)).toBeUndefined();
    expect(checkMaxCost(0.01)).toBe(0.01);
    expect(() => checkMaxCost(-1)).toThrow('maxCostUsd');
  });
});
