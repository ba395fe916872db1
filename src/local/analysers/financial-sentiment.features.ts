/**
 * The features of the trained financial-sentiment model, shared by training (scripts/train-sentiment.ts)
 * and inference: the domain lexicon's tone over the whole text, over the sentences that name a company
 * (the corpus labels the sentiment towards the companies named), and over the first sentence; and cues of
 * neutral market reporting (macro-economic terms, scheduled or forward-looking events, quotes).
 */
import { financialSentiment } from './financial.lexicon.js';

const MACRO =
  /\b(?:inflation|rate hikes?|hike rates|interest rates?|policy rates?|central banks?|federal reserve|fed|fomc|bps|basis points?|yields?|repo|monetary|cpi|gdp|economy|economic|recession)\b/gi;
const FORWARD =
  /\b(?:expects?|expected to|will|would|could|may|set to|plans? to|ahead of|scheduled|upcoming|coming days|next week|to report|to present|seeking|scrutini[sz]e)\b/gi;
/** A Reuters ticker (<GS.N>) or a company suffix: the sentence names a company. */
const COMPANY = /<[A-Z0-9.]{1,12}>|\b(?:Inc|Corp|Co|Ltd|Plc|PLC|Group|Holdings|AG|SA|NV|LLC)\b/;
const QUOTE = /["“”]|\bsaid\b|\bsays\b/;

export const SENTIMENT_FEATURES = [
  'tone',
  'absTone',
  'positiveEvidence',
  'negativeEvidence',
  'noEvidence',
  'mixedEvidence',
  'companyTone',
  'noCompanySentence',
  'firstSentenceTone',
  'macroTerms',
  'forwardTerms',
  'quoted',
] as const;

export type SentimentFeature = (typeof SENTIMENT_FEATURES)[number];

/** `whole`: the lexicon's reading of `text`, when the caller has it already. */
export function sentimentFeatures(text: string, whole = financialSentiment(text)): Record<SentimentFeature, number> {
  const positive = whole.evidence.positive.length;
  const negative = whole.evidence.negative.length;
  const sentences = text.split(/(?<=[.!?])\s+/);
  const companySentences = sentences.filter((sentence) => COMPANY.test(sentence)).join(' ');
  const company = companySentences === '' ? undefined : financialSentiment(companySentences);
  return {
    tone: whole.tone,
    absTone: Math.abs(whole.tone),
    positiveEvidence: Math.log1p(positive),
    negativeEvidence: Math.log1p(negative),
    noEvidence: positive + negative === 0 ? 1 : 0,
    mixedEvidence: positive > 0 && negative > 0 ? 1 : 0,
    companyTone: company?.tone ?? 0,
    noCompanySentence: company === undefined ? 1 : 0,
    firstSentenceTone: financialSentiment(sentences[0] ?? '').tone,
    macroTerms: Math.log1p(text.match(MACRO)?.length ?? 0),
    forwardTerms: Math.log1p(text.match(FORWARD)?.length ?? 0),
    quoted: QUOTE.test(text) ? 1 : 0,
  };
}
