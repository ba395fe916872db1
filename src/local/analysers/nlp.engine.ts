/** wink-nlp behind a narrow interface: one parse of a text gives tokens, entities and neutralised sentiment. */

import model from 'wink-eng-lite-web-model';
import winkNLP, { type PartOfSpeech, type WinkMethods } from 'wink-nlp';
import { maskDomainTerms } from './sentiment.lexicon.js';

/**
 * POS tagging, entities and sentiment read at most this much of a text (about 1 ms per KB): the
 * topic and tone of a document are set long before 64 KB. Regex extractors still see the whole text.
 */
export const NLP_MAX_CHARS = 64 * 1024;

export interface NlpToken {
  value: string;
  /** Lowercased, contractions expanded. */
  normal: string;
  pos: PartOfSpeech;
  stop: boolean;
  /** wink's token type: word, number, punctuation, email, url, emoji, ... */
  type: string;
}

export interface NlpEntity {
  value: string;
  type: string;
}

export interface ParsedText {
  text: string;
  /** The part of `text` the NLP saw (a prefix; lowercased when the text shouts). */
  nlpText: string;
  truncated: boolean;
  tokens: NlpToken[];
  entities: NlpEntity[];
  sentenceCount: number;
  /** Mean per-sentence lexicon score in [-1,1] with legal and medical terms neutralised. */
  sentiment: number;
  /** The same without neutralisation, for comparison in the evaluation. */
  lexiconSentiment: number;
}

export interface NlpEngine {
  parse(text: string): ParsedText;
  /** wink's plain lexicon sentiment of a text, nothing masked. */
  lexiconSentiment(text: string): number;
}

/** Cut at whitespace so the last word is not split in two. */
export function boundedPrefix(text: string, max = NLP_MAX_CHARS): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max);
  return text.slice(0, cut > max / 2 ? cut : max);
}

/** An all-caps document makes the tagger call every word a proper noun; lowercase reads better. */
function isShouting(text: string): boolean {
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < text.length && upper + lower < 4000; i += 1) {
    const ch = text[i] ?? '';
    if (ch >= 'A' && ch <= 'Z') upper += 1;
    else if (ch >= 'a' && ch <= 'z') lower += 1;
  }
  return upper >= 20 && upper > lower * 4;
}

function outOf<T>(values: T[] | string[]): T[] {
  return values as T[];
}

export function createNlpEngine(): NlpEngine {
  const nlp: WinkMethods = winkNLP(model);
  // A second pipeline without POS/NER: the sentiment pass over the masked text costs half as much.
  const sentimentNlp: WinkMethods = winkNLP(model, ['sbd', 'negation', 'sentiment']);
  const its = nlp.its;
  // Callers analyse the same text twice in a row (first pass, then a domain endpoint): keep the last parse.
  let last: ParsedText | undefined;

  return {
    parse(text) {
      if (last !== undefined && last.text === text) return last;
      const prefix = boundedPrefix(text);
      const nlpText = isShouting(prefix) ? prefix.toLowerCase() : prefix;
      const doc = nlp.readDoc(nlpText);
      const values = outOf<string>(doc.tokens().out(its.value));
      const normals = outOf<string>(doc.tokens().out(its.normal));
      const pos = outOf<PartOfSpeech>(doc.tokens().out(its.pos));
      const stops = outOf<boolean>(doc.tokens().out(its.stopWordFlag));
      const types = outOf<string>(doc.tokens().out(its.type));
      const tokens: NlpToken[] = values.map((value, i) => ({
        value,
        normal: normals[i] ?? value.toLowerCase(),
        pos: pos[i] ?? 'X',
        stop: stops[i] ?? false,
        type: types[i] ?? 'word',
      }));
      const entities = outOf<{ value: string; type: string }>(doc.entities().out(its.detail)).map((e) => ({
        value: e.value,
        type: e.type,
      }));
      const lexiconSentiment = Number(doc.out(its.sentiment)) || 0;
      const sentiment = Number(sentimentNlp.readDoc(maskDomainTerms(nlpText)).out(its.sentiment)) || 0;
      last = {
        text,
        nlpText,
        truncated: prefix.length < text.length,
        tokens,
        entities,
        sentenceCount: doc.sentences().length(),
        sentiment,
        lexiconSentiment,
      };
      return last;
    },
    lexiconSentiment(text) {
      return Number(sentimentNlp.readDoc(boundedPrefix(text)).out(its.sentiment)) || 0;
    },
  };
}
