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

describe('checkDocument: input validity', () => {
  const refusal = (field: string) => expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) });

  it.each([
    ['NUL', '\u0000'],
    ['zero-width characters', '\u200b\u200c\u200d\u2060\ufeff'],
    ['controls, format characters and whitespace', '\u0001\u00ad \n\u3000'],
  ])('refuses content of only %s as empty, like empty content', (_name, content) => {
    expect(() => checkDocument({ content, documentType: DocumentType.GENERAL }, 100)).toThrow(refusal('content'));
  });

  it.each(['\ud800', '\udfff', 'text \ud800 text'])('refuses ill-formed content %j', (content) => {
    expect(() => checkDocument({ content, documentType: DocumentType.GENERAL }, 100)).toThrow(refusal('content'));
  });

  it('gives U+FFFD its own hash, apart from any lone surrogate (which is refused)', () => {
    const replacement = checkDocument({ content: '\ufffd', documentType: DocumentType.GENERAL }, 100);
    expect(replacement.contentHash).toHaveLength(64);
    expect(() => checkDocument({ content: '\ud800', documentType: DocumentType.GENERAL }, 100)).toThrow(refusal('content'));
  });

  it.each(['a\udfff', '\u200b', ' '])('refuses the id %j (ill-formed or with nothing visible)', (id) => {
    expect(() => checkDocument({ id, content: 'text', documentType: DocumentType.GENERAL }, 100)).toThrow(refusal('id'));
  });
});
