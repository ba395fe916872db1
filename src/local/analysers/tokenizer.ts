/**
 * Token count under the local model's tokenizer: a BPE-like approximation that is cheap enough to
 * run on every request (one pass over the characters, no intermediate arrays).
 */

/** Characters a common BPE vocabulary covers in its first piece of a word; the rest costs one piece per 4. */
const FIRST_PIECE_CHARS = 6;
const NEXT_PIECE_CHARS = 4;

function piecesFor(wordLength: number): number {
  if (wordLength <= FIRST_PIECE_CHARS) return 1;
  return 1 + Math.ceil((wordLength - FIRST_PIECE_CHARS) / NEXT_PIECE_CHARS);
}

function isWordChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    code === 0x5f || // _
    (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) || // Latin-1 and Extended letters
    (code >= 0x370 && code <= 0x52f) || // Greek, Cyrillic
    (code >= 0x590 && code <= 0x6ff) || // Hebrew, Arabic
    (code >= 0x900 && code <= 0xdff) // Indic scripts
  );
}

function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x3000 || code === 0xfeff;
}

/**
 * Words cost 1 token up to 6 characters and 1 more per further 4 ("hello world" is 2, "internationalisation"
 * is 5); every punctuation or symbol character costs 1, and so does every CJK, kana or hangul character
 * (they are not word characters here, which matches BPE's roughly one token per ideograph); whitespace is free.
 */
export function countTokens(text: string): number {
  let tokens = 0;
  let wordLength = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (isWordChar(code)) {
      wordLength += 1;
      continue;
    }
    // A surrogate pair is one character (emoji, rare CJK): count it once.
    if (code >= 0xd800 && code <= 0xdbff) i += 1;
    if (wordLength > 0) {
      tokens += piecesFor(wordLength);
      wordLength = 0;
    }
    if (!isSpace(code)) tokens += 1;
  }
  if (wordLength > 0) tokens += piecesFor(wordLength);
  return tokens;
}
