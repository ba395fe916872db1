import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../src/routing/token-estimate.js';

describe('estimateTokens', () => {
  it.each([
    ['an empty text', '', 0],
    ['blank text', ' \n\t\u00a0 ', 0],
    ['two common words', 'hello world', 2],
    // Hello , world ! : words 1 each, punctuation 1 each.
    ['words and punctuation', 'Hello, world!', 4],
    // 6 letters stay whole.
    ['a six-letter word', 'patent', 1],
    // 13 letters: 1 + ceil((13 - 6) / 4) = 1 + 2.
    ['a long word', 'international', 3],
    // 16 letters: 1 + ceil((16 - 6) / 4) = 1 + 3.
    ['a domain term', 'pharmacokinetics', 4],
    // 7 digits in groups of at most 3: ceil(7 / 3).
    ['a number', '1234567', 3],
    // $ 1 , 250 . 00 -> 1 + 1 + 1 + 1 + 1 + 1.
    ['an amount', '$1,250.00', 6],
    // don ' t
    ['a contraction', "don't", 3],
    // c a f (1 each) + é (2): length 5, one token.
    ['an accented word', 'café', 1],
    // 3 ideographs.
    ['ideographs', '日本語', 3],
    // “ quoted ” -> 1 + 1 + 1.
    ['curly quotes', '\u201cquoted\u201d', 3],
  ])('counts %s', (_what, text, expected) => {
    expect(estimateTokens(text)).toBe(expected);
  });

  it('never decreases as text is appended', () => {
    const text =
      'The Licensee shall indemnify the Licensor against all claims (including 3rd-party claims) arising from § 4.2, effective 2026-01-01.';
    let previous = 0;
    for (let end = 0; end <= text.length; end++) {
      const tokens = estimateTokens(text.slice(0, end));
      expect(tokens).toBeGreaterThanOrEqual(previous);
      previous = tokens;
    }
  });

  it('lands near the usual four characters a token on ordinary English', () => {
    const text =
      'Patient presented with intermittent chest pain radiating to the left arm. An electrocardiogram showed no acute changes; troponin levels were within normal limits. The patient was discharged with a follow-up appointment in two weeks.';

    const ratio = text.length / estimateTokens(text);

    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(6);
  });

  it('handles a 1 MiB document in one pass', () => {
    // "word " is 5 characters and 1 token.
    const text = 'word '.repeat(209_716);

    expect(estimateTokens(text)).toBe(209_716);
  });
});
