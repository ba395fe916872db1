import { describe, expect, it } from 'vitest';
import { decodeItemResult, encodeItemResult } from '../../src/jobs/job-result.codec.js';

describe('stored item results', () => {
  it('keep small results as JSON and gzip large ones, and read both back', () => {
    // Prepare
    const small = { index: 0, documentId: 'a', error: { code: 'BUDGET_EXCEEDED', message: 'spent' }, costUsd: 0 };
    const large = {
      index: 1,
      documentId: 'b',
      analysis: { reasons: Array.from({ length: 200 }, (_, n) => `reason ${n}`) },
      costUsd: 0.001,
    };
    // Act
    const smallBytes = encodeItemResult(small);
    const largeBytes = encodeItemResult(large);
    // Assess
    expect(String.fromCharCode(smallBytes[0] as number)).toBe('j');
    expect(String.fromCharCode(largeBytes[0] as number)).toBe('z');
    expect(largeBytes.length).toBeLessThan(Buffer.byteLength(JSON.stringify(large)) / 3);
    expect(decodeItemResult(smallBytes)).toEqual(small);
    expect(decodeItemResult(largeBytes)).toEqual(large);
    expect(decodeItemResult(Buffer.from('garbage'))).toBeUndefined();
  });
});
