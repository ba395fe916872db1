/** medical-text-classifier: specialty, note type, conditions, medications, procedures and PHI with offsets. */

import type { AnalyserDeps } from './analyser.deps.js';
import { confidenceFor, type DomainAnalysis } from './analysis.types.js';
import { MAX_SPANS } from './extractors.js';
import {
  CONDITIONS,
  DOSE,
  DRUG_SUFFIXES,
  FREQUENCY,
  KNOWN_DRUGS,
  NOTE_TYPE_CUES,
  PROCEDURE_SUFFIXES,
  PROCEDURES,
  SPECIALTY_CUES,
} from './medical.vocabulary.js';
import { extractPhi } from './phi.extractor.js';
import { round } from './sentiment.lexicon.js';

/** Vocabulary lookups read a bounded prefix; PHI (which must be complete) reads everything. */
const VOCABULARY_MAX_CHARS = 256 * 1024;

function escapeRegex(term: string): string {
  return term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function alternation(terms: readonly string[]): string {
  // Longest first, so "chronic kidney disease" wins over "kidney disease".
  return [...terms]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map(escapeRegex)
    .join('|');
}

const CONDITION_REGEX = new RegExp(String.raw`\b(?:${alternation(CONDITIONS)})\b`, 'gi');
const KNOWN_DRUG_REGEX = new RegExp(String.raw`\b(${alternation(KNOWN_DRUGS)})\b(?:\s+(${DOSE}))?(?:\s+(${FREQUENCY}))?`, 'gi');
// A drug recognised only by its ending must come with a dose: "alpine" and "saline" alone are not prescriptions.
const SUFFIX_DRUG_REGEX = new RegExp(String.raw`\b(${DRUG_SUFFIXES})\b\s+(${DOSE})(?:\s+(${FREQUENCY}))?`, 'gi');
const PROCEDURE_REGEX = new RegExp(String.raw`\b(?:${alternation(PROCEDURES)}|${PROCEDURE_SUFFIXES})\b`, 'gi');

export interface Medication {
  name: string;
  dose?: string;
  frequency?: string;
}

function uniqueLower(matches: Iterable<string>, cap: number): string[] {
  const seen = new Set<string>();
  for (const m of matches) {
    seen.add(m.toLowerCase().replace(/\s+/g, ' '));
    if (seen.size >= cap) break;
  }
  return [...seen];
}

export function extractMedications(text: string): Medication[] {
  const byName = new Map<string, Medication>();
  for (const regex of [KNOWN_DRUG_REGEX, SUFFIX_DRUG_REGEX]) {
    for (const match of text.matchAll(regex)) {
      const name = (match[1] ?? '').toLowerCase();
      const existing = byName.get(name);
      // Keep the first mention that carries a dose: it is the prescription, later ones are references.
      if (existing?.dose !== undefined) continue;
      const medication: Medication = { name };
      if (match[2]) medication.dose = match[2];
      if (match[3]) medication.frequency = match[3];
      byName.set(name, medication);
      if (byName.size >= MAX_SPANS) break;
    }
  }
  return [...byName.values()];
}

export function specialtyScores(text: string): [string, number][] {
  return Object.entries(SPECIALTY_CUES)
    .map(([specialty, regex]): [string, number] => [specialty, (text.match(regex) ?? []).length])
    .filter(([, hits]) => hits > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function noteTypeOf(text: string): string {
  for (const [type, cue] of NOTE_TYPE_CUES) if (cue.test(text)) return type;
  return 'clinical_note';
}

/** ECG findings that share words with diagnoses ("ST depression" is not depression). */
const ECG_FINDINGS = /\bST[- ](?:segment )?(?:depression|elevation)s?\b/g;

export function analyseMedical(text: string, { version }: Pick<AnalyserDeps, 'version'>): DomainAnalysis {
  const body = (text.length > VOCABULARY_MAX_CHARS ? text.slice(0, VOCABULARY_MAX_CHARS) : text).replace(ECG_FINDINGS, 'ECG finding');
  const ranked = specialtyScores(body);
  const totalHits = ranked.reduce((sum, [, hits]) => sum + hits, 0);
  const [top, topHits] = ranked[0] ?? [undefined, 0];
  const noteType = noteTypeOf(body.slice(0, 20_000));
  // A specialty needs at least three cues and a clear lead; otherwise the note type is the better label.
  const specialtyClear = top !== undefined && topHits >= 3 && topHits / totalHits >= 0.35;
  const share = totalHits === 0 ? 0 : topHits / totalHits;
  const evidence = Math.min(1, topHits / 8);
  const score = specialtyClear ? round(0.3 + 0.7 * share * (0.5 + 0.5 * evidence)) : round(noteType === 'clinical_note' ? 0.2 : 0.6);
  return {
    label: specialtyClear ? top : noteType,
    score,
    confidence: confidenceFor(score),
    details: {
      analyser: 'medical-text-classifier',
      version,
      specialty: specialtyClear ? top : null,
      specialtyScores: Object.fromEntries(ranked.slice(0, 5)),
      noteType,
      conditions: uniqueLower(body.match(CONDITION_REGEX) ?? [], 50),
      medications: extractMedications(body),
      procedures: uniqueLower(body.match(PROCEDURE_REGEX) ?? [], 50),
      phi: extractPhi(text),
    },
  };
}
