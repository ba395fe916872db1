import { describe, expect, it } from 'vitest';
import { checkWellFormed, holdsIllFormedString, isBlankText } from '../../src/pipeline/input-text.js';

describe('isBlankText', () => {
  it.each([
    ['empty', ''],
    ['whitespace', ' \t\r\n\u00a0\u3000'],
    ['NUL', '\u0000\u0000'],
    ['zero-width space, joiners, word joiner, BOM', '\u200b\u200c\u200d\u2060\ufeff'],
    ['other controls and format characters', '\u0001\u007f\u0085\u00ad\u061c\u180e'],
    ['Hangul fillers, a variation selector, the blank Braille pattern', '\u3164\u115f\ufe0f\u2800'],
  ])('treats %s as blank', (_name, text) => {
    expect(isBlankText(text)).toBe(true);
  });

  it.each([
    ['a letter among invisible characters', '\u200b\u0000a\ufeff'],
    ['a digit', ' 7 '],
    ['an ideograph', '\u4e00'],
    ['an emoji', '\u{1f600}'],
    ['the replacement character, which is a visible glyph', '\ufffd'],
  ])('treats %s as content', (_name, text) => {
    expect(isBlankText(text)).toBe(false);
  });
});

describe('checkWellFormed', () => {
  it.each([
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', '\udfff'],
    ['a reversed pair', '\ude00\ud83d'],
  ])('refuses %s with BAD_USER_INPUT naming the field', (_name, text) => {
    expect(() => checkWellFormed(text, 'content')).toThrow(
      expect.objectContaining({ extensions: { field: 'content', code: 'BAD_USER_INPUT' } }),
    );
  });

  it('accepts well-formed text, surrogate pairs and U+FFFD included', () => {
    expect(() => checkWellFormed('caf\u00e9 \u{1f600} \ufffd', 'content')).not.toThrow();
  });
});

describe('holdsIllFormedString', () => {
  it('finds an ill-formed string at any depth, in values and in keys', () => {
    expect(holdsIllFormedString({ input: { content: 'fine', id: ['x', { deep: 'a\udfffb' }] } })).toBe(true);
    expect(holdsIllFormedString({ 'key\ud800': 1 })).toBe(true);
    expect(holdsIllFormedString('\ud800')).toBe(true);
  });

  it('accepts well-formed values of every JSON kind', () => {
    expect(holdsIllFormedString({ a: [1, true, null, 'caf\u00e9', { b: '\u{1f600}' }] })).toBe(false);
    expect(holdsIllFormedString(null)).toBe(false);
  });

  it('walks nesting deeper than the call stack without overflowing', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}"\\ud800"${']'.repeat(200_000)}`) as unknown;
    expect(holdsIllFormedString(deep)).toBe(true);
  });
});
