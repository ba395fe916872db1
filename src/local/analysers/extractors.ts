/**
 * Regex extractors shared by the domain analysers. They run over the whole text (no NLP prefix cap)
 * and report exact character offsets into it, so `text.slice(start, end) === span.text`.
 */

export interface TextSpan {
  text: string;
  start: number;
  end: number;
}

/** Result lists are capped so a 1 MiB input cannot produce a multi-megabyte response; counts stay exact. */
export const MAX_SPANS = 200;

const MONTH = `(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`;

const DATE_PATTERNS = [
  String.raw`${MONTH}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}`, // January 5, 2024
  String.raw`\d{1,2}(?:st|nd|rd|th)? (?:day of )?${MONTH}\.?,? \d{4}`, // 5 January 2024, 5th day of January, 2024
  String.raw`${MONTH}\.?,? \d{4}`, // September 2006
  String.raw`\d{4}-\d{2}-\d{2}`, // 2024-01-05
  String.raw`\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})`, // 01/05/2024, 1/5/24
];

export const DATE_REGEX = new RegExp(String.raw`\b(?:${DATE_PATTERNS.join('|')})\b`, 'g');

const SCALE = String.raw`(?:\s?(?:thousand|million|billion|trillion|mn|bn|m|b|k)\b)?`;
const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;

export const AMOUNT_REGEX = new RegExp(
  String.raw`(?:(?:US|A|C|HK|NZ|S)?[$€£¥₹]|\b(?:USD|EUR|GBP|JPY|CHF|CAD|AUD|INR|RMB|CNY)\s?)(?:${NUMBER})${SCALE}|\b(?:${NUMBER})\s?(?:thousand |million |billion |trillion )?(?:dollars|euros|pounds|yen|USD|EUR|GBP)\b`,
  'gi',
);

export const PERCENT_REGEX = new RegExp(
  String.raw`[-+]?\b(?:${NUMBER})\s?(?:%|percent\b|per cent\b|percentage points?\b|basis points?\b|bps\b)`,
  'gi',
);

export const PERIOD_REGEX = new RegExp(
  [
    String.raw`\b(?:Q[1-4]|[1-4]Q|H[12])\s?(?:FY\s?)?'?(?:\d{4}|\d{2})\b`,
    String.raw`\b(?:first|second|third|fourth|1st|2nd|3rd|4th) (?:fiscal )?quarter(?: of)?(?: fiscal)?(?: (?:\d{4}))?`,
    String.raw`\b(?:fiscal(?: year)?|FY)\s?'?(?:\d{4}|\d{2})\b`,
    String.raw`\b(?:(?:fiscal )?year|quarter|(?:three|six|nine|twelve) months|period)s? ended ${MONTH} \d{1,2},? \d{4}`,
    String.raw`\b(?:full[- ]year|first[- ]half|second[- ]half) (?:\d{4})`,
  ].join('|'),
  'gi',
);

/** All matches of a global regex as spans, the full count, and at most `cap` spans. */
export function findSpans(text: string, regex: RegExp, cap = MAX_SPANS): { spans: TextSpan[]; count: number } {
  const spans: TextSpan[] = [];
  let count = 0;
  for (const match of text.matchAll(regex)) {
    const value = match[0].trim();
    if (value === '') continue;
    count += 1;
    if (spans.length < cap) {
      const start = (match.index ?? 0) + match[0].indexOf(value);
      spans.push({ text: value, start, end: start + value.length });
    }
  }
  return { spans, count };
}

/** Abbreviations whose full stop does not end a sentence in contracts, notes and news. */
const NON_TERMINAL =
  /(?:\b(?:Inc|Corp|Co|Ltd|LLC|Mr|Mrs|Ms|Dr|Prof|St|No|Nos|vs|etc|e\.g|i\.e|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Sec|Art|U\.S|p\.o|b\.i\.d|t\.i\.d|q\.d)|\b[A-Z])\.$/i;

/** Sentences (and newline-separated lines, which headings and table rows are) with exact offsets. */
export function sentenceSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  const boundary = /[.!?]+["'”’)\]]*(?=\s+["'“‘([]?[A-Z0-9])|\n+/g;
  let start = 0;
  const push = (end: number): void => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s] ?? '')) s += 1;
    while (e > s && /\s/.test(text[e - 1] ?? '')) e -= 1;
    if (e > s) spans.push({ text: text.slice(s, e), start: s, end: e });
  };
  for (const match of text.matchAll(boundary)) {
    const index = match.index ?? 0;
    const end = index + match[0].length;
    if (match[0][0] !== '\n' && NON_TERMINAL.test(text.slice(Math.max(start, index - 12), index + 1))) continue;
    push(end);
    start = end;
  }
  push(text.length);
  return spans;
}
