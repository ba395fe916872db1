/** What every analyser is given: the shared NLP engine, the classifier and the version string. */
import type { DocTypeClassifier } from '../../detection/doc-type.classifier.js';
import type { NlpEngine } from './nlp.engine.js';

export interface AnalyserDeps {
  nlp: NlpEngine;
  classifier: DocTypeClassifier;
  version: string;
}
