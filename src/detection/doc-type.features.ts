/** Bag-of-n-grams features of a document for the document-type classifier; shared by training and inference. */

/**
 * Classification looks at a bounded prefix: a type is evident long before 16 KB (the training documents
 * are at most 3,000 characters), and the cost per document stays flat, a few milliseconds at most.
 */
export const CLASSIFIER_MAX_CHARS = 16 * 1024;

const WORD = /\p{L}+(?:['’]\p{L}+)*|\p{N}+(?:[.,]\p{N}+)*/gu;

/**
 * Numbers are folded to their shape, so amounts and years generalise: a year in running prose
 * (encyclopedias, notes) says something different from the decimals of a financial table.
 */
function numberShape(token: string): string {
  if (/^(?:1[0-9]|20)\d\d$/.test(token)) return '<year>';
  return /[.,]/.test(token) ? '<decimal>' : '<int>';
}

/** Lowercase words, numbers folded to their shape. */
export function classifierTokens(text: string): string[] {
  const tokens: string[] = [];
  const bounded = text.length > CLASSIFIER_MAX_CHARS ? text.slice(0, CLASSIFIER_MAX_CHARS) : text;
  for (const match of bounded.matchAll(WORD)) {
    const word = match[0];
    const first = word.charCodeAt(0);
    tokens.push(first >= 0x30 && first <= 0x39 ? numberShape(word) : word.toLowerCase());
  }
  return tokens;
}

/**
 * Unigrams and bigrams weighted 1 + ln(tf) and L2-normalised: the vector has the same length for a
 * tweet and a contract, so document length cannot become a feature (the general class is the one
 * that would learn "short" otherwise).
 */
export function classifierFeatures(text: string): Map<string, number> {
  const tokens = classifierTokens(text);
  const counts = new Map<string, number>();
  let previous: string | undefined;
  for (const token of tokens) {
    counts.set(token, (counts.get(token) ?? 0) + 1);
    if (previous !== undefined) {
      const bigram = `${previous} ${token}`;
      counts.set(bigram, (counts.get(bigram) ?? 0) + 1);
    }
    previous = token;
  }
  let norm = 0;
  for (const [term, count] of counts) {
    const weight = 1 + Math.log(count);
    counts.set(term, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [term, weight] of counts) counts.set(term, weight / norm);
  return counts;
}
