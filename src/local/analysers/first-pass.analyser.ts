/** The "foundation model" answer for a document: topic, keyphrases, sentiment, type and language. */

import type { AnalyserDeps } from './analyser.deps.js';
import type { FirstPassAnalysis } from './analysis.types.js';
import { extractKeyphrases, topicOf } from './keyphrases.js';
import { detectLanguage } from './language.detector.js';
import { round, sentimentFromScore } from './sentiment.lexicon.js';

export function analyseFirstPass(text: string, { nlp, classifier }: Pick<AnalyserDeps, 'nlp' | 'classifier'>): FirstPassAnalysis {
  const parsed = nlp.parse(text);
  const keywords = extractKeyphrases(parsed.tokens, parsed.nlpText);
  const hasLetters = /\p{L}/u.test(parsed.nlpText);
  const topic = topicOf(keywords, hasLetters ? 'unspecified topic' : 'empty document');
  // Without a single word there is no evidence for any type: answer the uninformed prior.
  const prediction = hasLetters ? classifier.classify(text) : undefined;
  return {
    topic,
    keywords,
    sentiment: sentimentFromScore(parsed.sentiment),
    detectedType: prediction?.kind ?? 'general',
    typeConfidence: round(prediction?.probability ?? 0.25, 4),
    language: detectLanguage(text).code,
  };
}
