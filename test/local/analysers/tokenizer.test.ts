import { describe, expect, it } from 'vitest';
import { countTokens } from '../../../src/local/analysers/tokenizer.js';

describe('countTokens', () => {
  it.each([
    ['', 0],
    ['   \n\t', 0],
    ['hello', 1],
    ['hello world', 2],
    ['hello, world!', 4],
    ['internationalisation', 5],
    ['$4.2 billion', 6],
    ['日本語', 3],
  ])('counts %j as %i tokens', (text, expected) => {
    // Act
    const tokens = countTokens(text);

    // Assess
    expect(tokens).toBe(expected);
  });

  it('never decreases when text is appended', () => {
    // Prepare
    const words = 'The Customer shall pay the fees within thirty days of invoice, net of taxes.'.split(' ');

    // Act
    const counts = words.map((_, i) => countTokens(words.slice(0, i + 1).join(' ')));

    // Assess
    for (let i = 1; i < counts.length; i += 1) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1] ?? 0);
  });

  it('counts English prose at roughly 4 to 5 characters a token, like BPE', () => {
    // Prepare
    const prose = 'The engineer designed the tower as the entrance arch to the World Fair, and it became an icon. '.repeat(20);

    // Act
    const charsPerToken = prose.length / countTokens(prose);

    // Assess
    expect(charsPerToken).toBeGreaterThan(3.5);
    expect(charsPerToken).toBeLessThan(6);
  });

  it('counts 1 MiB of text in well under 100 ms', () => {
    // Prepare
    const big = 'Revenue grew 18% to $4.2 billion in the third quarter. '.repeat(20_000);

    // Act
    const started = performance.now();
    const tokens = countTokens(big);
    const elapsed = performance.now() - started;

    // Assess
    expect(tokens).toBeGreaterThan(200_000);
    expect(elapsed).toBeLessThan(100);
  });
});
