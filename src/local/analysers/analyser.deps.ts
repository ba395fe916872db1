/** What every analyser is given: the shared NLP engine, the classifier and the version string. */
import type { DocTypeClassifier } from '../../detection/doc-type.classifier.js';
import type { SentimentModel } from './financial-sentiment.model.js';
import type { NlpEngine } from './nlp.engine.js';

export interface AnalyserDeps {
  nlp: NlpEngine;
  classifier: DocTypeClassifier;
  /** The trained financial-sentiment model (financial-sentiment.model.ts). */
  sentimentModel: SentimentModel;
  version: string;
}
