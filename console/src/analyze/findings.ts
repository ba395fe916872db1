/**
 * Where in the text the SageMaker analysers' findings are: spans with offsets where the analyser
 * gives them (clauses, amounts, PHI, forward-looking sentences), else every occurrence of a named
 * item (parties, medications, conditions, organisations). Overlaps keep the earlier, longer span.
 */
export interface Finding {
  start: number;
  end: number;
  kind: string;
  explanation: string;
}

type Details = Record<string, unknown>;

const isRecord = (value: unknown): value is Details => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (details: Details, key: string): Details[] => {
  const value = details[key];
  return Array.isArray(value) ? value.filter(isRecord) : [];
};
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const offset = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;

function spanned(details: Details, key: string, kind: string, explain: (item: Details) => string): Finding[] {
  return list(details, key).flatMap((item) => {
    const start = offset(item.start);
    const end = offset(item.end);
    return start !== undefined && end !== undefined && end > start ? [{ start, end, kind, explanation: explain(item) }] : [];
  });
}

function occurrences(content: string, needle: string, kind: string, explanation: string): Finding[] {
  const found: Finding[] = [];
  if (needle.length < 2) return found;
  const haystack = content.toLowerCase();
  const wanted = needle.toLowerCase();
  for (let at = haystack.indexOf(wanted); at !== -1; at = haystack.indexOf(wanted, at + wanted.length)) {
    found.push({ start: at, end: at + wanted.length, kind, explanation });
  }
  return found;
}

function named(content: string, details: Details, key: string, kind: string, explain: (item: Details) => string): Finding[] {
  const value = details[key];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (typeof item === 'string') return occurrences(content, item, kind, explain({ name: item }));
    if (isRecord(item)) {
      const name = text(item.name) ?? text(item.text);
      return name ? occurrences(content, name, kind, explain(item)) : [];
    }
    return [];
  });
}

function riskFlags(content: string, details: Details): Finding[] {
  return list(details, 'riskFlags').flatMap((flag) => {
    const sentence = text(flag.sentence);
    const explanation = `risk: ${String(flag.flag)}${text(flag.reason) ? ` (${String(flag.reason)})` : ''}`;
    return sentence ? occurrences(content, sentence, 'risk', explanation) : [];
  });
}

export function findingsIn(content: string, details: unknown): Finding[] {
  if (!isRecord(details)) return [];
  const all = [
    ...riskFlags(content, details),
    ...spanned(details, 'clauses', 'clause', (item) => `clause: ${String(item.type)}`),
    ...spanned(details, 'amounts', 'amount', (item) => `amount: ${String(item.text ?? '')}`),
    ...spanned(details, 'phi', 'phi', (item) => `protected health information: ${String(item.type)}`),
    ...spanned(details, 'forwardLooking', 'forward-looking', () => 'forward-looking statement'),
    ...named(content, details, 'parties', 'party', (item) => `party${text(item.role) ? `: ${String(item.role)}` : ''}`),
    ...named(content, details, 'medications', 'medication', (item) =>
      ['medication', text(item.dose), text(item.frequency)].filter(Boolean).join(', '),
    ),
    ...named(content, details, 'conditions', 'condition', () => 'condition'),
    ...named(content, details, 'organisations', 'organisation', () => 'organisation'),
  ].filter((finding) => finding.end <= content.length);
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Finding[] = [];
  let reached = 0;
  for (const finding of all) {
    if (finding.start >= reached) {
      kept.push(finding);
      reached = finding.end;
    }
  }
  return kept;
}
