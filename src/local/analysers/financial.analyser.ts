/**
 * financial-sentiment-analyzer: market sentiment from a trained model over domain-lexicon features (the
 * lexicon's evidence and tone are reported beside it), plus amounts, periods, organisations and
 * forward-looking statements.
 */

import type { AnalyserDeps } from './analyser.deps.js';
import { confidenceFor, type DomainAnalysis } from './analysis.types.js';
import { AMOUNT_REGEX, findSpans, MAX_SPANS, PERCENT_REGEX, PERIOD_REGEX, sentenceSpans, type TextSpan } from './extractors.js';
import { financialSentiment } from './financial.lexicon.js';
import { predictSentiment } from './financial-sentiment.model.js';

/** Tone and sentence scans read a bounded prefix (about 50 pages); amounts and periods read everything. */
const TONE_MAX_CHARS = 256 * 1024;

const ORG_SUFFIX = String.raw`(?:Inc|Corp|Corporation|Co|Company|Ltd|Limited|LLC|LLP|plc|PLC|Group|Holdings|Bank|AG|SA|S\.A|NV|N\.V|SE|Partners|Capital|Financial|Technologies|Motors|Airlines|Energy|Pharmaceuticals|Systems)`;
const CAPITALISED = String.raw`(?:[A-Z][\w&'’.-]*|&)`;
const ORG_REGEX = new RegExp(String.raw`\b(?:${CAPITALISED}\s+){0,4}${ORG_SUFFIX}\b\.?`, 'g');
/** Reuters-style tickers <GS.N> and exchange tags (NYSE: XYZ) name the company just before them. */
const TICKER_REGEX = /\b((?:[A-Z][\w&'’.-]*\s+){1,4})(?:<[A-Z0-9.]{1,12}>|\((?:NYSE|NASDAQ|Nasdaq|LSE|TSX|ASX)\s*:\s*[A-Z.]{1,6}\))/g;

const FORWARD_LOOKING =
  /\b(?:expects?|expected to|expecting|anticipat\w+|guidance|outlook|forecasts? (?:that|to|for)|projects?|projected|plans? to|intends? to|will|would likely|should|aims? to|targets?|believes?|estimates? (?:that|for)|going forward|next (?:year|quarter)|fiscal \d{4} (?:outlook|guidance))\b/i;
const BACKWARD_EXCEPTIONS = /\bthan (?:expected|anticipated|forecast)\b/gi;

const STOP_ORG = /^(?:The|This|In|On|For|And|Our|We|Its|A)\s+/;

export function extractOrganisations(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(TICKER_REGEX)) {
    const name = (match[1] ?? '').trim().replace(STOP_ORG, '').replace(/\.$/, '');
    if (name) found.add(name);
  }
  for (const match of text.matchAll(ORG_REGEX)) {
    const name = match[0].trim().replace(STOP_ORG, '').replace(/\.$/, '');
    if (name.includes(' ') && ![...found].some((f) => f.includes(name))) found.add(name);
    if (found.size >= 100) break;
  }
  return [...found];
}

export function forwardLookingStatements(sentences: readonly TextSpan[]): { sentence: string; start: number; end: number }[] {
  return sentences
    .filter((s) => FORWARD_LOOKING.test(s.text.replace(BACKWARD_EXCEPTIONS, '')))
    .slice(0, MAX_SPANS)
    .map((s) => ({ sentence: s.text, start: s.start, end: s.end }));
}

export function analyseFinancial(
  text: string,
  { version, sentimentModel }: Pick<AnalyserDeps, 'version' | 'sentimentModel'>,
): DomainAnalysis {
  const body = text.length > TONE_MAX_CHARS ? text.slice(0, TONE_MAX_CHARS) : text;
  const lexicon = financialSentiment(body);
  const { evidence, tone } = lexicon;
  const { label, score } = predictSentiment(sentimentModel, body, lexicon);
  return {
    label,
    score,
    confidence: confidenceFor(score),
    details: {
      analyser: 'financial-sentiment-analyzer',
      version,
      sentiment: { label, score },
      tone,
      evidence,
      amounts: findSpans(text, AMOUNT_REGEX).spans,
      percentages: findSpans(text, PERCENT_REGEX).spans,
      periods: findSpans(text, PERIOD_REGEX).spans,
      organisations: extractOrganisations(body),
      forwardLooking: forwardLookingStatements(sentenceSpans(body)),
    },
  };
}
