/** Flesch reading ease and Flesch-Kincaid grade, with a vowel-group syllable estimate. */
import { round } from './sentiment.lexicon.js';

export interface Readability {
  fleschReadingEase: number;
  gradeLevel: number;
  words: number;
  sentences: number;
}

export function syllablesOf(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length <= 3) return 1;
  // Silent endings ("-es", "-ed", "-e") do not make a syllable; "-le" after a consonant does.
  const trimmed = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, (m) => m.slice(0, 1)).replace(/^y/, '');
  const groups = trimmed.match(/[aeiouy]{1,2}/g);
  return Math.max(1, groups?.length ?? 1);
}

export function readabilityOf(text: string): Readability {
  const words = text.match(/[A-Za-z]+(?:['’][A-Za-z]+)*/g) ?? [];
  const sentences = Math.max(1, (text.match(/[.!?]+(?=\s|$)|\n\s*\n/g) ?? []).length);
  if (words.length === 0) return { fleschReadingEase: 0, gradeLevel: 0, words: 0, sentences: 0 };
  const syllables = words.reduce((sum, w) => sum + syllablesOf(w), 0);
  const wordsPerSentence = words.length / sentences;
  const syllablesPerWord = syllables / words.length;
  const ease = 206.835 - 1.015 * wordsPerSentence - 84.6 * syllablesPerWord;
  const grade = 0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59;
  return {
    fleschReadingEase: round(Math.max(0, Math.min(100, ease)), 1),
    gradeLevel: round(Math.max(0, Math.min(20, grade)), 1),
    words: words.length,
    sentences,
  };
}
