/**
 * Keyphrases from noun chunks (wink POS tags), ranked RAKE-style: a phrase scores the sum of its
 * words' degree/frequency, times how often it occurs. The topic is the best multi-word phrase.
 */
import type { NlpToken } from './nlp.engine.js';

const MAX_PHRASE_WORDS = 4;
const MAX_KEYPHRASES = 10;
const MIN_KEYPHRASES = 5;

const CHUNK_TAGS = new Set(['NOUN', 'PROPN', 'ADJ']);
const HEAD_TAGS = new Set(['NOUN', 'PROPN']);

/** Words that pass as nouns in documents but say nothing about their subject. */
const WEAK_WORDS = new Set([
  'thing',
  'things',
  'way',
  'ways',
  'lot',
  'part',
  'parts',
  'kind',
  'type',
  'number',
  'time',
  'times',
  'use',
  'example',
  'case',
  'cases',
  'fact',
  'other',
  'others',
  'same',
  'such',
  'following',
  'certain',
  'respect',
  'hereof',
  'hereto',
  'hereunder',
  'thereof',
  'herein',
  'section',
  'page',
  'item',
  'yes',
  'no',
  'mr',
  'mrs',
  'ms',
  'dr',
  'etc',
  'i.e',
  'e.g',
  'inc',
  'co',
  'per',
  'new',
  'many',
  'much',
  'several',
  'various',
  'total',
  // Modal verbs that a tagger reads as nouns in short, clause-like sentences ("Tenant shall pay").
  'shall',
  'may',
  'must',
  'will',
  'should',
]);

interface Candidate {
  words: string[];
  count: number;
  firstAt: number;
}

function isContentWord(token: NlpToken): boolean {
  return token.type === 'word' && !token.stop && token.normal.length > 1 && !WEAK_WORDS.has(token.normal) && /\p{L}/u.test(token.normal);
}

function collectChunks(tokens: readonly NlpToken[]): Map<string, Candidate> {
  const candidates = new Map<string, Candidate>();
  const add = (words: string[], at: number): void => {
    // A chunk must end on a noun; trailing adjectives ("costs incurred") are trimmed off.
    while (words.length > 0 && !HEAD_TAGS.has(tokens[at + words.length - 1]?.pos ?? 'X')) words.pop();
    if (words.length === 0) return;
    const key = words.join(' ');
    const existing = candidates.get(key);
    if (existing) existing.count += 1;
    else candidates.set(key, { words, count: 1, firstAt: at });
  };
  let chunk: string[] = [];
  let chunkStart = 0;
  tokens.forEach((token, i) => {
    if (CHUNK_TAGS.has(token.pos) && isContentWord(token)) {
      if (chunk.length === 0) chunkStart = i;
      chunk.push(token.normal.replace(/[.'’]+$/, ''));
      if (chunk.length === MAX_PHRASE_WORDS) {
        add(chunk, chunkStart);
        chunk = [];
      }
      return;
    }
    if (chunk.length > 0) add(chunk, chunkStart);
    chunk = [];
  });
  if (chunk.length > 0) add(chunk, chunkStart);
  return candidates;
}

/** Frequent content words of any tag: the fallback for texts the English tagger cannot chunk. */
function frequentWords(tokens: readonly NlpToken[]): Map<string, Candidate> {
  const candidates = new Map<string, Candidate>();
  tokens.forEach((token, i) => {
    if (!isContentWord(token) || token.normal.length < 3) return;
    const existing = candidates.get(token.normal);
    if (existing) existing.count += 1;
    else candidates.set(token.normal, { words: [token.normal], count: 1, firstAt: i });
  });
  return candidates;
}

function rank(candidates: Map<string, Candidate>): string[] {
  const frequency = new Map<string, number>();
  const degree = new Map<string, number>();
  for (const { words, count } of candidates.values()) {
    for (const word of words) {
      frequency.set(word, (frequency.get(word) ?? 0) + count);
      degree.set(word, (degree.get(word) ?? 0) + count * words.length);
    }
  }
  const scored = [...candidates.entries()].map(([phrase, c]) => {
    const wordScore = c.words.reduce((sum, w) => sum + (degree.get(w) ?? 0) / (frequency.get(w) ?? 1), 0);
    return { phrase, c, score: wordScore * Math.sqrt(c.count) };
  });
  // Ties break on first occurrence, then alphabetically: the output must not depend on Map order quirks.
  scored.sort((a, b) => b.score - a.score || a.c.firstAt - b.c.firstAt || a.phrase.localeCompare(b.phrase));
  return scored.map((s) => s.phrase);
}

/** Drop phrases contained in a better-ranked one ("pain" under "chest pain"). */
function withoutSubsumed(phrases: readonly string[]): string[] {
  const kept: string[] = [];
  for (const phrase of phrases) {
    const padded = ` ${phrase} `;
    if (kept.some((k) => ` ${k} `.includes(padded) || padded.includes(` ${k} `))) continue;
    kept.push(phrase);
  }
  return kept;
}

/** CJK has no spaces and no English tags: the most frequent 2-character runs stand in for phrases. */
function ideographicPhrases(text: string): string[] {
  const counts = new Map<string, number>();
  for (const run of text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]{2,}/gu) ?? []) {
    for (let i = 0; i + 2 <= run.length; i += 1) {
      const gram = run.slice(i, i + 2);
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_KEYPHRASES)
    .map(([gram]) => gram);
}

export function extractKeyphrases(tokens: readonly NlpToken[], text: string): string[] {
  let phrases = withoutSubsumed(rank(collectChunks(tokens)));
  if (phrases.length < MIN_KEYPHRASES) {
    const extra = rank(frequentWords(tokens)).filter((w) => !phrases.some((p) => ` ${p} `.includes(` ${w} `)));
    phrases = [...phrases, ...extra];
  }
  if (phrases.length < MIN_KEYPHRASES) phrases = [...phrases, ...ideographicPhrases(text)];
  return [...new Set(phrases)].slice(0, MAX_KEYPHRASES);
}

/** The best-ranked multi-word keyphrase if one is near the top, else the best single one. */
export function topicOf(keyphrases: readonly string[], fallback: string): string {
  const multi = keyphrases.slice(0, 5).find((p) => p.includes(' '));
  const chosen = multi ?? keyphrases[0];
  if (chosen === undefined) return fallback;
  return chosen.split(' ').slice(0, 5).join(' ');
}
