/**
 * Protected health information with exact offsets into the original text, so a caller can redact
 * by slicing. Runs over the whole text (no cap): a redaction that misses the tail is no redaction.
 */
import { DATE_REGEX } from './extractors.js';

export type PhiType = 'name' | 'date' | 'phone' | 'record_number' | 'email' | 'address' | 'age';

export interface PhiEntity {
  type: PhiType;
  text: string;
  start: number;
  end: number;
}

const NAME = String.raw`[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+){0,2}`;

/** A case-insensitive literal inside a case-sensitive regex (names must stay capitalised). */
function anyCase(words: string): string {
  return words.replace(/[a-z]/g, (ch) => `[${ch}${ch.toUpperCase()}]`);
}

const NAME_LABELS = [
  'patient name',
  'patient',
  'name',
  'pt',
  'guardian',
  'mother',
  'father',
  'spouse',
  'wife',
  'husband',
  'daughter',
  'son',
]
  .map(anyCase)
  .join('|');

/** Each rule's entity is capture group 1 when there is one (a label like "MRN:" is not PHI), else the match. */
const PHI_RULES: readonly (readonly [PhiType, RegExp])[] = [
  ['email', /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g],
  [
    'record_number',
    /\b(?:MRN|medical record (?:number|no\.?)|record (?:number|no\.?|#)|patient id|acct(?:ount)?(?: number| no\.?| #)?|chart (?:number|no\.?)|SSN|social security (?:number|no\.?))\s*[:#]?\s*(?:is\s+)?([A-Z]{0,3}[-\d][\d-]{3,}[A-Z\d]*)/gi,
  ],
  ['record_number', /\b(\d{3}-\d{2}-\d{4})\b/g],
  ['phone', /(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b/g],
  ['date', DATE_REGEX],
  ['date', /\b(?:DOB|date of birth|born on)\s*[:#]?\s*(\d{1,2}[/-]\d{1,2}[/-]\d{2,4})/gi],
  ['age', /\b(\d{1,3}[- ](?:year|yr|month|week|day)s?[- ]old)\b/gi],
  ['age', /\b(?:age[ds]?|aged)\s*[:]?\s*(\d{1,3})\b/gi],
  [
    'address',
    /\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway)\b\.?(?:,?\s+(?:Apt|Suite|Unit)\.?\s*\w+)?(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?(?:,\s*[A-Z]{2})?(?:\s+\d{5}(?:-\d{4})?)?/g,
  ],
  ['name', new RegExp(String.raw`\b(?:${NAME_LABELS})\s*:\s*(${NAME})`, 'g')],
  ['name', new RegExp(String.raw`\b(?:Mr|Mrs|Ms|Miss|Dr|Doctor)\.?\s+(${NAME})`, 'g')],
  [
    'name',
    new RegExp(
      String.raw`\b(?:${anyCase('patient')}|${anyCase('pt')})\s+(?:is\s+)?(${NAME})(?=,|\s+(?:is|was|presents|presented|returns|comes|came|reports|denies|has|a\s+\d))`,
      'g',
    ),
  ],
];

/** Words a name pattern may capture that are headings or clinical words, not people. */
const NOT_A_NAME =
  /^(?:The|This|He|She|They|Patient|History|Chief|Diagnosis|Plan|Assessment|Exam|Physical|Review|Hospital|Discharge|Doctor|Name|None|Unknown|Yes|No)\b/;

export function extractPhi(text: string): PhiEntity[] {
  const found: PhiEntity[] = [];
  for (const [type, regex] of PHI_RULES) {
    for (const match of text.matchAll(regex)) {
      const value = match[1] ?? match[0];
      const offsetInMatch = match[1] === undefined ? 0 : match[0].indexOf(value);
      let start = (match.index ?? 0) + offsetInMatch;
      let entity = value;
      // Names may run into the next capitalised word of a heading; trailing punctuation is never part of it.
      const trimmed = entity.replace(/[\s.,;:]+$/, '');
      entity = trimmed;
      if (entity === '') continue;
      if (type === 'name' && NOT_A_NAME.test(entity)) continue;
      if (type === 'age' && Number.parseInt(entity, 10) > 125) continue;
      const leading = entity.length - entity.trimStart().length;
      start += leading;
      entity = entity.trimStart();
      found.push({ type, text: entity, start, end: start + entity.length });
    }
  }
  // Overlaps: the earlier-starting, then longer, entity wins (a DOB date inside a record-number match, say).
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PhiEntity[] = [];
  for (const entity of found) {
    const previous = kept[kept.length - 1];
    if (previous !== undefined && entity.start < previous.end) continue;
    kept.push(entity);
  }
  return kept;
}

/** The text with every entity replaced by its type in brackets. */
export function redactPhi(text: string, entities: readonly PhiEntity[]): string {
  let out = '';
  let at = 0;
  for (const entity of entities) {
    out += `${text.slice(at, entity.start)}[${entity.type.toUpperCase()}]`;
    at = entity.end;
  }
  return out + text.slice(at);
}
