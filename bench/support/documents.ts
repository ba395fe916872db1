/** Documents for the bench: the e2e fixtures, made distinct by a marker, grown to a size, drawn by Zipf. */
import { CLINICAL_NOTE, CONTRACT, EARNINGS, ENCYCLOPEDIA } from '../../test/fixtures/documents.js';

export type BenchDocumentType = 'LEGAL' | 'MEDICAL' | 'FINANCIAL' | 'GENERAL';

export interface BenchDocument {
  content: string;
  documentType: BenchDocumentType;
}

export const FIXTURES: Readonly<Record<BenchDocumentType, string>> = {
  LEGAL: CONTRACT,
  MEDICAL: CLINICAL_NOTE,
  FINANCIAL: EARNINGS,
  GENERAL: ENCYCLOPEDIA,
};

export const DOCUMENT_TYPES: readonly BenchDocumentType[] = ['LEGAL', 'MEDICAL', 'FINANCIAL', 'GENERAL'];

/**
 * A marker line makes a document distinct (a cache miss) without changing what it says; the memoised
 * analysers strip it, so the upstream's work stays the same for every variant.
 */
export const BENCH_MARKER = /\n\[bench [\w.-]+\]/g;

/** `text` defaults to the type's fixture; pass another (a sized one, say) to mark that instead. */
export function markedDocument(documentType: BenchDocumentType, marker: string, text = FIXTURES[documentType]): BenchDocument {
  return { content: `${text}\n[bench ${marker}]`, documentType };
}

/** The n-th of a rotation through the four types, each distinct. */
export function distinctDocument(run: string, n: number): BenchDocument {
  return markedDocument(DOCUMENT_TYPES[n % DOCUMENT_TYPES.length] ?? 'GENERAL', `${run}-${n}`);
}

/** `bytes` of realistic text (whole paragraphs of one fixture, repeated, cut at a space). */
export function sizedDocument(documentType: BenchDocumentType, bytes: number): string {
  const paragraph = `${FIXTURES[documentType]}\n\n`;
  let text = paragraph.repeat(Math.ceil(bytes / Buffer.byteLength(paragraph)) + 1);
  text = Buffer.from(text).subarray(0, bytes).toString('utf8');
  const cut = text.lastIndexOf(' ');
  return cut > bytes * 0.9 ? text.slice(0, cut) : text;
}

/** A seeded PRNG (mulberry32), so every run draws the same mix. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` draws of ranks 0..n-1 with P(rank k) proportional to 1/(k+1)^s. */
export function zipfSequence(n: number, count: number, s: number, seed: number): number[] {
  const weights = Array.from({ length: n }, (_, k) => 1 / (k + 1) ** s);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const weight of weights) {
    running += weight / total;
    cumulative.push(running);
  }
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const draw = random();
    const index = cumulative.findIndex((edge) => draw <= edge);
    return index === -1 ? n - 1 : index;
  });
}
