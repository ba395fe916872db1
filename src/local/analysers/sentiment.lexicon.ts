/**
 * Opinion sentiment on top of wink's lexicon, with legal and medical vocabulary neutralised: in a
 * contract "breach", "damages" and "termination" name clauses, and in a clinical note "pain",
 * "denies" and "disease" are findings; none of them is the author's opinion.
 */
import type { Sentiment } from './analysis.types.js';

/** Multi-word findings first, so "weight loss" is masked before "loss" could be read alone. */
const DOMAIN_PHRASES = [
  `(?:weight|blood|hearing|vision|memory|hair|bone|appetite) loss`,
  `loss of (?:consciousness|appetite|sensation|function|vision|profits?|revenue|data|use)`,
  `(?:losses|costs|expenses),? (?:damages|liabilities|claims|costs|expenses)`,
  `heart attack|panic attacks?|(?:heart|renal|kidney|liver|respiratory) failure|failure to (?:pay|perform|comply|thrive)`,
  `(?:test(?:ed)?|tests|was|were|is|are|came back|screen(?:ed)?) (?:positive|negative)|(?:positive|negative) for`,
  `free of charge|cut(?:s|ting)? off`,
];

/** Word stems: each matches the stem plus any inflection (terminat -> terminate, termination, terminated...). */
const DOMAIN_STEMS = [
  // legal (and financial: "pay" and "owe" state obligations, not opinion)
  'pay',
  'owe',
  'breach',
  'damage',
  'liabilit',
  'liable',
  'terminat',
  'dispute',
  'claim',
  'penalt',
  'default',
  'indemnif',
  'harm',
  'infring',
  'violat',
  'defect',
  'restrict',
  'lawsuit',
  'litigat',
  'cancel',
  'void',
  'prohibit',
  'illegal',
  'unlawful',
  'guilty',
  'crime',
  'criminal',
  'fraud',
  'forfeit',
  'waive',
  'limitation',
  'limited',
  'objection',
  'conflict',
  'exclusiv',
  'confidential',
  'arrest',
  'negligen',
  'error',
  'risk',
  'fail',
  'warning',
  'threat',
  'danger',
  'hazard',
  'fault',
  'reject',
  'sever',
  // medical
  'pain',
  'denie',
  'deny',
  'denied',
  'disease',
  'cancer',
  'tumor',
  'tumour',
  'infect',
  'fever',
  'injur',
  'death',
  'died',
  'dying',
  'trauma',
  'sick',
  'illness',
  'vomit',
  'nause',
  'distress',
  'ache',
  'hurt',
  'fatigue',
  'weakness',
  'tender',
  'anxi',
  'depress',
  'emergenc',
  'abuse',
  'disorder',
  'sore',
  'bruis',
  'blind',
  'deaf',
  'lesion',
  'bleed',
  'fractur',
  'problem',
  'suffer',
  'complication',
  'toxic',
  'fatal',
  'lethal',
  'ill',
  'inability',
  'unable',
  'urgent',
  'stroke',
  'chronic',
  'acute',
  'abnormal',
  'poor',
  'worse',
  'swell',
  'inflam',
  'mortality',
  'morbid',
  'malignan',
  'syndrome',
];

/** Whole words only for short stems that would otherwise eat ordinary words ("ill" in "will", "sore" in "sorely"). */
const WHOLE_WORD_ONLY = new Set(['ill', 'sore', 'harm', 'void', 'hurt', 'ache', 'poor', 'sick', 'blind', 'deaf', 'died']);

const stemPattern = DOMAIN_STEMS.map((stem) => (WHOLE_WORD_ONLY.has(stem) ? `${stem}\\b` : `${stem}\\w*`)).join('|');

export const DOMAIN_TERMS = new RegExp(String.raw`\b(?:${DOMAIN_PHRASES.join('|')}|${stemPattern})`, 'giu');

/** The mask is a word wink's lexicon does not score, so the sentence keeps its shape and its negations. */
export function maskDomainTerms(text: string): string {
  return text.replace(DOMAIN_TERMS, 'item');
}

/** Below this absolute mean lexicon score a text reads as neutral. */
export const NEUTRAL_BAND = 0.05;

/**
 * wink scores in [-1,1]; the label's strength is how far past the neutral band the score is
 * (neutral is strongest at 0).
 */
export function sentimentFromScore(score: number, band = NEUTRAL_BAND): Sentiment {
  const bounded = Math.max(-1, Math.min(1, Number.isFinite(score) ? score : 0));
  if (Math.abs(bounded) < band) {
    return { label: 'neutral', score: round(1 - (Math.abs(bounded) / band) * 0.5) };
  }
  return { label: bounded > 0 ? 'positive' : 'negative', score: round(Math.min(1, 0.5 + Math.abs(bounded))) };
}

export function round(value: number, places = 3): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}
