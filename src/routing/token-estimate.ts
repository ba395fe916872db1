/**
 * A pre-call token estimate: one pass over the characters, no tokenizer vocabulary, so it costs
 * next to nothing even on a 1 MiB document and is the same for every model. It is a slight
 * over-estimate by design: a cost estimate that errs high never lets a budget be exceeded.
 */

/**
 * Tokens of the prompt the Bedrock data source wraps around every document: the system prompt
 * plus the analysis tool's JSON schema. It is billed as input on every call, so a short document
 * costs far more than its own tokens suggest. Keep in step with the data source's prompt.
 */
export const PROMPT_OVERHEAD_TOKENS = 180;

/**
 * Output tokens expected from one analysis: the tool call carrying topic, 5-10 keywords,
 * sentiment, type and confidence is about this size whatever the document's length.
 */
export const DEFAULT_EXPECTED_OUTPUT_TOKENS = 150;

// Why these rules: BPE vocabularies (Claude, Llama 3, Nova, and the local model's tokenizer) hold
// common words whole, so a short word is one token; longer and rarer words (the domain terms that
// legal and medical text is full of) are split into pieces of about four characters. Punctuation
// almost never merges with a neighbouring word, so each mark counts one. Numbers are split into
// groups of at most three digits (Llama 3 and the GPT-4 family do exactly this). Ideographs are
// about one token each. Other non-ASCII letters are two or more bytes in UTF-8 and byte-level BPE
// sees bytes, so they count double towards their word's length.
const WHOLE_WORD_CHARS = 6;
const CHARS_PER_PIECE = 4;
const DIGITS_PER_TOKEN = 3;

function wordTokens(length: number): number {
  return length <= WHOLE_WORD_CHARS ? 1 : 1 + Math.ceil((length - WHOLE_WORD_CHARS) / CHARS_PER_PIECE);
}

const CharClass = { Space: 0, Letter: 1, WideLetter: 2, Digit: 3, Mark: 4 } as const;
type CharClass = (typeof CharClass)[keyof typeof CharClass];

function classify(code: number): CharClass {
  if (code < 128) {
    if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return CharClass.Letter;
    if (code >= 48 && code <= 57) return CharClass.Digit;
    if (code <= 32 || code === 127) return CharClass.Space;
    return CharClass.Mark;
  }
  if (code === 0xa0 || (code >= 0x2000 && code <= 0x200b) || code === 0x3000 || code === 0xfeff) return CharClass.Space;
  // General punctuation (curly quotes, dashes, ellipsis), CJK ideographs, kana, Hangul and surrogate
  // halves (emoji) each stand on their own.
  if (
    (code >= 0x2010 && code <= 0x2bff) ||
    (code >= 0x3001 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0xd800 && code <= 0xdfff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xff00 && code <= 0xffef)
  ) {
    return CharClass.Mark;
  }
  return CharClass.WideLetter;
}

/** Estimated tokens of `text` under a BPE tokenizer; 0 for an empty or blank text. */
export function estimateTokens(text: string): number {
  let tokens = 0;
  let wordLength = 0;
  let digitCount = 0;
  for (let i = 0; i < text.length; i++) {
    const kind = classify(text.charCodeAt(i));
    if (kind === CharClass.Letter || kind === CharClass.WideLetter) {
      if (digitCount > 0) {
        tokens += Math.ceil(digitCount / DIGITS_PER_TOKEN);
        digitCount = 0;
      }
      wordLength += kind === CharClass.Letter ? 1 : 2;
      continue;
    }
    if (wordLength > 0) {
      tokens += wordTokens(wordLength);
      wordLength = 0;
    }
    if (kind === CharClass.Digit) {
      digitCount += 1;
      continue;
    }
    if (digitCount > 0) {
      tokens += Math.ceil(digitCount / DIGITS_PER_TOKEN);
      digitCount = 0;
    }
    if (kind === CharClass.Mark) tokens += 1;
  }
  if (wordLength > 0) tokens += wordTokens(wordLength);
  if (digitCount > 0) tokens += Math.ceil(digitCount / DIGITS_PER_TOKEN);
  return tokens;
}
