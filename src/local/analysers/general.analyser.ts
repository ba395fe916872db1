/** general-text-analyzer: topic category, entities, keyphrases, readability, sentiment and language. */

import type { AnalyserDeps } from './analyser.deps.js';
import { confidenceFor, type DomainAnalysis } from './analysis.types.js';
import { extractKeyphrases } from './keyphrases.js';
import { detectLanguage } from './language.detector.js';
import { readabilityOf } from './readability.js';
import { round, sentimentFromScore } from './sentiment.lexicon.js';

/** Topic categories by cue words (encyclopedic subjects); each occurrence counts once. */
const CATEGORY_CUES: Record<string, RegExp> = {
  military_history:
    /\b(?:war|wars|battle|battles|army|navy|naval|warships?|fleet|troops|soldiers|regiment|battalion|military|invasion|siege|ironclads?|guns|artillery|forces)\b/gi,
  politics:
    /\b(?:government|election|elected|parliament|congress|senate|political|president|minister|party|governor|vote|policy|campaign|protest|civil rights)\b/gi,
  sport:
    /\b(?:season|team|league|match|game|games|played|player|players|coach|championship|tournament|scored|goals?|football|baseball|basketball|olympic)\b/gi,
  arts_and_culture:
    /\b(?:album|song|songs|film|films|poem|poems|poetry|novel|book|books|music|band|actor|actress|television|theatre|theater|painting|artist|video game|released|episode)\b/gi,
  science_and_technology:
    /\b(?:scientists?|research|species|theory|physics|chemistry|biology|computer|software|technology|engineering|experiment|molecules?|planet|galaxy|algorithm|data)\b/gi,
  weather_and_geography:
    /\b(?:storm|typhoon|hurricane|cyclone|rainfall|winds?|tropical|flood(?:ing)?|earthquake|river|mountains?|island|coast|climate|province|region|km)\b/gi,
  religion_and_history:
    /\b(?:church|bishop|king|queen|kingdom|empire|century|medieval|ancient|dynasty|monastery|archbishop|pope|cathedral|reign)\b/gi,
  business: /\b(?:company|companies|market|markets|business|industry|revenue|customers|products?|brand|retail|investors?)\b/gi,
  health: /\b(?:health|disease|patients?|hospital|medical|treatment|symptoms|doctors?|vaccine|nutrition)\b/gi,
  law_and_government: /\b(?:court|courts|law|laws|legal|judge|rights|statute|constitution|regulation|police|crime)\b/gi,
};

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const ORG_WORDS =
  /\b(?:Inc|Corp|Corporation|Company|Ltd|University|College|Agency|Commission|Association|Institute|Ministry|Department|Party|Army|Navy|Council|Bank|Group|Society|Committee|Organization|Organisation|Federation|Union|Club|Administration|Office|Service|Museum)\b/;
const PLACE_WORDS =
  /\b(?:City|River|Island|Islands|Province|County|Mountains?|Sea|Ocean|Bay|Lake|State|Republic|Kingdom|Valley|Coast|Peninsula|Strait|Tower|Bridge|Palace|Castle|Cathedral|Park|Square|Street|Airport|Station|Harbour|Harbor)\b/;
const TITLES =
  /^(?:Mr|Mrs|Ms|Dr|Sir|Lord|Lady|King|Queen|President|General|Captain|Admiral|Saint|St|Pope|Prince|Princess|Bishop|Senator|Governor)\.?\s/;
/** Capitalised words that start sentences or headings and are not names. */
const NOT_NAMES = new Set([
  'The',
  'A',
  'An',
  'This',
  'That',
  'These',
  'Those',
  'It',
  'In',
  'On',
  'At',
  'For',
  'But',
  'And',
  'He',
  'She',
  'They',
  'We',
  'I',
  'His',
  'Her',
  'Its',
  'Their',
  'After',
  'Before',
  'During',
  'When',
  'While',
  'As',
  'If',
  'However',
  'Although',
  'Since',
  'From',
  'By',
  'With',
  'Of',
  'To',
  'Some',
  'Many',
  'Most',
  'There',
  'Other',
]);

export interface GeneralEntity {
  text: string;
  type: 'person' | 'organisation' | 'place' | 'date' | 'money' | 'percent' | 'quantity' | 'name' | 'email' | 'url';
}

const WINK_TYPES: Record<string, GeneralEntity['type']> = {
  DATE: 'date',
  TIME: 'date',
  DURATION: 'quantity',
  MONEY: 'money',
  PERCENT: 'percent',
  CARDINAL: 'quantity',
  MEASURE: 'quantity',
  EMAIL: 'email',
  URL: 'url',
};

/** Capitalised sequences not at a sentence start, typed by their words and the preposition before them. */
export function capitalisedEntities(text: string): GeneralEntity[] {
  const found = new Map<string, GeneralEntity>();
  // No full stops inside a name: "France. It" is two sentences, not an entity.
  const regex =
    /(?:\b(in|at|from|near|of|to|by|with)\s+)?((?:[A-Z][a-z'’-]+|[A-Z]{2,})(?:[ \t]+(?:(?:of|de|the|and|von|van|la|le|du|del)[ \t]+)?(?:[A-Z][a-z'’-]+|[A-Z]{2,}))*)/g;
  for (const match of text.matchAll(regex)) {
    let name = (match[2] ?? '').trim().replace(/['’]s$/, '');
    const words = name.split(/\s+/);
    while (words.length > 0 && NOT_NAMES.has(words[0] ?? '')) words.shift();
    name = words.join(' ');
    if (name.length < 3 || new RegExp(`^(?:${MONTHS})$`).test(name)) continue;
    const preposition = match[1]?.toLowerCase();
    let type: GeneralEntity['type'] = 'name';
    if (ORG_WORDS.test(name)) type = 'organisation';
    else if (
      PLACE_WORDS.test(name) ||
      (preposition !== undefined && ['in', 'at', 'from', 'near'].includes(preposition) && words.length <= 2)
    )
      type = 'place';
    else if (
      TITLES.test(name) ||
      (words.length >= 2 && words.length <= 3 && words.every((w) => /^[A-Z][a-z'’-]+$/.test(w) || /^[A-Z]\.$/.test(w)))
    )
      type = 'person';
    if (words.length === 1 && type === 'name' && !preposition) continue;
    if (!found.has(name)) found.set(name, { text: name, type });
    if (found.size >= 100) break;
  }
  return [...found.values()];
}

export function topicCategoryOf(text: string): { category: string; score: number } {
  const ranked = Object.entries(CATEGORY_CUES)
    .map(([category, regex]): [string, number] => [category, (text.match(regex) ?? []).length])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = ranked.reduce((sum, [, n]) => sum + n, 0);
  const [category, hits] = ranked[0] ?? ['general', 0];
  // A category needs a few cues and a clear lead; otherwise "general" is the honest answer.
  if (hits < 3 || hits / total < 0.3) return { category: 'general', score: round(0.3 + Math.min(0.2, total / 50)) };
  return { category, score: round(Math.min(1, (hits / total) * (0.6 + 0.4 * Math.min(1, hits / 10)))) };
}

export function analyseGeneral(text: string, { nlp, version }: Pick<AnalyserDeps, 'nlp' | 'version'>): DomainAnalysis {
  const parsed = nlp.parse(text);
  const { category, score } = topicCategoryOf(parsed.nlpText);
  const fromWink: GeneralEntity[] = parsed.entities
    .filter((e) => WINK_TYPES[e.type] !== undefined)
    .slice(0, 100)
    .map((e) => ({ text: e.value, type: WINK_TYPES[e.type] ?? 'name' }));
  const seen = new Set<string>();
  const entities = [...capitalisedEntities(parsed.nlpText), ...fromWink].filter((e) => {
    const key = `${e.type}:${e.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    label: category,
    score,
    confidence: confidenceFor(score),
    details: {
      analyser: 'general-text-analyzer',
      version,
      entities,
      keyphrases: extractKeyphrases(parsed.tokens, parsed.nlpText),
      readability: readabilityOf(parsed.nlpText),
      sentiment: sentimentFromScore(parsed.sentiment),
      language: detectLanguage(text).code,
      truncatedForNlp: parsed.truncated,
    },
  };
}
