import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/digest.js';
import { ContentMemo } from '../../src/pipeline/content-memo.js';
import { estimateTokens } from '../../src/routing/token-estimate.js';

describe('ContentMemo', () => {
  it('does each kind of work once per content, however often it is asked', () => {
    const memo = new ContentMemo();
    const content = 'The tenant shall pay rent monthly. '.repeat(100);

    for (let i = 0; i < 50; i++) {
      memo.checks(content);
      memo.hash(content);
      memo.tokens(content);
    }

    expect(memo.misses).toEqual({ checks: 1, hash: 1, tokens: 1 });
    expect(memo.hash(content)).toBe(sha256Hex(content));
    expect(memo.tokens(content)).toBe(estimateTokens(content));
    expect(memo.checks(content)).toEqual({ bytes: content.length, wellFormed: true, blank: false });
  });

  it('keys by content, not by the string object: an equal copy is a hit, a different text a miss', () => {
    const memo = new ContentMemo();
    const original = 'x'.repeat(20_000);
    const copy = `${'x'.repeat(19_999)}x`;

    memo.hash(original);
    memo.hash(copy);
    memo.hash(`${'x'.repeat(19_999)}y`);

    expect(memo.misses.hash).toBe(2);
  });

  it('keeps at most four long contents of one length (V8 hashes those by length only), and stays correct past them', () => {
    const memo = new ContentMemo();
    const base = 'y'.repeat(19_996);
    const contents = Array.from({ length: 6 }, (_, i) => `${base}${String(i).padStart(4, '0')}`);

    for (let pass = 0; pass < 2; pass++) for (const content of contents) memo.hash(content);

    expect(memo.misses.hash).toBe(6 + 2);
    expect(contents.map((content) => memo.hash(content))).toEqual(contents.map((content) => sha256Hex(content)));
  });

  it('reports ill-formed and blank content', () => {
    const memo = new ContentMemo();
    expect(memo.checks('\ud800')).toMatchObject({ wellFormed: false, bytes: 3 });
    expect(memo.checks('\u200b\u0000 ')).toMatchObject({ wellFormed: true, blank: true });
  });
});
